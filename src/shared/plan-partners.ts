import { z } from 'zod';
import { noNul, NUL_MESSAGE } from './text.js';
import { DateOfBirth, NhsNumber } from './people.js';
import { AGREED_HOW, NATIONAL_LINES, PLAN_SECTION_KEYS, PlanContent } from './plans.js';

/**
 * Crisis plans seen by clinical partners (issue 5), emergency access without consent
 * ("break glass") and its review, and the FHIR export.
 *
 * Service routes (the role must be held in :serviceId, or across the organisation):
 *   GET  /api/v1/services/:serviceId/shared-plans                   plan.partner_read        → SharedPlansOut
 *        Plans shared with this service now (active shares), with the latest agreed version. Audited.
 *   GET  /api/v1/services/:serviceId/shared-plans/:shareId          plan.partner_read        → PartnerPlanOut
 *        Only the shared sections of the latest agreed version. A view and an audit event.
 *        A revoked or ended share answers 403 share_ended at once.
 *   POST /api/v1/services/:serviceId/break-glass                    plan.break_glass         → 201 BreakGlassOut
 *        Find one person by NHS number, or by full name and date of birth (exact match only),
 *        with a reason. Opens the whole latest agreed plan for config.planBreakGlassMs, tells
 *        every service manager of the service by email at once. 404 no_match when not exactly
 *        one person with an agreed plan matches (audited as a failure).
 *   GET  /api/v1/services/:serviceId/break-glass                    plan.break_glass         → BreakGlassGrantsOut (your own)
 *   GET  /api/v1/services/:serviceId/break-glass/:grantId           plan.break_glass         → PartnerPlanOut
 *        Reads the plan again while the access lasts (403 access_ended after). A view each time.
 *   GET  /api/v1/services/:serviceId/break-glass-reviews            plan.break_glass_review  → BreakGlassReviewsOut
 *        Every emergency access in the service, not yet reviewed first.
 *   POST /api/v1/services/:serviceId/break-glass-reviews/:grantId   plan.break_glass_review  → BreakGlassReviewOut
 *        Review with a note (409 already_reviewed; 403 own_access for your own).
 * Organisation route:
 *   GET  /api/v1/people/:personId/plan/fhir?version=N              plan.export              → FHIR R4 Bundle (collection)
 */

/** The staff screen where a service manager reviews emergency access (linked from the email). */
export const breakGlassReviewPath = (serviceId: string): string => `/app/services/${encodeURIComponent(serviceId)}/break-glass-reviews`;

// ---- what a partner sees -------------------------------------------------------------

export const PartnerPerson = z.object({
  id: z.string(),
  preferredName: z.string(),
  fullName: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  nhsNumber: z.string().nullable(),
});
export type PartnerPerson = z.infer<typeof PartnerPerson>;

export const SharedPlanSummary = z.object({
  shareId: z.string(),
  planId: z.string(),
  person: PartnerPerson,
  sections: z.array(z.enum(PLAN_SECTION_KEYS)),
  startsAt: z.string(),
  endsAt: z.string(),
  versionNumber: z.number().int(),
  agreedAt: z.string().nullable(),
});
export type SharedPlanSummary = z.infer<typeof SharedPlanSummary>;
export const SharedPlansOut = z.object({ plans: z.array(SharedPlanSummary) });
export type SharedPlansOut = z.infer<typeof SharedPlansOut>;

/** A service the plan names, from this organisation's directory: its number and hours now. */
export const PlanServiceLine = z.object({
  directoryEntryId: z.string(),
  /** false when the entry has been removed from the directory or is no longer running. */
  available: z.boolean(),
  name: z.string(),
  phones: z.array(z.object({ number: z.string(), label: z.string() })),
  /** "Open now until 22:00", "Closed now. Opens tomorrow at 10:00". */
  openingNow: z.string().nullable(),
  /** "Open today 10:00 to 22:00", "Closed today". */
  hoursToday: z.string().nullable(),
  /** The person's own words about this service. */
  note: z.string(),
});
export type PlanServiceLine = z.infer<typeof PlanServiceLine>;

export const NationalLine = z.object({
  name: z.string(),
  phone: z.string().nullable(),
  sms: z.string().nullable(),
  text: z.string().nullable(),
  hours: z.string(),
});
export type NationalLine = z.infer<typeof NationalLine>;
export const nationalLines = (): NationalLine[] =>
  NATIONAL_LINES.map((l) => ({ name: l.name, phone: 'phone' in l ? l.phone : null, sms: 'sms' in l ? l.sms : null, text: 'text' in l ? l.text : null, hours: l.hours }));

export const PlanServicesResolved = z.object({
  entries: z.array(PlanServiceLine),
  note: z.string(),
  /** Always listed after the plan's own services. */
  nationalLines: z.array(NationalLine),
});
export type PlanServicesResolved = z.infer<typeof PlanServicesResolved>;

export const PartnerAccess = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('share'), shareId: z.string(), endsAt: z.string() }),
  z.object({ kind: z.literal('break_glass'), grantId: z.string(), expiresAt: z.string() }),
]);
export type PartnerAccess = z.infer<typeof PartnerAccess>;

export const PartnerPlanOut = z.object({
  planId: z.string(),
  person: PartnerPerson,
  version: z.object({ number: z.number().int(), agreedAt: z.string().nullable(), agreedHow: z.enum(AGREED_HOW).nullable() }),
  /** The sections this reader may see, in plan order. */
  sections: z.array(z.enum(PLAN_SECTION_KEYS)),
  /** Only those sections, in the person's words. */
  content: PlanContent.partial(),
  /** The services section with the directory's names, numbers and hours; null when not shared. */
  services: PlanServicesResolved.nullable(),
  access: PartnerAccess,
});
export type PartnerPlanOut = z.infer<typeof PartnerPlanOut>;

// ---- break glass ---------------------------------------------------------------------

export const BREAK_GLASS_REASON_MIN = 20;
const Reason = z
  .string({ error: 'Say why you need to see this plan now, without the person’s agreement' })
  .trim()
  .min(1, 'Say why you need to see this plan now, without the person’s agreement')
  .max(2000, 'Keep this to 2000 characters or fewer')
  .refine(noNul, NUL_MESSAGE)
  .refine(
    (v) => v.length >= BREAK_GLASS_REASON_MIN && v.split(/\s+/).filter(Boolean).length >= 4,
    'Write a sentence or more about why you need to see this plan now',
  );
const FullName = z.string().trim().min(1, 'Enter their full name').max(200, 'Keep this to 200 characters or fewer').refine(noNul, NUL_MESSAGE);

/** Exactly one way to find the person: an NHS number, or a full name with a date of birth. */
export const BreakGlassCreate = z
  .object({
    nhsNumber: NhsNumber.optional(),
    fullName: FullName.optional(),
    dateOfBirth: DateOfBirth.optional(),
    reason: Reason,
  })
  .strict()
  .superRefine((v, ctx) => {
    const byName = v.fullName !== undefined || v.dateOfBirth !== undefined;
    if (v.nhsNumber !== undefined && byName) {
      ctx.addIssue({ code: 'custom', path: ['nhsNumber'], message: 'Use the NHS number, or the full name and date of birth, not both' });
    } else if (v.nhsNumber === undefined && !byName) {
      ctx.addIssue({ code: 'custom', path: ['nhsNumber'], message: 'Enter their NHS number, or their full name and date of birth' });
    } else if (byName) {
      if (v.fullName === undefined) ctx.addIssue({ code: 'custom', path: ['fullName'], message: 'Enter their full name' });
      if (v.dateOfBirth === undefined) ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'Enter their date of birth' });
    }
  });
export type BreakGlassCreate = z.infer<typeof BreakGlassCreate>;

export const BreakGlassGrantOut = z.object({
  id: z.string(),
  serviceId: z.string(),
  planId: z.string(),
  person: PartnerPerson,
  reason: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  /** Still open now. */
  active: z.boolean(),
});
export type BreakGlassGrantOut = z.infer<typeof BreakGlassGrantOut>;
export const BreakGlassOut = z.object({
  grant: BreakGlassGrantOut,
  plan: PartnerPlanOut,
  /** How many service managers were emailed. */
  managersTold: z.number().int(),
});
export type BreakGlassOut = z.infer<typeof BreakGlassOut>;
export const BreakGlassGrantsOut = z.object({ grants: z.array(BreakGlassGrantOut) });
export type BreakGlassGrantsOut = z.infer<typeof BreakGlassGrantsOut>;

export const BreakGlassReviewOut = z.object({
  id: z.string(),
  serviceId: z.string(),
  planId: z.string(),
  person: PartnerPerson,
  userId: z.string(),
  userName: z.string(),
  reason: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  /** How many times the plan was opened under this access. */
  reads: z.number().int(),
  reviewedAt: z.string().nullable(),
  reviewedByName: z.string().nullable(),
  reviewNote: z.string().nullable(),
});
export type BreakGlassReviewOut = z.infer<typeof BreakGlassReviewOut>;
export const BreakGlassReviewsOut = z.object({ grants: z.array(BreakGlassReviewOut) });
export type BreakGlassReviewsOut = z.infer<typeof BreakGlassReviewsOut>;

export const BreakGlassReviewCreate = z
  .object({
    note: z
      .string({ error: 'Write a note about this emergency access' })
      .trim()
      .min(1, 'Write a note about this emergency access')
      .max(2000, 'Keep this to 2000 characters or fewer')
      .refine(noNul, NUL_MESSAGE),
  })
  .strict();
export type BreakGlassReviewCreate = z.infer<typeof BreakGlassReviewCreate>;

// ---- FHIR export ---------------------------------------------------------------------

export const PlanExportQuery = z.object({ version: z.coerce.number().int().min(1).max(100_000).optional() }).strict();
export type PlanExportQuery = z.infer<typeof PlanExportQuery>;
