import { z } from 'zod';
import { noNul, NUL_MESSAGE } from './text.js';
import { RecordId, Version } from './admin.js';
import { Moment } from './contacts.js';

/**
 * Lone working (issue 6): a worker going out alone starts a visit — where, when they expect
 * to be done, and which colleague is their contact. Timers run on the server, so reminders
 * and alerts happen even if the worker's phone is off. docs/lone-working.md says what fires when.
 *
 * Every reply a worker's device gets shows a visit ended with a safety (duress) code exactly
 * as a cancelled one: `endKind` is never 'duress' here. Only the silent alert says so.
 */

/** The longest visit a timer can be set for (extend it to go on). */
export const MAX_VISIT_HOURS = 12;

export const VisitStart = z.strictObject({
  /** Where the worker is going: an address or a description, as they write it. */
  location: z.string().trim().min(1, 'Say where you are going').max(300, 'Keep this to 300 characters or fewer').refine(noNul, NUL_MESSAGE),
  /** When they expect to be done (in the future, at most 12 hours ahead). */
  expectedEndAt: Moment,
  /** The colleague who is their contact for this visit (staff of this service). */
  contactUserId: RecordId,
  /** The person they are visiting, if the visit is about someone the service supports. */
  personId: RecordId.nullable().optional(),
});
export type VisitStart = z.infer<typeof VisitStart>;

export const VisitExtend = z.strictObject({
  version: Version,
  expectedEndAt: Moment,
});
export type VisitExtend = z.infer<typeof VisitExtend>;

/** Check in and end take no body; an empty JSON object is fine. */
export const VisitNoBody = z.strictObject({}).nullish();

export const VisitCancel = z.strictObject({
  /** What the worker typed to confirm the cancel (the screen asks them to type their code). */
  confirmation: z.string().trim().min(1, 'Type your code to confirm').max(40, 'Keep this to 40 characters or fewer').refine(noNul, NUL_MESSAGE),
});
export type VisitCancel = z.infer<typeof VisitCancel>;

export const HelpNow = z.strictObject({
  /** The visit the worker is on, if any. */
  visitId: RecordId.nullable().optional(),
});
export type HelpNow = z.infer<typeof HelpNow>;

export const DuressCodeSet = z.strictObject({
  code: z.string().trim().regex(/^[0-9]{4,8}$/, 'Use 4 to 8 numbers'),
});
export type DuressCodeSet = z.infer<typeof DuressCodeSet>;

export const DuressCodeOut = z.object({ set: z.boolean(), updatedAt: z.string().nullable() });
export type DuressCodeOut = z.infer<typeof DuressCodeOut>;

export const VISIT_STAGE_NAMES = ['reminder', 'due', 'worker_nudge', 'lead_alert', 'escalate'] as const;

export const VisitOut = z.object({
  id: z.string(),
  serviceId: z.string(),
  workerUserId: z.string(),
  workerName: z.string(),
  location: z.string(),
  personId: z.string().nullable(),
  contactUserId: z.string().nullable(),
  contactName: z.string().nullable(),
  startedAt: z.string(),
  expectedEndAt: z.string(),
  checkedInAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** How it ended; a visit ended with a safety code shows as 'cancelled'. */
  endKind: z.enum(['checked_out', 'cancelled']).nullable(),
  status: z.enum(['active', 'ended']),
  /** Past its expected end without a check-in. */
  overdue: z.boolean(),
  /** What the server does next and when, for the countdown (null once ended or all done). */
  next: z.object({ stage: z.enum(VISIT_STAGE_NAMES), at: z.string() }).nullable(),
  version: z.number(),
});
export type VisitOut = z.infer<typeof VisitOut>;

export const VisitReply = z.object({ visit: VisitOut });
export type VisitReply = z.infer<typeof VisitReply>;
export const VisitsOut = z.object({ visits: z.array(VisitOut) });
export type VisitsOut = z.infer<typeof VisitsOut>;

export const HelpNowReply = z.object({
  alertId: z.string(),
  raisedAt: z.string(),
  /** How many people were told in Alongside (0: nobody could be; call 999 if you are in danger). */
  peopleTold: z.number(),
});
export type HelpNowReply = z.infer<typeof HelpNowReply>;
