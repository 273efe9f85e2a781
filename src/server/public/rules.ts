import type { FieldName, FieldProblem } from './i18n/types.js';

/**
 * The call back form, read from a plain form post (application/x-www-form-urlencoded).
 * Pure: fields in, values and problems out. Nothing is trimmed to fit: a field that is
 * too long is refused with a clear message, so nothing is lost without the person knowing.
 */
export const FIELD_LIMITS: Record<FieldName, { min: number; max: number; required: boolean }> = {
  name: { min: 1, max: 60, required: true },
  reach: { min: 3, max: 120, required: true },
  time: { min: 0, max: 60, required: false },
  message: { min: 0, max: 1000, required: false },
};
export const FIELD_NAMES = Object.keys(FIELD_LIMITS) as FieldName[];
/** The honeypot: hidden from people (and from screen readers), so only a robot fills it in. */
export const HONEYPOT = 'website';
const KNOWN = new Set<string>([...FIELD_NAMES, HONEYPOT, 'token', 'lang']);

export type CallbackValues = Record<FieldName, string>;
export interface ParsedForm {
  values: CallbackValues;
  problems: Partial<Record<FieldName, FieldProblem>>;
  token: string | undefined;
  lang: string | undefined;
  honeypot: boolean;
  /** A field sent twice, or one the form does not have. */
  malformed: boolean;
}

/** Control characters (other than tab and new lines) have no place in these fields; PostgreSQL refuses NUL. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const clean = (value: string, multiline: boolean): string => {
  const text = value.replace(CONTROL, '').replace(/\r\n?/g, '\n');
  return (multiline ? text : text.replace(/\s+/g, ' ')).trim();
};

export function parseCallbackForm(body: URLSearchParams): ParsedForm {
  let malformed = false;
  const seen = new Set<string>();
  for (const key of body.keys()) {
    if (!KNOWN.has(key) || seen.has(key)) malformed = true;
    seen.add(key);
  }
  const one = (key: string): string | undefined => body.get(key) ?? undefined;
  const values = {} as CallbackValues;
  const problems: ParsedForm['problems'] = {};
  for (const name of FIELD_NAMES) {
    const limit = FIELD_LIMITS[name];
    const value = clean(one(name) ?? '', name === 'message');
    values[name] = value;
    // Characters as a person counts them (an emoji is one), not UTF-16 units.
    const length = [...value].length;
    if (length === 0) {
      if (limit.required) problems[name] = 'required';
    } else if (length > limit.max) problems[name] = 'too_long';
    else if (length < limit.min) problems[name] = 'too_short';
  }
  return { values, problems, token: one('token'), lang: one('lang'), honeypot: (one(HONEYPOT) ?? '') !== '', malformed };
}
