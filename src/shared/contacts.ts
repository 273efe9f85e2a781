import { z } from 'zod';
import { words } from './text.js';
import { RecordId, Version } from './admin.js';
import { DirectoryEntryId } from './directory/entries.js';

/**
 * Request and response contracts for crisis contacts, shifts and callback requests
 * (issue 3). Request bodies are strict (unknown fields are refused); texts are trimmed
 * and bounded. Times are ISO-8601 with an offset (the server stores them as UTC).
 * Edits carry the `version` the person started from (409 `stale_version` when stale).
 */

import {
  CALLBACK_STATUSES,
  CONTACT_KINDS,
  CONTACT_OUTCOMES,
  OTHERWISE_WOULD_HAVE,
  REFERRAL_SOURCES,
} from './contact-codes.js';

export * from './contact-codes.js';

export const ContactKind = z.enum(CONTACT_KINDS, { error: 'Choose how the person got in touch' });
export const ReferralSource = z.enum(REFERRAL_SOURCES, { error: 'Choose who suggested they come' });
export const ContactOutcome = z.enum(CONTACT_OUTCOMES, { error: 'Choose what happened in the end' });
export const OtherwiseWouldHave = z.enum(OTHERWISE_WOULD_HAVE, { error: 'Choose what the person might have done otherwise' });
export const CallbackStatus = z.enum(CALLBACK_STATUSES, { error: 'Choose where this call back is up to' });

/** A moment in time with its offset, like 2026-03-01T14:05:00Z. */
export const Moment = z.iso.datetime({ offset: true, error: 'Enter a date and time' });

// ---- contacts ----------------------------------------------------------------

export const ContactCreate = z.strictObject({
  /** Optional client-made id (UUID), so an offline or retried create is not doubled. */
  id: RecordId.optional(),
  kind: ContactKind,
  referralSource: ReferralSource,
  /** Only with referralSource 'other': where they were referred from, in a few words. */
  referralOther: words(200).optional(),
  /** A person of this organisation; leave out (or null) for an anonymous contact. */
  personId: RecordId.nullable().optional(),
  /** For an anonymous contact: how to recognise them on the board ("woman in green coat"). */
  displayLabel: words(80).optional(),
  /** Defaults to now; not in the future (5 minutes of clock difference allowed). */
  arrivedAt: Moment.optional(),
  /** Why they came, in their own words. */
  reason: words(4000).optional(),
  carersPresent: z.boolean().optional(),
  carersNote: words(2000).optional(),
  under16: z.boolean().optional(),
});
export type ContactCreate = z.infer<typeof ContactCreate>;

export const ContactPatch = z.strictObject({
  version: Version,
  firstSeenAt: Moment.nullable().optional(),
  /** Setting this needs an outcome (here or already stored). */
  leftAt: Moment.nullable().optional(),
  /** Staff with a role in this service; null: nobody yet. */
  workerUserId: RecordId.nullable().optional(),
  reason: words(4000).nullable().optional(),
  displayLabel: words(80).nullable().optional(),
  whatHelped: words(4000).nullable().optional(),
  outcome: ContactOutcome.nullable().optional(),
  outcomeDetail: words(2000).nullable().optional(),
  otherwiseWouldHave: OtherwiseWouldHave.nullable().optional(),
  carersPresent: z.boolean().optional(),
  carersNote: words(2000).nullable().optional(),
  /** The service directory entries the person was pointed to (ids of this organisation's entries; [] for none). */
  signpostedTo: z
    .array(DirectoryEntryId)
    .max(20, 'Choose 20 or fewer')
    .refine((ids) => new Set(ids).size === ids.length, 'Choose each entry once')
    .optional(),
});
export type ContactPatch = z.infer<typeof ContactPatch>;

export const ContactOut = z.object({
  id: z.string(),
  serviceId: z.string(),
  personId: z.string().nullable(),
  displayLabel: z.string().nullable(),
  /** Preferred name, or the label, or "Someone (anonymous)". */
  displayName: z.string(),
  anonymous: z.boolean(),
  kind: ContactKind,
  referralSource: ReferralSource,
  referralOther: z.string().nullable(),
  arrivedAt: z.string(),
  firstSeenAt: z.string().nullable(),
  leftAt: z.string().nullable(),
  workerUserId: z.string().nullable(),
  workerName: z.string().nullable(),
  reason: z.string().nullable(),
  whatHelped: z.string().nullable(),
  outcome: ContactOutcome.nullable(),
  outcomeDetail: z.string().nullable(),
  otherwiseWouldHave: OtherwiseWouldHave.nullable(),
  carersPresent: z.boolean(),
  carersNote: z.string().nullable(),
  /** Directory entries the person was signposted to (ids). */
  signpostedTo: z.array(z.string()),
  under16: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type ContactOut = z.infer<typeof ContactOut>;

/** Where the organisation points under-16s (set on the organisation page). */
export const Under16Service = z.object({ name: z.string().nullable(), phone: z.string().nullable() });
export type Under16Service = z.infer<typeof Under16Service>;

/**
 * Reply of create, read and edit. `under16Service` is set when the contact is marked
 * under 16 or the person's recorded age is under 16: the screen shows where to direct them.
 */
export const ContactReply = z.object({ contact: ContactOut, under16Service: Under16Service.nullable() });
export type ContactReply = z.infer<typeof ContactReply>;

export const ContactListQuery = z.strictObject({
  /** 'true': only people who have not left yet. */
  open: z.enum(['true', 'false']).optional(),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export type ContactListQuery = z.infer<typeof ContactListQuery>;

/** Newest arrival first; `nextCursor` is null on the last page. */
export const ContactsOut = z.object({ contacts: z.array(ContactOut), nextCursor: z.string().nullable() });
export type ContactsOut = z.infer<typeof ContactsOut>;

// ---- shifts ------------------------------------------------------------------

export const ShiftOut = z.object({
  id: z.string(),
  serviceId: z.string(),
  userId: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
});
export type ShiftOut = z.infer<typeof ShiftOut>;
/** POST .../shifts/start and .../shifts/end (your own shift; no body needed). `shift` is null when ending with none open. */
export const ShiftReply = z.object({ shift: ShiftOut.nullable() });
export type ShiftReply = z.infer<typeof ShiftReply>;

// ---- callback requests -------------------------------------------------------

export const CallbackOut = z.object({
  id: z.string(),
  serviceId: z.string(),
  name: z.string(),
  howToReach: z.string(),
  goodTime: z.string().nullable(),
  message: z.string().nullable(),
  status: CallbackStatus,
  handledBy: z.string().nullable(),
  handledByName: z.string().nullable(),
  contactId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type CallbackOut = z.infer<typeof CallbackOut>;

/** waiting → in_progress (you handle it) → done | could_not_reach; could_not_reach → in_progress to try again. */
export const CallbackPatch = z.strictObject({ version: Version, status: CallbackStatus });
export type CallbackPatch = z.infer<typeof CallbackPatch>;
export const CallbackReply = z.object({ callback: CallbackOut });
export type CallbackReply = z.infer<typeof CallbackReply>;
