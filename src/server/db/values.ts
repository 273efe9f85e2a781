import { v7 as uuidv7 } from 'uuid';
import type { Flag } from './tables.js';

/** A new UUIDv7: time-ordered, so it indexes well and can be made offline by a client. */
export const newId = (): string => uuidv7();

/** The current time as UTC ISO-8601 text, the only way times are stored. */
export const nowIso = (clock: () => number = Date.now): string => new Date(clock()).toISOString();

export const flag = (value: Flag | number | boolean | null | undefined): boolean => value === 1 || value === true;
export const toFlag = (value: boolean): Flag => (value ? 1 : 0);

export function json<T>(text: string | null | undefined, fallback: T): T {
  if (text == null || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export const isUuid = (value: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
