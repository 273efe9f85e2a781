/** The one error shape every API reply uses: `{ error: { code, message, fields? } }`. */
export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string>; [extra: string]: unknown };
}

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    /** Extra, non-personal data for the client (e.g. both versions on a conflict). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}), ...this.extra } };
  }
}

export const badRequest = (message: string, fields?: Record<string, string>) =>
  new AppError(400, 'invalid_input', message, fields);
export const unauthorised = (message = 'Please sign in.') => new AppError(401, 'not_signed_in', message);
export const forbidden = (message = 'You do not have access to this.') => new AppError(403, 'forbidden', message);
/** Also used for records of another organisation, so their existence is not revealed. */
export const notFound = (what = 'That record') => new AppError(404, 'not_found', `${what} was not found.`);
export const conflict = (message: string, extra?: Record<string, unknown>, fields?: Record<string, string>) =>
  new AppError(409, 'conflict', message, fields, extra);

/** A stale edit: the client sent an old version; both versions go back so the person can merge. */
export const staleVersion = (current: unknown, submitted: unknown) =>
  new AppError(409, 'stale_version', 'Someone else saved a change while you were editing. Compare both versions and save again.', undefined, {
    current,
    submitted,
  });
