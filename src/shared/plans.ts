import { z } from 'zod';
import { noNul, NUL_MESSAGE, text as Required, words as Short } from './text.js';
import { RecordId, Version } from './admin.js';
import { IsoDate, IsoDateTime } from './episodes.js';

/**
 * Crisis plans (issue 5): written with the person, in their words, agreed by them, shared
 * only as they choose. The section wording here is our own (no published safety-plan or
 * WRAP text). Every section is optional and the person's words are kept as written
 * (trimmed only at the ends; no other rewriting).
 *
 * Staff routes (organisation scope), under /api/v1/people/:personId/plan:
 *   GET    plan                                  plan.read   → PlanOut | { plan: null } (audited; a view)
 *   POST   plan                                  plan.write  → 201 PlanOut (plan with a first draft)
 *   GET    plan/versions/:number                 plan.read   → PlanVersionOut (audited; a view)
 *   POST   plan/drafts                           plan.write  → 201 PlanVersionOut (new draft from the latest agreed)
 *   PATCH  plan/versions/:number                 plan.write  → PlanVersionOut (409 stale_version with both; 409 not_a_draft)
 *   POST   plan/versions/:number/agree           plan.write  → PlanVersionOut (the person agreed, in person)
 *   GET    plan/compare?from=&to=                plan.read   → PlanCompareOut
 *   POST   plan/review                           plan.write  → PlanOut (gone through with the person, kept as it is)
 *   GET    plan/views                            plan.read   → PlanViewsOut (who looked, for the person)
 *   POST   plan/shares                           plan.share  → 201 ShareOut
 *   PATCH  plan/shares/:shareId                  plan.share  → ShareOut
 *   POST   plan/shares/:shareId/revoke           plan.share  → ShareOut (stops every open at once)
 * Reports: GET /api/v1/reports/plans             plan.report → PlanReportOut
 * Links, partners, break glass and FHIR export: shared/plan-links.ts, shared/plan-partners.ts.
 */

export const PLAN_TEXT_MAX = 4000;
/** Optional free text in the person's words; an empty string counts as "not written". */
export const PlanText = z
  .string()
  .trim()
  .max(PLAN_TEXT_MAX, `Keep this to ${PLAN_TEXT_MAX} characters or fewer`)
  .refine(noNul, NUL_MESSAGE);

// ---- content -----------------------------------------------------------------------

export const HelpfulPerson = z
  .object({
    name: Required(120, 'Enter a name'),
    /** Who they are to the person, in the person's words ("my sister", "my neighbour"). */
    relationship: Short(120).default(''),
    phone: Short(40).default(''),
    /** When to call them, and when not to. */
    whenToCall: Short(500).default(''),
  })
  .strict();
export type HelpfulPerson = z.infer<typeof HelpfulPerson>;

export const PlanServiceLink = z
  .object({
    /** An entry in this organisation's directory (number and opening hours come from there). */
    directoryEntryId: RecordId,
    note: Short(500).default(''),
  })
  .strict();
export type PlanServiceLink = z.infer<typeof PlanServiceLink>;

export const PlanContent = z
  .object({
    whenWell: PlanText.default(''),
    gettingHarder: z.object({ signs: PlanText.default(''), triggers: PlanText.default('') }).strict().default({ signs: '', triggers: '' }),
    forMyself: PlanText.default(''),
    peopleAndPlaces: z
      .object({ people: z.array(HelpfulPerson).max(20, 'Add up to 20 people').default([]), places: PlanText.default('') })
      .strict()
      .default({ people: [], places: '' }),
    fromOthers: z.object({ please: PlanText.default(''), pleaseDont: PlanText.default('') }).strict().default({ please: '', pleaseDont: '' }),
    services: z
      .object({ entries: z.array(PlanServiceLink).max(20, 'Add up to 20 services').default([]), note: PlanText.default('') })
      .strict()
      .default({ entries: [], note: '' }),
    saferAround: PlanText.default(''),
    practical: z
      .object({
        children: PlanText.default(''),
        pets: PlanText.default(''),
        billsAndRent: PlanText.default(''),
        work: PlanText.default(''),
        home: PlanText.default(''),
        other: PlanText.default(''),
      })
      .strict()
      .default({ children: '', pets: '', billsAndRent: '', work: '', home: '', other: '' }),
    mattersMost: PlanText.default(''),
    afterCrisis: PlanText.default(''),
  })
  .strict();
export type PlanContent = z.infer<typeof PlanContent>;
export const emptyPlanContent = (): PlanContent => PlanContent.parse({});

export const PLAN_SECTION_KEYS = [
  'whenWell',
  'gettingHarder',
  'forMyself',
  'peopleAndPlaces',
  'fromOthers',
  'services',
  'saferAround',
  'practical',
  'mattersMost',
  'afterCrisis',
] as const;
export type PlanSectionKey = (typeof PLAN_SECTION_KEYS)[number];
export const PlanSectionKeySchema = z.enum(PLAN_SECTION_KEYS, { error: 'Choose a part of the plan' });

/**
 * How each section reads, first person because the plan is the person's. `prompt` is a
 * gentle starting question for the worker and the person to talk around, never a form
 * to fill. `fields` names the text fields inside a section (for editors and comparison).
 */
export const PLAN_SECTIONS: Record<PlanSectionKey, { title: string; prompt: string; fields: Record<string, string> }> = {
  whenWell: {
    title: 'Me when I am well',
    prompt: 'What are you like on a good day? What do people who know you well see?',
    fields: { whenWell: 'Me when I am well' },
  },
  gettingHarder: {
    title: 'When things start to get harder',
    prompt: 'What do you notice first when things begin to slip? What tends to set it off?',
    fields: { signs: 'What I notice, or others notice', triggers: 'What can set it off' },
  },
  forMyself: {
    title: 'What I can do for myself',
    prompt: 'What has helped before, even a little? What could you try on a hard night?',
    fields: { forMyself: 'What I can do for myself' },
  },
  peopleAndPlaces: {
    title: 'People and places that help',
    prompt: 'Who could you call or be with? Where do you feel calmer or safer?',
    fields: { people: 'People', places: 'Places' },
  },
  fromOthers: {
    title: 'What I would like from other people',
    prompt: 'When things are hard, what helps you most from others, and what makes it worse?',
    fields: { please: 'Please do', pleaseDont: 'Please do not' },
  },
  services: {
    title: 'Services I can contact',
    prompt: 'Which services would you be happy to call? When are they open?',
    fields: { entries: 'Services', note: 'Anything else about services' },
  },
  saferAround: {
    title: 'Making things safer around me',
    prompt: 'Is there anything you or others could do to make things around you safer when you are struggling?',
    fields: { saferAround: 'Making things safer around me' },
  },
  practical: {
    title: 'Practical things if I am in crisis',
    prompt: 'Is there anything that would need looking after, so you do not have to worry about it?',
    fields: { children: 'Children', pets: 'Pets', billsAndRent: 'Bills and rent', work: 'Work', home: 'Home', other: 'Anything else' },
  },
  mattersMost: {
    title: 'What matters most to me',
    prompt: 'What, or who, matters most to you? What keeps you going?',
    fields: { mattersMost: 'What matters most to me' },
  },
  afterCrisis: {
    title: 'After a crisis',
    prompt: 'Afterwards, what helps you get back to yourself? What would you like to happen next time?',
    fields: { afterCrisis: 'After a crisis' },
  },
};

/** National lines shown when a plan names no services, or beside the ones it names. */
export const NATIONAL_LINES = [
  { name: 'NHS 111, option 2 (mental health)', phone: '111', hours: 'Any time, day or night' },
  { name: 'Samaritans', phone: '116 123', hours: 'Any time, day or night' },
  { name: 'Shout (text)', sms: '85258', text: 'SHOUT', hours: 'Any time, day or night' },
  { name: 'In danger now', phone: '999', hours: 'Any time' },
] as const;

/** Whether a section has anything written in it. */
export function sectionHasWords(content: PlanContent, key: PlanSectionKey): boolean {
  const value = content[key] as unknown;
  const some = (v: unknown): boolean =>
    typeof v === 'string' ? v.trim() !== '' : Array.isArray(v) ? v.length > 0 : v && typeof v === 'object' ? Object.values(v).some(some) : false;
  return some(value);
}

/** The plan as a recipient may see it: only the sections the person chose to share. */
export function sharedContent(content: PlanContent, sections: readonly PlanSectionKey[]): Partial<PlanContent> {
  const out: Partial<PlanContent> = {};
  for (const key of sections) (out as Record<string, unknown>)[key] = content[key];
  return out;
}

// ---- versions ----------------------------------------------------------------------

export const AGREED_HOW = ['in_person', 'own_device'] as const;
export type AgreedHow = (typeof AGREED_HOW)[number];
export const AGREED_HOW_LABELS: Record<AgreedHow, string> = {
  in_person: 'In person, with a worker',
  own_device: 'On their own phone or computer',
};

export const PlanVersionSummary = z.object({
  id: z.string(),
  number: z.number().int(),
  state: z.enum(['draft', 'agreed']),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  updatedAt: z.string(),
  updatedByName: z.string().nullable(),
  agreedAt: z.string().nullable(),
  agreedHow: z.enum(AGREED_HOW).nullable(),
  agreedRecordedByName: z.string().nullable(),
  version: z.number().int(),
});
export type PlanVersionSummary = z.infer<typeof PlanVersionSummary>;

export const PlanVersionOut = PlanVersionSummary.extend({ content: PlanContent });
export type PlanVersionOut = z.infer<typeof PlanVersionOut>;

export const PlanCreate = z.object({ content: PlanContent.optional() }).strict();
export type PlanCreate = z.infer<typeof PlanCreate>;

export const PlanVersionPatch = z.object({ content: PlanContent, version: Version }).strict();
export type PlanVersionPatch = z.infer<typeof PlanVersionPatch>;

export const PlanAgree = z
  .object({
    /** Staff record agreement in person; agreement on the person's own device comes through /my-plan. */
    how: z.literal('in_person', { error: 'Agreement on the person’s own device is made on their plan page' }),
    version: Version,
  })
  .strict();
export type PlanAgree = z.infer<typeof PlanAgree>;

export const PlanReview = z.object({ version: Version }).strict();

export const PlanVersionParams = z.object({ personId: RecordId, number: z.coerce.number().int().min(1).max(100_000) }).strict();

export const PlanCompareQuery = z
  .object({ from: z.coerce.number().int().min(1).max(100_000), to: z.coerce.number().int().min(1).max(100_000) })
  .strict();
export const PlanSectionChange = z.object({
  key: z.enum(PLAN_SECTION_KEYS),
  changed: z.boolean(),
  /** The section as it was in `from` and as it is in `to`. */
  before: z.unknown(),
  after: z.unknown(),
});
export const PlanCompareOut = z.object({
  from: PlanVersionSummary,
  to: PlanVersionSummary,
  sections: z.array(PlanSectionChange),
});
export type PlanCompareOut = z.infer<typeof PlanCompareOut>;

// ---- sharing -----------------------------------------------------------------------

export const RECIPIENT_KINDS = ['carer', 'family', 'partner_service', 'gp', 'crisis_team', 'other'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];
export const RECIPIENT_KIND_LABELS: Record<RecipientKind, string> = {
  carer: 'A carer',
  family: 'Family member or partner',
  partner_service: 'A partner service',
  gp: 'Their GP',
  crisis_team: 'A crisis team',
  other: 'Someone else',
};
export const CONSENT_HOW = ['in_person', 'own_device', 'phone'] as const;
export type ConsentHow = (typeof CONSENT_HOW)[number];
export const CONSENT_HOW_LABELS: Record<ConsentHow, string> = {
  in_person: 'In person',
  own_device: 'On their own phone or computer',
  phone: 'On the phone',
};

/** UK mobile or landline, spaces allowed; an international number with + also. */
export const PhoneNumber = z
  .string()
  .trim()
  .max(40, 'Keep this to 40 characters or fewer')
  .regex(/^\+?[0-9 ()-]{7,}$/, 'Enter a phone number, like 07700 900123');
export const EmailAddress = z.string().trim().max(254, 'Keep this to 254 characters or fewer').email('Enter an email address, like name@example.com');

export const ShareCreate = z
  .object({
    recipientKind: z.enum(RECIPIENT_KINDS, { error: 'Choose who this is' }),
    recipientName: Required(160, 'Enter who the plan is shared with'),
    relationship: Short(120).optional(),
    recipientPhone: PhoneNumber.optional(),
    recipientEmail: EmailAddress.optional(),
    /** One of this organisation's services: its clinical partners see the plan in the app. */
    recipientServiceId: RecordId.optional(),
    /** An outside service from this organisation's directory. */
    recipientDirectoryEntryId: RecordId.optional(),
    sections: z.array(PlanSectionKeySchema).min(1, 'Choose at least one part of the plan to share').max(PLAN_SECTION_KEYS.length),
    consentHow: z.enum(CONSENT_HOW, { error: 'Say how the person agreed to this' }),
    /** Last day the share lasts (Europe/London); at most two years ahead. */
    endsOn: IsoDate,
  })
  .strict();
export type ShareCreate = z.infer<typeof ShareCreate>;

export const SharePatch = z
  .object({
    sections: z.array(PlanSectionKeySchema).min(1, 'Choose at least one part of the plan to share').max(PLAN_SECTION_KEYS.length).optional(),
    endsOn: IsoDate.optional(),
    recipientPhone: PhoneNumber.nullable().optional(),
    recipientEmail: EmailAddress.nullable().optional(),
    version: Version,
  })
  .strict();
export type SharePatch = z.infer<typeof SharePatch>;

export const ShareOut = z.object({
  id: z.string(),
  recipientKind: z.enum(RECIPIENT_KINDS),
  recipientName: z.string(),
  relationship: z.string().nullable(),
  recipientPhone: z.string().nullable(),
  recipientEmail: z.string().nullable(),
  recipientServiceId: z.string().nullable(),
  recipientServiceName: z.string().nullable(),
  recipientDirectoryEntryId: z.string().nullable(),
  recipientDirectoryEntryName: z.string().nullable(),
  sections: z.array(z.enum(PLAN_SECTION_KEYS)),
  consentHow: z.enum(CONSENT_HOW),
  startsAt: z.string(),
  endsAt: z.string(),
  revokedAt: z.string().nullable(),
  /** active | ended | revoked, worked out at the time of the reply. */
  status: z.enum(['active', 'ended', 'revoked']),
  createdAt: z.string(),
  version: z.number().int(),
});
export type ShareOut = z.infer<typeof ShareOut>;

// ---- links (no secrets: a link's address and code are shown once, when made) ---------

export const LinkOut = z.object({
  id: z.string(),
  /** null: the person's own link. */
  shareId: z.string().nullable(),
  channel: z.enum(['sms', 'email', 'none']),
  createdAt: z.string(),
  expiresAt: z.string(),
  withdrawnAt: z.string().nullable(),
  lastOpenedAt: z.string().nullable(),
  lockedUntil: z.string().nullable(),
  status: z.enum(['active', 'expired', 'withdrawn']),
});
export type LinkOut = z.infer<typeof LinkOut>;

// ---- the plan ----------------------------------------------------------------------

export const PlanOut = z.object({
  plan: z
    .object({
      id: z.string(),
      personId: z.string(),
      createdAt: z.string(),
      updatedAt: z.string(),
      reviewedAt: z.string().nullable(),
      /** Latest of the last agreement and the last review: what "reviewed in 6 months" counts. */
      lastReviewedAt: z.string().nullable(),
      version: z.number().int(),
      versions: z.array(PlanVersionSummary),
      /** The version being written, if any. */
      draft: PlanVersionOut.nullable(),
      /** The latest agreed version: what recipients see. */
      agreed: PlanVersionOut.nullable(),
      shares: z.array(ShareOut),
      links: z.array(LinkOut),
    })
    .nullable(),
});
export type PlanOut = z.infer<typeof PlanOut>;

export const VIEWER_KINDS = ['staff', 'partner', 'break_glass', 'person', 'recipient'] as const;
export type ViewerKind = (typeof VIEWER_KINDS)[number];
export const PlanViewOut = z.object({
  id: z.string(),
  viewedAt: z.string(),
  viewerKind: z.enum(VIEWER_KINDS),
  /** Said as the person would want to read it: "Sam Patel, Harbour Safe Haven", "Jo (carer)". */
  who: z.string(),
  versionNumber: z.number().int().nullable(),
  /** For emergency access: the reason given. */
  reason: z.string().nullable(),
});
export type PlanViewOut = z.infer<typeof PlanViewOut>;
export const PlanViewsOut = z.object({ views: z.array(PlanViewOut) });
export type PlanViewsOut = z.infer<typeof PlanViewsOut>;

// ---- reporting ---------------------------------------------------------------------

export const PlanReportOut = z.object({
  asOf: z.string(),
  peopleWithAgreedPlan: z.number().int(),
  reviewedInLast6Months: z.number().int(),
  activeShares: z.number().int(),
});
export type PlanReportOut = z.infer<typeof PlanReportOut>;

export const PlanIds = { personId: RecordId };
export { IsoDateTime };
