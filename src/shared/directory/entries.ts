import { z } from 'zod';
import { noNul, NUL_MESSAGE, text, words as anyWords } from '../text.js';
import { Phone, RecordId, Version } from '../admin.js';
import { OrukStatus, ORUK_STATUSES } from './oruk.js';
import { ServiceSchedules } from './schedules.js';
import { TAXONOMY_CODES } from './taxonomy.js';

/**
 * The admin API of the service directory (/api/v1/directory): what a person edits about
 * one entry, and what the server answers. Each entry is stored as an Open Referral UK
 * service document (./oruk.ts); the server maps this form onto it, keeping whatever else
 * the document holds (fields from an imported feed that the form does not show).
 *
 * Request bodies are strict (unknown fields are refused); texts are trimmed and bounded;
 * optional texts may be sent empty ('' means "none"). Everything is stored and shown as
 * plain text: a name like "<script>" is kept as those characters and never run.
 */

/** Optional free text: '' (or left out) means none. */
const words = (max: number) => anyWords(max).default('');
/** A web address people can follow: http or https only, or '' for none. */
export const WebAddress = z
  .string()
  .trim()
  .max(2000, 'Keep web addresses to 2,000 characters or fewer')
  .refine((v) => v === '' || (/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(v) && URL.canParse(v)), 'Enter a web address starting with https://, like https://www.example.org')
  .default('');
export const OptionalEmail = z
  .string()
  .trim()
  .max(254, 'Keep this to 254 characters or fewer')
  .refine((v) => v === '' || /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/.test(v), 'Enter an email address, like name@example.org')
  .default('');
/** A UK postcode, like LS1 4AP (or '' for none). */
export const Postcode = z
  .string()
  .trim()
  .toUpperCase()
  .refine((v) => v === '' || /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/.test(v), 'Enter a postcode, like LS1 4AP')
  .default('');
const Age = z.number({ error: 'Enter an age in years' }).int('Use a whole number of years').min(0, 'Use 0 or more').max(120, 'Use 120 or fewer');
const shortList = (item: z.ZodType<string>, max: number, what: string) =>
  z
    .array(item)
    .max(max, `Use ${max} ${what} or fewer`)
    .refine((l) => new Set(l.map((v) => v.toLowerCase())).size === l.length, `List each of these once`)
    .default([]);

/** A directory entry's id in a request: ours are UUIDs; imported ones keep their feed's ids (any short text). */
export const DirectoryEntryId = z
  .string({ error: 'Choose an entry from the directory' })
  .trim()
  .min(1, 'Choose an entry from the directory')
  .max(200, 'This is not a valid directory reference')
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'This is not a valid directory reference');

export const DIRECTORY_STATUSES = ORUK_STATUSES;
export const DirectoryStatus = OrukStatus;
export type DirectoryStatus = z.infer<typeof DirectoryStatus>;
export const TaxonomyCodeInput = z.enum(TAXONOMY_CODES, { error: 'Choose a kind of help from the list' });

/** Plain English names of the statuses, for screens. */
export const DIRECTORY_STATUS_LABELS: Record<DirectoryStatus, string> = {
  active: 'Open to people',
  inactive: 'Archived',
  defunct: 'Closed for good',
  'temporarily closed': 'Closed for now',
};

export const DirectoryPhone = z.strictObject({
  number: Phone,
  /** What the number is for, like "Text SHOUT to" or "Press option 2". */
  label: words(120),
});
export type DirectoryPhone = z.infer<typeof DirectoryPhone>;

/** Opening hours: Open Referral UK schedules (./schedules.ts). */
export const DirectorySchedules = ServiceSchedules;
export type DirectorySchedules = z.infer<typeof DirectorySchedules>;
export const noSchedules = (): DirectorySchedules => ({ regular_schedules: [], holiday_schedules: [], observes_bank_holidays: false });

const formFields = {
  name: text(200, 'Enter the name of the service'),
  description: words(4000),
  /** Who runs it: ORUK requires an organisation for every service. */
  organisationName: text(200, 'Enter the name of the organisation that runs it'),
  organisationUrl: WebAddress,
  url: WebAddress,
  email: OptionalEmail,
  phones: z.array(DirectoryPhone).max(10, 'Use 10 phone numbers or fewer').default([]),
  /** Up to two lines of street address (building, street). */
  addressLines: z.array(text(200, 'Enter the address line, or remove it')).max(2, 'Use two address lines or fewer').default([]),
  town: words(100),
  postcode: Postcode,
  /** The place's name, like "Riverside Wellbeing Centre". */
  locationName: words(200),
  /** How to get there: buses, parking, which door. */
  howToGetThere: words(2000),
  /** One line each: "Step-free entrance", "Hearing loop at reception". */
  accessibility: shortList(text(500), 20, 'notes'),
  languages: shortList(text(60), 30, 'languages'),
  /** Where people need to live to use it, like "Riverside and Eastwick". */
  serviceAreas: shortList(text(200), 30, 'areas'),
  minAge: Age.nullable().default(null),
  maxAge: Age.nullable().default(null),
  /** Who it is for, in plain words. */
  whoFor: words(1000),
  taxonomy: z
    .array(TaxonomyCodeInput)
    .max(20, 'Choose 20 kinds of help or fewer')
    .refine((l) => new Set(l).size === l.length, 'Choose each kind of help once')
    .default([]),
  status: DirectoryStatus.default('active'),
  /** Ignored while the entry is linked to one of our services: its hours are used instead. */
  schedules: DirectorySchedules.default(noSchedules),
  /** When the entry describes one of this organisation's own services. */
  serviceId: RecordId.nullable().default(null),
};

const agesInOrder = (f: { minAge: number | null; maxAge: number | null }, ctx: z.RefinementCtx) => {
  if (f.minAge !== null && f.maxAge !== null && f.maxAge < f.minAge) ctx.addIssue({ code: 'custom', path: ['maxAge'], message: 'This is below the youngest age' });
};

/** Adding an entry. */
export const DirectoryEntryForm = z.strictObject(formFields).superRefine(agesInOrder);
export type DirectoryEntryForm = z.infer<typeof DirectoryEntryForm>;
/** What the form holds before it is checked (fields may be left out). */
export type DirectoryEntryFormInput = z.input<typeof DirectoryEntryForm>;

/** Saving an edit: the whole form again, with the version the person started from. */
export const DirectoryEntryUpdate = z.strictObject({ ...formFields, version: Version }).superRefine(agesInOrder);
export type DirectoryEntryUpdate = z.infer<typeof DirectoryEntryUpdate>;

/** "Checked today" and "archive": only the version. */
export const DirectoryEntryVersion = z.strictObject({ version: Version });
export type DirectoryEntryVersion = z.infer<typeof DirectoryEntryVersion>;

/** A taxonomy term from another vocabulary (kept from an import; not editable here). */
export const OtherTaxonomyTerm = z.object({ id: z.string(), name: z.string(), vocabulary: z.string() });

export const DirectoryEntryOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  organisationName: z.string(),
  organisationUrl: z.string(),
  url: z.string(),
  email: z.string(),
  phones: z.array(z.object({ number: z.string(), label: z.string() })),
  addressLines: z.array(z.string()),
  town: z.string(),
  postcode: z.string(),
  locationName: z.string(),
  howToGetThere: z.string(),
  accessibility: z.array(z.string()),
  languages: z.array(z.string()),
  serviceAreas: z.array(z.string()),
  minAge: z.number().nullable(),
  maxAge: z.number().nullable(),
  whoFor: z.string(),
  /** Our vocabulary only. */
  taxonomy: z.array(z.string()),
  /** Terms of other vocabularies, from an import. */
  otherTaxonomy: z.array(OtherTaxonomyTerm),
  status: DirectoryStatus,
  schedules: DirectorySchedules,
  serviceId: z.string().nullable(),
  /** The linked service's name (null when not linked). */
  linkedServiceName: z.string().nullable(),
  /** True when linked: the hours shown and used come from that service's opening hours. */
  hoursFromService: z.boolean(),
  /** "Open now until 22:00", worked out in London time when answered. */
  openingNow: z.string(),
  lastCheckedAt: z.string().nullable(),
  lastCheckedByName: z.string().nullable(),
  /** Never checked, or last checked more than 6 months ago. */
  stale: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type DirectoryEntryOut = z.infer<typeof DirectoryEntryOut>;

const QueryFlag = z.enum(['true', 'false'], { error: 'Use true or false' }).transform((v) => v === 'true');

export const DirectoryListQuery = z.strictObject({
  /** Words in the name, description or organisation. */
  q: z.string().trim().max(200, 'Keep this to 200 characters or fewer').refine(noNul, NUL_MESSAGE).optional(),
  taxonomy: z.string().trim().max(200).optional(),
  status: DirectoryStatus.optional(),
  /** Only entries never checked or not checked for 6 months. */
  stale: QueryFlag.optional(),
  page: z.coerce.number().int().min(1, 'Use 1 or more').max(100_000).default(1),
  perPage: z.coerce.number().int().min(1, 'Use 1 or more').max(200, 'Use 200 or fewer').default(50),
});
export type DirectoryListQuery = z.infer<typeof DirectoryListQuery>;

export const DirectoryListOut = z.object({
  entries: z.array(DirectoryEntryOut),
  total: z.number(),
  page: z.number(),
  perPage: z.number(),
});
export type DirectoryListOut = z.infer<typeof DirectoryListOut>;

/** How long an entry goes unchecked before it is listed as due a check. */
export const STALE_AFTER_MONTHS = 6;

// ---- import and export ------------------------------------------------------------------

export const DirectoryImportQuery = z.strictObject({
  /** Check the file and report, storing nothing. */
  dryRun: QueryFlag.optional(),
  /** Import the services that are fine and list the others as skipped (otherwise one problem stops the whole file). */
  skipInvalid: QueryFlag.optional(),
});
export type DirectoryImportQuery = z.infer<typeof DirectoryImportQuery>;

export const ImportProblem = z.object({
  /** Where in the file: "content[3]" or "[3]". */
  at: z.string(),
  /** The service's id and name when they could be read (plain text). */
  id: z.string().nullable(),
  name: z.string().nullable(),
  /** Each reason with the field it is about, like "regular_schedules[0].closes_at". */
  reasons: z.array(z.object({ field: z.string(), message: z.string() })),
});
export type ImportProblem = z.infer<typeof ImportProblem>;

export const DirectoryImportReport = z.object({
  /** Services in the file. */
  received: z.number(),
  created: z.number(),
  updated: z.number(),
  /** Nothing was stored (a dry run, or a problem stopped the whole file). */
  stored: z.boolean(),
  skipped: z.array(ImportProblem),
});
export type DirectoryImportReport = z.infer<typeof DirectoryImportReport>;
