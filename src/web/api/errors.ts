/** The server's one error shape, and pure helpers that turn it into what a form shows. */
export interface ErrorPayload {
  code: string;
  message: string;
  fields?: Record<string, string>;
  [extra: string]: unknown;
}

export class ApiError extends Error {
  readonly code: string;
  readonly fields: Record<string, string>;
  constructor(
    readonly status: number,
    readonly payload: ErrorPayload,
  ) {
    super(payload.message);
    this.code = payload.code;
    this.fields = payload.fields ?? {};
  }
}

export interface FormError {
  /** The id of the field to link to from the error summary, when there is one. */
  href?: string;
  text: string;
}

export interface FormErrors {
  /** Shown in the error summary, in the order of the form. */
  summary: FormError[];
  /** Inline messages by field name. */
  fields: Record<string, string>;
}

export const noErrors: FormErrors = { summary: [], fields: {} };

/**
 * Maps a server field path ("memberships.0.serviceId", "weekly.monday.1.opens") to a form field name,
 * using `aliases` for names that differ in the form (an alias ending in "." renames a prefix),
 * and keeps the order of `order`.
 */
export function fieldErrorsFromApi(
  fields: Record<string, string>,
  order: readonly string[] = [],
  aliases: Record<string, string> = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    const bare = path.replace(/^body\./, '');
    const prefix = Object.keys(aliases).find((a) => a.endsWith('.') && bare.startsWith(a));
    const key = aliases[bare] ?? (prefix ? `${aliases[prefix]}${bare.slice(prefix.length)}` : bare);
    if (!(key in out)) out[key] = message;
  }
  const rank = (k: string) => {
    const i = order.findIndex((o) => k === o || k.startsWith(`${o}.`));
    return i === -1 ? order.length : i;
  };
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => rank(a) - rank(b)));
}

/** The DOM id a field name gets, so summary links and inputs agree. */
export const fieldId = (name: string): string => `field-${name.replace(/[^a-zA-Z0-9_-]+/g, '-')}`;

const FRIENDLY: Record<string, string> = {
  offline: 'We could not reach Alongside. Check your connection and try again.',
  rate_limited: 'There have been a lot of requests. Please wait a moment and try again.',
  server_error: 'Something went wrong on our side. It has been noted; please try again.',
  forbidden: 'You do not have access to this. If you think you should, ask your service manager.',
  not_found: 'We could not find that. It may have been removed, or the link may be out of date.',
  csrf: 'This page was open for a long time, so we need you to reload it before saving.',
};

/** Everything a form needs to show after a failed request: summary entries with links, inline messages. */
export function formErrorsFrom(error: unknown, order: readonly string[] = [], aliases: Record<string, string> = {}): FormErrors {
  if (!(error instanceof ApiError)) {
    return { summary: [{ text: FRIENDLY.server_error as string }], fields: {} };
  }
  const fields = fieldErrorsFromApi(error.fields, order, aliases);
  const summary: FormError[] = Object.entries(fields).map(([name, text]) => ({ href: `#${fieldId(name)}`, text }));
  if (summary.length === 0) summary.push({ text: messageFor(error) });
  return { summary, fields };
}

/** A plain sentence for an error with no fields. */
export function messageFor(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code in FRIENDLY && (error.status === 0 || error.status >= 500 || error.code === 'csrf' || error.code === 'forbidden')) {
      return FRIENDLY[error.code] as string;
    }
    return error.message || (FRIENDLY.server_error as string);
  }
  return FRIENDLY.server_error as string;
}

/** Client-side checks, in one shape: returns FormErrors from a map of field → message (empty when fine). */
export function formErrorsFromChecks(checks: Record<string, string | false | undefined | null>): FormErrors {
  const fields: Record<string, string> = {};
  for (const [name, message] of Object.entries(checks)) if (message) fields[name] = message;
  return { summary: Object.entries(fields).map(([name, text]) => ({ href: `#${fieldId(name)}`, text })), fields };
}

export const hasErrors = (e: FormErrors): boolean => e.summary.length > 0;
