import type { LadderStepOut, StepAction } from '../../../shared/escalations.js';
import type { Role } from '../../../shared/roles.js';

/**
 * The ladder editor's pure rules: rows as typed, moved and removed; the body the server gets;
 * and the server's field errors ("steps.2.windowMinutes") placed by the step they belong to.
 */

export type WhoKind = 'role' | 'user' | 'directory' | 'none';

export interface StepRow {
  /** A stable key for React while rows move. */
  key: string;
  label: string;
  action: StepAction;
  whoKind: WhoKind;
  role: Role | '';
  userId: string;
  directoryEntryId: string;
  windowMinutes: string;
  phone: string;
}

let counter = 0;
const nextKey = () => `step-${++counter}`;

export function rowFromStep(step: Pick<LadderStepOut, 'label' | 'action' | 'who' | 'windowMinutes' | 'phone'>): StepRow {
  const who = step.who;
  return {
    key: nextKey(),
    label: step.label,
    action: step.action,
    whoKind: who.kind,
    role: who.kind === 'role' ? who.role : '',
    userId: who.kind === 'user' ? who.userId : '',
    directoryEntryId: who.kind === 'directory' ? who.directoryEntryId : '',
    windowMinutes: String(step.windowMinutes),
    phone: step.phone ?? '',
  };
}

export const blankRow = (): StepRow => ({ key: nextKey(), label: '', action: 'phone', whoKind: 'role', role: 'shift_lead', userId: '', directoryEntryId: '', windowMinutes: '10', phone: '' });

export function moveRow<T>(rows: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (to < 0 || to >= rows.length) return [...rows];
  const out = [...rows];
  [out[index], out[to]] = [out[to]!, out[index]!];
  return out;
}

/** What the server gets. A window that is not a whole number goes as typed, so the server explains it by the step. */
export function stepsBody(rows: readonly StepRow[]): unknown[] {
  return rows.map((r) => {
    const who =
      r.whoKind === 'role' ? { kind: 'role', role: r.role } : r.whoKind === 'user' ? { kind: 'user', userId: r.userId } : r.whoKind === 'directory' ? { kind: 'directory', directoryEntryId: r.directoryEntryId } : { kind: 'none' };
    const minutes = r.windowMinutes.trim();
    return {
      label: r.label,
      action: r.action,
      who,
      windowMinutes: /^-?\d+$/.test(minutes) ? Number(minutes) : minutes,
      ...(r.phone.trim() ? { phone: r.phone.trim() } : {}),
    };
  });
}

/**
 * The server's field paths, folded onto the fields the editor shows: anything under `steps.N.who`
 * goes by the step's "who"; an error on a whole step (`steps.N`) is shown at the top of that step.
 */
export function stepFieldName(path: string): string {
  const bare = path.replace(/^body\./, '');
  const who = /^steps\.(\d+)\.who(\..*)?$/.exec(bare);
  if (who) return `steps.${who[1]}.who`;
  return bare;
}

export function ladderErrorFields(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    const name = stepFieldName(path);
    if (!(name in out)) out[name] = message;
  }
  return out;
}

/** Checks before sending; the server checks everything again. */
export function ladderChecks(rows: readonly StepRow[]): Record<string, string | false> {
  const checks: Record<string, string | false> = { steps: rows.length === 0 && 'A ladder needs at least one step' };
  rows.forEach((r, i) => {
    checks[`steps.${i}.label`] = !r.label.trim() && 'Say what this step is';
    const m = r.windowMinutes.trim();
    checks[`steps.${i}.windowMinutes`] = (!/^-?\d+$/.test(m) && 'Enter whole minutes') || (Number(m) < 1 && 'Give each step at least a minute');
    checks[`steps.${i}.who`] =
      (r.whoKind === 'role' && !r.role && 'Choose a role') || (r.whoKind === 'user' && !r.userId && 'Choose a person') || (r.whoKind === 'directory' && !r.directoryEntryId && 'Choose a directory entry');
  });
  return checks;
}
