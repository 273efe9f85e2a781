/** Checks on a new safety code before it is sent (the server checks again). */
export function safetyCodeProblem(code: string, again: string): Record<string, string | false> {
  const c = code.trim();
  return {
    code: (!c && 'Enter a safety code') || (!/^[0-9]{4,8}$/.test(c) && 'Use 4 to 8 numbers'),
    again: Boolean(c) && /^[0-9]{4,8}$/.test(c) && c !== again.trim() && 'The two codes are not the same. Type it again',
  };
}
