/** "3 people of a maximum of 5", "1 person", "No one yet". */
export function describeCaseload(count: number, max: number | null): string {
  const people = count === 0 ? 'No one' : count === 1 ? '1 person' : `${count} people`;
  return max == null ? people : `${people} of a maximum of ${max}`;
}

/** The caseload maximum box: empty means no maximum; otherwise a whole number from 1 to 200. */
export function caseloadMaxInput(input: string): { ok: true; value: number | null } | { ok: false; error: string } {
  const v = input.trim();
  if (v === '') return { ok: true, value: null };
  if (!/^\d+$/.test(v)) return { ok: false, error: 'Enter a whole number, or leave it empty for no maximum' };
  const n = Number(v);
  if (n < 1) return { ok: false, error: 'Use at least 1' };
  if (n > 200) return { ok: false, error: 'Use 200 or fewer' };
  return { ok: true, value: n };
}
