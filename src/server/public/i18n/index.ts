import { en } from './en.js';
import { pl } from './pl.js';
import { ur } from './ur.js';
import { LANGS, type HelpText, type Lang } from './types.js';

export { LANGS, type HelpText, type Lang } from './types.js';

/** Each language in its own module; English is also the fallback for an unknown ?lang=. */
export const TEXTS: Record<Lang, HelpText> = { en, ur, pl };

export const langOf = (value: unknown): Lang => (typeof value === 'string' && (LANGS as readonly string[]).includes(value) ? (value as Lang) : 'en');
