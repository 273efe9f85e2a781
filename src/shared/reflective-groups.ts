import { z } from 'zod';
import { noNul, NUL_MESSAGE } from './text.js';
import { RecordId, Version } from './admin.js';
import { isCalendarDate } from './people.js';

/**
 * Reflective practice groups (issue 7): sessions run by a team (or the whole service when it
 * has no teams), with a facilitator who is a senior peer or manager of the service, who came,
 * the themes and the learning. Group notes never identify anyone the service supports: the
 * server looks for NHS numbers, phone numbers and names from the records before saving.
 */

export const GROUP_TEXT_MAX = 4000;
export const GROUP_ATTENDEES_MAX = 60;

const Notes = z.string().trim().max(GROUP_TEXT_MAX, `Keep this to ${GROUP_TEXT_MAX.toLocaleString('en-GB')} characters or fewer`).refine(noNul, NUL_MESSAGE);

export const GroupDate = z
  .string({ error: 'Enter the date of the session' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date like 2026-03-14')
  .refine(isCalendarDate, 'Enter a real date')
  .refine((v) => v >= '2000-01-01', 'Enter a date after 2000');

export const GroupSessionInput = z.strictObject({
  /** The team whose session it is; null for a service-wide session. */
  teamId: RecordId.nullable().optional(),
  facilitatorId: RecordId,
  heldOn: GroupDate,
  attendeeIds: z.array(RecordId).max(GROUP_ATTENDEES_MAX, `Record at most ${GROUP_ATTENDEES_MAX} people`).optional(),
  themes: Notes.nullable().optional(),
  learning: Notes.nullable().optional(),
  /**
   * After a warning about a phone number or a name, the facilitator checked and says it is not
   * about anyone the service supports. An NHS number is never accepted.
   */
  confirmNoIdentifiers: z.boolean().optional(),
});
export type GroupSessionInput = z.infer<typeof GroupSessionInput>;

export const GroupSessionUpdate = GroupSessionInput.extend({ version: Version });
export type GroupSessionUpdate = z.infer<typeof GroupSessionUpdate>;

export const GroupSessionParams = z.object({
  serviceId: z.string().max(64).regex(/^[A-Za-z0-9_-]+$/, 'This is not a valid reference'),
  sessionId: z.string().max(64).regex(/^[A-Za-z0-9_-]+$/, 'This is not a valid reference'),
});

export const GroupPersonOut = z.object({ id: z.string(), name: z.string() });
export type GroupPersonOut = z.infer<typeof GroupPersonOut>;

export const GroupSessionOut = z.object({
  id: z.string(),
  serviceId: z.string(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  facilitator: GroupPersonOut,
  heldOn: z.string(),
  /** The date is still to come: a planned session (no attendance or learning yet). */
  planned: z.boolean(),
  attendees: z.array(GroupPersonOut),
  themes: z.string().nullable(),
  learning: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  /** The signed-in person may edit it (its facilitator, or a manager of the service). */
  canEdit: z.boolean(),
});
export type GroupSessionOut = z.infer<typeof GroupSessionOut>;

export const GroupSessionsOut = z.object({ sessions: z.array(GroupSessionOut) });
export type GroupSessionsOut = z.infer<typeof GroupSessionsOut>;

/** What the session form needs: the service's teams, its staff, and who may facilitate. */
export const GroupOptionsOut = z.object({
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  staff: z.array(GroupPersonOut.extend({ canFacilitate: z.boolean() })),
  canRecord: z.boolean(),
});
export type GroupOptionsOut = z.infer<typeof GroupOptionsOut>;

/** A warning found in the notes: only the words the writer typed, and where. */
export const IdentifierFindingOut = z.object({
  field: z.enum(['themes', 'learning']),
  kind: z.enum(['nhs_number', 'phone', 'name']),
  text: z.string(),
  start: z.number().int(),
  end: z.number().int(),
});
export type IdentifierFindingOut = z.infer<typeof IdentifierFindingOut>;
