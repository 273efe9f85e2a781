import { z } from 'zod';
import { words as ownWords } from './text.js';
import { RecordId } from './admin.js';

/**
 * Staff wellbeing (issue 7): shift check-ins and check-outs, a personal wellbeing plan for
 * work, and sharing one entry or the plan with one named colleague. Everything here is
 * private to the worker who wrote it unless they share it; docs/wellbeing.md explains.
 */

/** The simple scale, in plain words: 1 is the hardest, 5 the best. */
export const SCALE_LABELS: Record<1 | 2 | 3 | 4 | 5, string> = {
  1: 'Really struggling',
  2: 'Finding it hard',
  3: 'Getting by',
  4: 'Doing OK',
  5: 'Really good',
};
export const scaleLabel = (scale: number | null | undefined): string | null => (scale && scale >= 1 && scale <= 5 ? SCALE_LABELS[scale as 1] : null);

export const CHECKIN_KINDS = ['check_in', 'check_out'] as const;
export type CheckinKind = (typeof CHECKIN_KINDS)[number];
export const CHECKIN_KIND_LABELS: Record<CheckinKind, string> = { check_in: 'Check-in', check_out: 'Check-out' };

export const WORDS_MAX = 1000;

export const CheckinCreate = z
  .strictObject({
    kind: z.enum(CHECKIN_KINDS, { error: 'Say whether you are starting or finishing' }),
    scale: z.number({ error: 'Choose how you are, from 1 to 5' }).int('Choose how you are, from 1 to 5').min(1, 'Choose how you are, from 1 to 5').max(5, 'Choose how you are, from 1 to 5').nullable().optional(),
    words: ownWords(WORDS_MAX).nullable().optional(),
    /** The worker's own "it was a hard shift". */
    hardShift: z.boolean().optional(),
    /** The service the shift was in, when the worker says (one of theirs). */
    serviceId: RecordId.nullable().optional(),
    /** The answer to a gentle second question: the first answer's id. */
    followsUpId: RecordId.nullable().optional(),
  })
  .refine((v) => v.scale != null || (v.words ?? '').length > 0 || v.hardShift === true, {
    message: 'Choose a number, write a few words, or tick "it was a hard shift"',
    path: ['scale'],
  });
export type CheckinCreate = z.infer<typeof CheckinCreate>;

export const ShareSummary = z.object({
  id: z.string(),
  sharedWithUserId: z.string(),
  sharedWithName: z.string(),
  serviceId: z.string(),
  createdAt: z.string(),
});
export type ShareSummary = z.infer<typeof ShareSummary>;

export const CheckinOut = z.object({
  id: z.string(),
  kind: z.enum(CHECKIN_KINDS),
  scale: z.number().nullable(),
  scaleLabel: z.string().nullable(),
  words: z.string().nullable(),
  hardShift: z.boolean(),
  serviceId: z.string().nullable(),
  serviceName: z.string().nullable(),
  followsUpId: z.string().nullable(),
  askedAgain: z.boolean(),
  createdAt: z.string(),
  /** Who the owner has shared this entry with, now (empty for anyone else reading it). */
  shares: z.array(ShareSummary),
});
export type CheckinOut = z.infer<typeof CheckinOut>;

export const AskAgain = z.object({
  /** The gentle second question, in our words. */
  prompt: z.string(),
  /** Send the answer with `followsUpId` set to this. */
  followsUpId: z.string(),
});
export type AskAgain = z.infer<typeof AskAgain>;

export const CheckinReply = z.object({ checkin: CheckinOut, askAgain: AskAgain.nullable() });
export type CheckinReply = z.infer<typeof CheckinReply>;

export const CheckinsQuery = z.strictObject({
  /** Entries older than this one (the `nextBefore` of the previous page). */
  before: RecordId.optional(),
  limit: z.coerce.number().int().min(1, 'Use at least 1').max(100, 'Use 100 or fewer').default(20),
});
export type CheckinsQuery = z.infer<typeof CheckinsQuery>;

export const CheckinsOut = z.object({ checkins: z.array(CheckinOut), nextBefore: z.string().nullable() });
export type CheckinsOut = z.infer<typeof CheckinsOut>;

// ---- wellbeing plan -------------------------------------------------------------------

export const PLAN_SECTIONS = ['keepsMeWell', 'makesItHarder', 'earlySigns', 'teamCanHelp', 'adjustments'] as const;
export type PlanSection = (typeof PLAN_SECTIONS)[number];

/** Headings and hints in our own words. */
export const PLAN_SECTION_TEXT: Record<PlanSection, { title: string; hint: string }> = {
  keepsMeWell: { title: 'What keeps me well at work', hint: 'Things in and around your working day that help you stay steady.' },
  makesItHarder: { title: 'What can make things harder', hint: 'Situations, times or pressures that tend to wear you down.' },
  earlySigns: { title: 'Early signs others might notice', hint: 'What colleagues might see when things are getting on top of you.' },
  teamCanHelp: { title: 'What I would like my team to do', hint: 'How you would like people to check in or help when they notice those signs.' },
  adjustments: { title: 'Reasonable adjustments I have agreed', hint: 'Anything agreed with your manager about how you work.' },
};

export const PLAN_SECTION_MAX = 2000;

export const PlanSections = z.strictObject(
  Object.fromEntries(PLAN_SECTIONS.map((k) => [k, ownWords(PLAN_SECTION_MAX).default('')])) as Record<PlanSection, z.ZodDefault<ReturnType<typeof ownWords>>>,
);
export type PlanSections = z.infer<typeof PlanSections>;

export const WellbeingPlanPut = z.strictObject({
  /** The version you started from: 0 when you have no plan yet. */
  version: z.number({ error: 'Send the version you started editing from' }).int().min(0).max(2_147_483_647),
  sections: PlanSections,
});
export type WellbeingPlanPut = z.infer<typeof WellbeingPlanPut>;

export const WellbeingPlanOut = z.object({
  /** null until the worker first saves it. */
  id: z.string().nullable(),
  sections: z.object(Object.fromEntries(PLAN_SECTIONS.map((k) => [k, z.string()])) as Record<PlanSection, z.ZodString>),
  version: z.number(),
  updatedAt: z.string().nullable(),
  shares: z.array(ShareSummary),
});
export type WellbeingPlanOut = z.infer<typeof WellbeingPlanOut>;

// ---- sharing --------------------------------------------------------------------------

export const ShareCreate = z.strictObject({
  /** One named colleague who shares a service with you (your lead, manager, senior peer or supervisor). */
  sharedWithUserId: RecordId,
});
export type ShareCreate = z.infer<typeof ShareCreate>;

export const ShareOut = z.object({ share: ShareSummary });
export type ShareOut = z.infer<typeof ShareOut>;

export const ShareCandidate = z.object({
  userId: z.string(),
  displayName: z.string(),
  /** The service through which you may share with them. */
  serviceId: z.string(),
  /** Why they are listed: "Shift lead at North Safe Haven", "Your peer supervisor". */
  reasons: z.array(z.string()),
});
export type ShareCandidate = z.infer<typeof ShareCandidate>;
export const ShareCandidatesOut = z.object({ candidates: z.array(ShareCandidate) });
export type ShareCandidatesOut = z.infer<typeof ShareCandidatesOut>;

export const SharedWithMeItem = z.object({
  shareId: z.string(),
  subjectType: z.enum(['checkin', 'plan']),
  ownerUserId: z.string(),
  ownerName: z.string(),
  sharedAt: z.string(),
});
export type SharedWithMeItem = z.infer<typeof SharedWithMeItem>;
export const SharedWithMeOut = z.object({ items: z.array(SharedWithMeItem) });
export type SharedWithMeOut = z.infer<typeof SharedWithMeOut>;

export const SharedItemOut = z.object({
  item: SharedWithMeItem,
  checkin: CheckinOut.nullable(),
  plan: WellbeingPlanOut.nullable(),
});
export type SharedItemOut = z.infer<typeof SharedItemOut>;
