import { z } from 'zod';

/**
 * Free text as every form takes it: trimmed, at most `max` characters, and without NUL
 * characters (PostgreSQL refuses them in text, SQLite would keep them: both engines must agree).
 */
export const noNul = (v: string) => !v.includes('\u0000');
export const NUL_MESSAGE = 'Remove the unusual characters from this';

/** Text that must be given: `empty` is what to say when it is not. */
export const text = (max: number, empty = 'Enter this') =>
  z.string().trim().min(1, empty).max(max, `Keep this to ${max} characters or fewer`).refine(noNul, NUL_MESSAGE);

/** Text that may be empty. */
export const words = (max: number) => z.string().trim().max(max, `Keep this to ${max} characters or fewer`).refine(noNul, NUL_MESSAGE);
