import { z } from 'zod';
import { noNul, NUL_MESSAGE } from './text.js';
import { Version } from './admin.js';

/**
 * The reflective practice journal (issue 7): private to its author. Entries are encrypted at
 * rest under a key only the author can open (with their password, or the recovery code shown
 * once at setup), so neither managers nor database administrators can read them.
 * docs/wellbeing.md ("Reflective journal") says how; every route is under /api/v1/me/journal.
 */

export const JOURNAL_TITLE_MAX = 200;
export const JOURNAL_WORDS_MAX = 20_000;

/** The account password, to set up, unlock or re-open the journal. Not trimmed: spaces count. */
const Password = z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(200, 'Enter your password');

export const JournalSetup = z.strictObject({ password: Password });
export type JournalSetup = z.infer<typeof JournalSetup>;

export const JournalUnlock = z.strictObject({ password: Password });
export type JournalUnlock = z.infer<typeof JournalUnlock>;

/** Opening with the recovery code, after a password reset: the current password re-wraps the key. */
export const JournalRecover = z.strictObject({
  recoveryCode: z.string({ error: 'Enter your recovery code' }).trim().min(1, 'Enter your recovery code').max(60, 'Enter the recovery code as it was shown, like 7KQ2-M9XD-4HTA-PW3C-88RZ').refine(noNul, NUL_MESSAGE),
  password: Password,
});
export type JournalRecover = z.infer<typeof JournalRecover>;

/** Deleting the whole journal (entries and key): the worker confirms it in so many words. */
export const JournalDelete = z.strictObject({
  confirm: z.literal(true, { error: 'Tick the box to confirm you want to delete your whole journal' }),
});
export type JournalDelete = z.infer<typeof JournalDelete>;

export const JournalNoBody = z.strictObject({}).nullish();

export const JournalEntryInput = z.strictObject({
  title: z.string().trim().max(JOURNAL_TITLE_MAX, `Keep the title to ${JOURNAL_TITLE_MAX} characters or fewer`).refine(noNul, NUL_MESSAGE).nullable().optional(),
  words: z.string({ error: 'Write something to save' }).trim().min(1, 'Write something to save').max(JOURNAL_WORDS_MAX, `Keep an entry to ${JOURNAL_WORDS_MAX.toLocaleString('en-GB')} characters or fewer`).refine(noNul, NUL_MESSAGE),
  /** "To bring to the group": kept in clear so the author can filter by it; the words never are. */
  forGroup: z.boolean().optional(),
});
export type JournalEntryInput = z.infer<typeof JournalEntryInput>;

export const JournalEntryUpdate = JournalEntryInput.extend({ version: Version });
export type JournalEntryUpdate = z.infer<typeof JournalEntryUpdate>;

export const JournalEntryParams = z.object({ entryId: z.string().max(64).regex(/^[A-Za-z0-9_-]+$/, 'This is not a valid reference') });

export const JournalEntriesQuery = z.strictObject({ forGroup: z.enum(['true', 'false']).optional() });

export const JournalExportQuery = z.strictObject({ format: z.enum(['json', 'text']).optional() });

/**
 * Where the journal stands for this person and session:
 * - not_set_up: no journal yet;
 * - locked: set up, not open in this session (the password, or the recovery code, opens it);
 * - unlocked: open in this session.
 * `needsRecovery`: the password changed without the journal knowing (an administrator reset
 * it), so only the recovery code opens it now.
 */
export const JournalStatus = z.object({
  state: z.enum(['not_set_up', 'locked', 'unlocked']),
  needsRecovery: z.boolean(),
  entryCount: z.number().int(),
  createdAt: z.string().nullable(),
});
export type JournalStatus = z.infer<typeof JournalStatus>;

export const JournalSetupOut = z.object({
  status: JournalStatus,
  /** Shown once, never again: the worker keeps it safe. */
  recoveryCode: z.string(),
});
export type JournalSetupOut = z.infer<typeof JournalSetupOut>;

export const JournalEntryOut = z.object({
  id: z.string(),
  title: z.string().nullable(),
  words: z.string(),
  forGroup: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type JournalEntryOut = z.infer<typeof JournalEntryOut>;

export const JournalEntriesOut = z.object({
  entries: z.array(JournalEntryOut),
  /** Entries that could not be opened with this key (should be none); their words are not shown. */
  unreadable: z.number().int(),
});
export type JournalEntriesOut = z.infer<typeof JournalEntriesOut>;

export const JournalExportOut = z.object({
  exportedAt: z.string(),
  entries: z.array(JournalEntryOut),
});
export type JournalExportOut = z.infer<typeof JournalExportOut>;
