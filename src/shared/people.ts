import { z } from 'zod';
import { noNul, NUL_MESSAGE, text } from './text.js';

/**
 * Request and response contracts of the people API (`/api/v1/people`): a person's record,
 * finding someone (typo tolerant), the possible-duplicate warning, the timeline and merges.
 * Request bodies are strict (unknown fields are refused); texts are trimmed and bounded.
 * Records are written around what the person has and what helps, in their own words:
 * there are no risk scores here.
 */

// ---- small building blocks ------------------------------------------------------

/** Optional free text: an empty string is stored as "not given" (null). */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep this to ${max} characters or fewer`)
    .refine(noNul, NUL_MESSAGE)
    .transform((v) => (v === '' ? null : v))
    .nullable();

export const PersonId = z.string().trim().max(64).regex(/^[0-9a-f-]{8,64}$/i, 'This is not a valid reference');
const Version = z.number({ error: 'Send the version you started editing from' }).int().min(1).max(2_147_483_647);

/** Today's date in UTC as YYYY-MM-DD. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** True when `value` is a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * NHS number check (modulus 11): ten digits; the first nine are weighted 10 down to 2,
 * 11 minus (sum mod 11) is the check digit, where 11 means 0 and 10 means the number is not valid.
 * Spaces and hyphens are allowed in the input (`943 476 5919`).
 */
export function nhsNumberValid(input: string): boolean {
  const digits = input.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10) return false;
  return check === Number(digits[9]);
}

/** The digits of an NHS number (spaces and hyphens removed). */
export const nhsDigits = (input: string): string => input.replace(/[\s-]/g, '');

/** Accepts `9434765919`, `943 476 5919` or `943-476-5919`; gives the ten digits. */
export const NhsNumber = z
  .string()
  .trim()
  .max(20, 'Enter the 10-digit NHS number')
  .refine((v) => /^[\d\s-]*$/.test(v) && nhsDigits(v).length === 10, 'Enter the 10-digit NHS number, like 943 476 5919')
  .refine(nhsNumberValid, 'This NHS number is not right. Check each digit and try again')
  .transform(nhsDigits);

/** A date of birth: YYYY-MM-DD, a real date, not in the future and not before 1900. */
export const DateOfBirth = z
  .string()
  .trim()
  .refine(isCalendarDate, 'Enter the date of birth as year, month and day, like 1990-04-27')
  .refine((v) => v >= '1900-01-01', 'The date of birth must be in 1900 or later')
  .refine((v) => v <= todayUtc(), 'The date of birth cannot be in the future');

export const ApproximateAge = z
  .number({ error: 'Enter an age in years' })
  .int('Enter a whole number of years')
  .min(0, 'Enter an age of 0 or more')
  .max(120, 'Enter an age of 120 or less');

const PersonEmail = z.string().trim().toLowerCase().max(254).email('Enter an email address, like name@example.org');
const PersonPhone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{3,24}$/, 'Enter a phone number, like 07700 900123');
const Postcode = z
  .string()
  .trim()
  .max(10, 'Enter a postcode, like LS1 4AP')
  .regex(/^[A-Za-z0-9 ]{2,10}$/, 'Enter a postcode, like LS1 4AP')
  .transform((v) => v.toUpperCase().replace(/\s+/g, ' '));

// ---- equality monitoring ------------------------------------------------------------

/**
 * Equality-monitoring questions. Each is optional for the person: every question has
 * 'prefer_not_to_say' and 'not_asked' (the default). The options follow the 2021 census
 * groupings in plain words.
 */
export const ETHNICITIES = [
  'asian_bangladeshi',
  'asian_chinese',
  'asian_indian',
  'asian_pakistani',
  'asian_other',
  'black_african',
  'black_caribbean',
  'black_other',
  'mixed_white_asian',
  'mixed_white_black_african',
  'mixed_white_black_caribbean',
  'mixed_other',
  'white_british',
  'white_irish',
  'white_gypsy_irish_traveller',
  'white_roma',
  'white_other',
  'arab',
  'other',
  'prefer_not_to_say',
  'not_asked',
] as const;
export type Ethnicity = (typeof ETHNICITIES)[number];
export const ETHNICITY_LABELS: Record<Ethnicity, string> = {
  asian_bangladeshi: 'Asian or Asian British: Bangladeshi',
  asian_chinese: 'Asian or Asian British: Chinese',
  asian_indian: 'Asian or Asian British: Indian',
  asian_pakistani: 'Asian or Asian British: Pakistani',
  asian_other: 'Asian or Asian British: another Asian background',
  black_african: 'Black, Black British, Caribbean or African: African',
  black_caribbean: 'Black, Black British, Caribbean or African: Caribbean',
  black_other: 'Black, Black British, Caribbean or African: another Black background',
  mixed_white_asian: 'Mixed or multiple ethnic groups: White and Asian',
  mixed_white_black_african: 'Mixed or multiple ethnic groups: White and Black African',
  mixed_white_black_caribbean: 'Mixed or multiple ethnic groups: White and Black Caribbean',
  mixed_other: 'Mixed or multiple ethnic groups: another mixed background',
  white_british: 'White: English, Welsh, Scottish, Northern Irish or British',
  white_irish: 'White: Irish',
  white_gypsy_irish_traveller: 'White: Gypsy or Irish Traveller',
  white_roma: 'White: Roma',
  white_other: 'White: another White background',
  arab: 'Arab',
  other: 'Another ethnic group',
  prefer_not_to_say: 'Prefers not to say',
  not_asked: 'Not asked yet',
};

export const GENDERS = ['woman', 'man', 'non_binary', 'self_described', 'prefer_not_to_say', 'not_asked'] as const;
export type Gender = (typeof GENDERS)[number];
export const GENDER_LABELS: Record<Gender, string> = {
  woman: 'Woman',
  man: 'Man',
  non_binary: 'Non-binary',
  self_described: 'In another way (their own words)',
  prefer_not_to_say: 'Prefers not to say',
  not_asked: 'Not asked yet',
};

/** Whether their gender is the same as the sex they were registered at birth. */
export const TRANS_HISTORY = ['yes', 'no', 'prefer_not_to_say', 'not_asked'] as const;
export type TransHistory = (typeof TRANS_HISTORY)[number];
export const TRANS_HISTORY_LABELS: Record<TransHistory, string> = {
  yes: 'Yes, the same',
  no: 'No, not the same',
  prefer_not_to_say: 'Prefers not to say',
  not_asked: 'Not asked yet',
};

export const SEXUAL_ORIENTATIONS = ['straight', 'gay_or_lesbian', 'bisexual', 'self_described', 'prefer_not_to_say', 'not_asked'] as const;
export type SexualOrientation = (typeof SEXUAL_ORIENTATIONS)[number];
export const SEXUAL_ORIENTATION_LABELS: Record<SexualOrientation, string> = {
  straight: 'Straight or heterosexual',
  gay_or_lesbian: 'Gay or lesbian',
  bisexual: 'Bisexual',
  self_described: 'In another way (their own words)',
  prefer_not_to_say: 'Prefers not to say',
  not_asked: 'Not asked yet',
};

export const DISABILITY_ANSWERS = ['yes_a_lot', 'yes_a_little', 'no', 'prefer_not_to_say', 'not_asked'] as const;
export type DisabilityAnswer = (typeof DISABILITY_ANSWERS)[number];
export const DISABILITY_LABELS: Record<DisabilityAnswer, string> = {
  yes_a_lot: 'Yes, day-to-day activities are limited a lot',
  yes_a_little: 'Yes, day-to-day activities are limited a little',
  no: 'No',
  prefer_not_to_say: 'Prefers not to say',
  not_asked: 'Not asked yet',
};

export const RELIGIONS = [
  'no_religion',
  'buddhist',
  'christian',
  'hindu',
  'jewish',
  'muslim',
  'sikh',
  'other',
  'prefer_not_to_say',
  'not_asked',
] as const;
export type Religion = (typeof RELIGIONS)[number];
export const RELIGION_LABELS: Record<Religion, string> = {
  no_religion: 'No religion',
  buddhist: 'Buddhist',
  christian: 'Christian',
  hindu: 'Hindu',
  jewish: 'Jewish',
  muslim: 'Muslim',
  sikh: 'Sikh',
  other: 'Another religion or belief',
  prefer_not_to_say: 'Prefers not to say',
  not_asked: 'Not asked yet',
};

/** The question wording shown on screens, in plain words. */
export const EQUALITY_QUESTIONS = {
  ethnicity: 'Which of these best describes their ethnic group?',
  gender: 'How would they describe their gender?',
  transHistory: 'Is their gender the same as the sex they were registered at birth?',
  sexualOrientation: 'How would they describe their sexual orientation?',
  disability: 'Do they have a health condition or disability that limits their day-to-day activities?',
  religion: 'What is their religion or belief, if any?',
} as const;

/** Every answer; a missing answer reads as 'not_asked'. */
export const EqualityOut = z.object({
  ethnicity: z.enum(ETHNICITIES),
  gender: z.enum(GENDERS),
  transHistory: z.enum(TRANS_HISTORY),
  sexualOrientation: z.enum(SEXUAL_ORIENTATIONS),
  disability: z.enum(DISABILITY_ANSWERS),
  religion: z.enum(RELIGIONS),
});
export type EqualityOut = z.infer<typeof EqualityOut>;

/** In a request: any subset of the answers; the others keep their value (or 'not_asked'). */
export const EqualityInput = z.strictObject({
  ethnicity: z.enum(ETHNICITIES, { error: 'Choose one of the options' }).optional(),
  gender: z.enum(GENDERS, { error: 'Choose one of the options' }).optional(),
  transHistory: z.enum(TRANS_HISTORY, { error: 'Choose one of the options' }).optional(),
  sexualOrientation: z.enum(SEXUAL_ORIENTATIONS, { error: 'Choose one of the options' }).optional(),
  disability: z.enum(DISABILITY_ANSWERS, { error: 'Choose one of the options' }).optional(),
  religion: z.enum(RELIGIONS, { error: 'Choose one of the options' }).optional(),
});
export type EqualityInput = z.infer<typeof EqualityInput>;

export const EQUALITY_NOT_ASKED: EqualityOut = {
  ethnicity: 'not_asked',
  gender: 'not_asked',
  transHistory: 'not_asked',
  sexualOrientation: 'not_asked',
  disability: 'not_asked',
  religion: 'not_asked',
};

// ---- a person's record ------------------------------------------------------------

/** Fields a person's record holds, shared by create and update. All optional except the preferred name. */
const personFields = {
  fullName: optionalText(200).optional(),
  pronouns: optionalText(40).optional(),
  /** YYYY-MM-DD. Give either this or `approximateAge`, not both. */
  dateOfBirth: DateOfBirth.nullable().optional(),
  /** When the date of birth is not known: age in years as told today (stored with today's date). */
  approximateAge: ApproximateAge.nullable().optional(),
  phone: PersonPhone.nullable().optional(),
  email: PersonEmail.nullable().optional(),
  address: optionalText(500).optional(),
  postcode: Postcode.nullable().optional(),
  preferredLanguage: optionalText(80).optional(),
  communicationNeeds: optionalText(1000).optional(),
  /** Ten digits with a valid check digit; spaces allowed; stored as digits only. */
  nhsNumber: NhsNumber.nullable().optional(),
  equality: EqualityInput.optional(),
  /** What helps, in the person's own words. */
  whatHelps: optionalText(4000).optional(),
};

const BOTH_AGE_MESSAGE = 'Give a date of birth or an approximate age, not both';

export const PersonCreate = z
  .strictObject({
    /** Optional client-made UUID (offline creation and safe retries). */
    id: z.uuid('This is not a valid reference').optional(),
    preferredName: text(120, 'Enter the name they would like to be called'),
    ...personFields,
    /** Send true after the screen has shown the possible duplicates and the worker confirmed. */
    confirmNotDuplicate: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.dateOfBirth && v.approximateAge !== undefined && v.approximateAge !== null) {
      ctx.addIssue({ code: 'custom', path: ['approximateAge'], message: BOTH_AGE_MESSAGE });
    }
  });
export type PersonCreate = z.infer<typeof PersonCreate>;

/** A change: `version` plus any fields to change (null clears). */
export const PersonPatch = z
  .strictObject({
    version: Version,
    preferredName: text(120, 'Enter the name they would like to be called').optional(),
    ...personFields,
  })
  .superRefine((v, ctx) => {
    if (v.dateOfBirth && v.approximateAge !== undefined && v.approximateAge !== null) {
      ctx.addIssue({ code: 'custom', path: ['approximateAge'], message: BOTH_AGE_MESSAGE });
    }
  });
export type PersonPatch = z.infer<typeof PersonPatch>;

export const PersonOut = z.object({
  id: z.string(),
  preferredName: z.string(),
  fullName: z.string().nullable(),
  pronouns: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  approximateAge: z.number().nullable(),
  /** The date the approximate age was given (YYYY-MM-DD). */
  ageRecordedOn: z.string().nullable(),
  /** Age in whole years today, from the date of birth or the approximate age; null if unknown. */
  ageNow: z.number().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  postcode: z.string().nullable(),
  preferredLanguage: z.string().nullable(),
  communicationNeeds: z.string().nullable(),
  /** Ten digits, no spaces. Screens show it as 943 476 5919. */
  nhsNumber: z.string().nullable(),
  equality: EqualityOut,
  whatHelps: z.string().nullable(),
  /** Set when this record was merged into another: links still work, the screen offers the kept record. */
  mergedIntoId: z.string().nullable(),
  mergedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type PersonOut = z.infer<typeof PersonOut>;

// ---- search and duplicates ------------------------------------------------------------

/** GET /api/v1/people?q=&dob=&nhs= — at least one of them. */
export const PeopleSearchQuery = z
  .strictObject({
    q: z.string().trim().max(120, 'Keep this to 120 characters or fewer').refine(noNul, NUL_MESSAGE).optional(),
    dob: z
      .string()
      .trim()
      .refine(isCalendarDate, 'Enter the date of birth as year, month and day, like 1990-04-27')
      .optional(),
    nhs: z
      .string()
      .trim()
      .max(20)
      .refine((v) => /^[\d\s-]*$/.test(v) && nhsDigits(v).length === 10, 'Enter the 10-digit NHS number')
      .transform(nhsDigits)
      .optional(),
  })
  .refine((v) => Boolean(v.q) || Boolean(v.dob) || Boolean(v.nhs), {
    path: ['q'],
    message: 'Enter a name, a date of birth or an NHS number',
  });
export type PeopleSearchQuery = z.infer<typeof PeopleSearchQuery>;

export const PersonMatch = z.object({
  id: z.string(),
  preferredName: z.string(),
  fullName: z.string().nullable(),
  pronouns: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  approximateAge: z.number().nullable(),
  ageRecordedOn: z.string().nullable(),
  postcode: z.string().nullable(),
  nhsNumber: z.string().nullable(),
  /** When they were last in touch (a contact's arrival time), or null. */
  lastContactAt: z.string().nullable(),
  /** What matched: exact NHS number, exact date of birth, name (close or exact). */
  matchedOn: z.array(z.enum(['nhs', 'dob', 'name'])),
});
export type PersonMatch = z.infer<typeof PersonMatch>;

/** Up to 20, best first. Merged records are never listed. */
export const PeopleSearchOut = z.object({ people: z.array(PersonMatch) });
export type PeopleSearchOut = z.infer<typeof PeopleSearchOut>;

/** One possible duplicate, as listed in the 409 `possible_duplicate` answer to POST /api/v1/people. */
export const DuplicateCandidate = z.object({
  id: z.string(),
  preferredName: z.string(),
  fullName: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  approximateAge: z.number().nullable(),
  ageRecordedOn: z.string().nullable(),
  lastContactAt: z.string().nullable(),
});
export type DuplicateCandidate = z.infer<typeof DuplicateCandidate>;

/**
 * The 409 answer when the new person may already have a record:
 * `{ error: { code: 'possible_duplicate', message, candidates: DuplicateCandidate[] } }`.
 * Send the same body again with `confirmNotDuplicate: true` to add them anyway.
 */
export const PossibleDuplicateError = z.object({
  error: z.object({
    code: z.literal('possible_duplicate'),
    message: z.string(),
    candidates: z.array(DuplicateCandidate),
  }),
});
export type PossibleDuplicateError = z.infer<typeof PossibleDuplicateError>;

// ---- timeline ------------------------------------------------------------------------

export const TIMELINE_TYPES = ['contact', 'episode', 'session', 'transition', 'plan'] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

/**
 * One thing on a person's timeline, newest first. `at` is when it happened (a contact's
 * arrival, an episode's offer, a session's time, a transition's planned date or creation).
 * Summary fields are codes and short facts only; open the record for its words.
 */
export const TimelineItem = z.object({
  type: z.enum(TIMELINE_TYPES),
  id: z.string(),
  at: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  /** Contact: how they got in touch (contact kinds), where they were referred from, how it ended. */
  contactKind: z.string().nullable().optional(),
  referralSource: z.string().nullable().optional(),
  outcome: z.string().nullable().optional(),
  leftAt: z.string().nullable().optional(),
  /** Episode: offered | accepted | declined | closed; transition: planned | done | declined | no_longer_needed. */
  status: z.string().nullable().optional(),
  sessionLimit: z.number().nullable().optional(),
  closedAt: z.string().nullable().optional(),
  /** Session: its number within the episode; session and transition: their episode. */
  episodeId: z.string().nullable().optional(),
  sessionNumber: z.number().nullable().optional(),
  /** Transition: the service they are moving on to, and the planned date. */
  toName: z.string().nullable().optional(),
  plannedDate: z.string().nullable().optional(),
});
export type TimelineItem = z.infer<typeof TimelineItem>;
export const TimelineOut = z.object({ items: z.array(TimelineItem) });
export type TimelineOut = z.infer<typeof TimelineOut>;

// ---- merges ------------------------------------------------------------------------------

/** POST /api/v1/people/:personId/merge — keeps :personId; `version` is the kept record's version. */
export const MergeBody = z.strictObject({
  otherPersonId: PersonId,
  version: Version,
});
export type MergeBody = z.infer<typeof MergeBody>;

export const MergeOut = z.object({
  mergeId: z.string(),
  keptPersonId: z.string(),
  mergedPersonId: z.string(),
  /** How many records moved to the kept person. */
  moved: z.object({ contacts: z.number(), episodes: z.number() }),
  mergedAt: z.string(),
  /** The kept record after the merge (its version goes up by one). */
  person: PersonOut,
});
export type MergeOut = z.infer<typeof MergeOut>;

/** POST /api/v1/people/merges/:mergeId/undo — moves exactly the moved records back. */
export const MergeUndoOut = z.object({
  mergeId: z.string(),
  keptPersonId: z.string(),
  restoredPersonId: z.string(),
  moved: z.object({ contacts: z.number(), episodes: z.number() }),
  undoneAt: z.string(),
});
export type MergeUndoOut = z.infer<typeof MergeUndoOut>;
