import { z } from 'zod';
import { noNul } from '../text.js';

/**
 * Open Referral UK (ORUK) version 1, the UK application profile of HSDS 1.1: the
 * "full service" JSON document that `/openreferral/services/{id}` answers with, and
 * the paged list shape of `/openreferral/services`.
 *
 * These schemas are for *reading* documents that come from anywhere (our own admin
 * screens, an import, another council's feed):
 * - objects are loose: fields we do not know survive, so a document exported again is
 *   the one imported;
 * - every record has an `id` (HSDS requires one on every table);
 * - texts may be null or missing, as published feeds often write them;
 * - lists may be missing or null and read as empty lists.
 * The directory stores the document exactly as it was given (see
 * src/server/features/directory/mapping.ts); what these schemas add (empty lists) is
 * only for reading it.
 *
 * Opening hours are read loosely here and checked by ../directory/schedules.ts when an
 * entry is saved or imported ("impossible schedules" are refused there).
 */

export const ORUK_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
export const OrukStatus = z.enum(ORUK_STATUSES, { error: 'Use active, inactive, defunct or temporarily closed' });
export type OrukStatus = z.infer<typeof OrukStatus>;

/** Our own field, outside ORUK: closed on England and Wales bank holidays (see schedules.ts). */
export const OBSERVES_BANK_HOLIDAYS = 'alongside_observes_bank_holidays';

/** An id: any non-empty text without control characters (published feeds use UUIDs, numbers or their own codes). */
export const OrukId = z
  .union([z.string(), z.number().int().transform(String)], { error: 'Every record needs an id' })
  .pipe(
    z
      .string()
      .trim()
      .min(1, 'Every record needs an id')
      .max(200, 'Keep ids to 200 characters or fewer')
      // eslint-disable-next-line no-control-regex -- refusing control characters is the point
      .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'Remove the unusual characters from this id'),
  );
const Text = z.string().max(20_000, 'Keep this to 20,000 characters or fewer').refine(noNul, 'Remove the unusual characters from this').nullish();
/** A web address in a document: http or https only (a `javascript:` link is refused, never stored). */
const Link = z
  .string()
  .trim()
  .max(2000, 'Keep web addresses to 2,000 characters or fewer')
  .refine((v) => v === '' || /^https?:\/\/[^\s]+$/i.test(v), 'Use a web address starting with https:// or http://')
  .nullish();
const Age = z.number().int('Use a whole number of years').min(0, 'Use 0 or more').max(130, 'Use 130 or fewer').nullish();
/** A list that may be missing or null in a published feed: read as empty. */
const list = <T extends z.ZodType>(item: T, max = 500) =>
  z.preprocess((v) => (v === null || v === undefined ? [] : v), z.array(item).max(max, `Use ${max} or fewer`));

export const OrukTaxonomy = z.looseObject({
  id: OrukId,
  name: Text,
  vocabulary: Text,
  parent: z.union([OrukId, z.looseObject({ id: OrukId })]).nullish(),
});
export type OrukTaxonomy = z.infer<typeof OrukTaxonomy>;

export const OrukServiceTaxonomy = z.looseObject({ id: OrukId, taxonomy: OrukTaxonomy });

export const OrukOrganization = z.looseObject({
  id: OrukId,
  name: z.string().trim().min(1, 'Give the name of the organisation that runs the service').max(500).refine(noNul),
  description: Text,
  url: Link,
  logo: Text,
  uri: Text,
  email: Text,
});
export type OrukOrganization = z.infer<typeof OrukOrganization>;

export const OrukPhone = z.looseObject({ id: OrukId, number: z.string().trim().min(1, 'Give the phone number').max(100).refine(noNul), language: Text, description: Text });
export type OrukPhone = z.infer<typeof OrukPhone>;
export const OrukContact = z.looseObject({ id: OrukId, name: Text, title: Text, email: Text, phones: list(OrukPhone, 50) });
export type OrukContact = z.infer<typeof OrukContact>;

export const OrukEligibility = z.looseObject({ id: OrukId, eligibility: Text, minimum_age: Age, maximum_age: Age });
export type OrukEligibility = z.infer<typeof OrukEligibility>;
export const OrukLanguage = z.looseObject({ id: OrukId, language: Text });
export const OrukServiceArea = z.looseObject({ id: OrukId, service_area: Text, extent: Text, uri: Text });
export const OrukAccessibility = z.looseObject({ id: OrukId, accessibility: Text });

export const OrukPhysicalAddress = z.looseObject({
  id: OrukId,
  address_1: Text,
  /** Not in ORUK v1 (HSDS 2 added it): our second address line. */
  address_2: Text,
  city: Text,
  state_province: Text,
  postal_code: Text,
  country: Text,
});
export type OrukPhysicalAddress = z.infer<typeof OrukPhysicalAddress>;

const Coordinate = z.union([z.number(), z.string()]).nullish();
export const OrukLocation = z.looseObject({
  id: OrukId,
  name: Text,
  description: Text,
  latitude: Coordinate,
  longitude: Coordinate,
  physical_addresses: list(OrukPhysicalAddress, 20),
  accessibility_for_disabilities: list(OrukAccessibility, 50),
});
export type OrukLocation = z.infer<typeof OrukLocation>;
export const OrukServiceAtLocation = z.looseObject({ id: OrukId, location: OrukLocation });
export type OrukServiceAtLocation = z.infer<typeof OrukServiceAtLocation>;

/** Read loosely: the times and rules are checked by schedules.ts when the entry is saved. */
export const OrukRegularSchedule = z.looseObject({
  id: OrukId,
  opens_at: Text,
  closes_at: Text,
  byday: Text,
  bymonthday: Text,
  freq: Text,
  interval: z.union([z.number(), z.string()]).nullish(),
  dtstart: Text,
  valid_from: Text,
  valid_to: Text,
  description: Text,
});
export type OrukRegularSchedule = z.infer<typeof OrukRegularSchedule>;
export const OrukHolidaySchedule = z.looseObject({
  id: OrukId,
  closed: z.boolean({ error: 'Say whether the service is closed on these days (true or false)' }),
  start_date: Text,
  end_date: Text,
  opens_at: Text,
  closes_at: Text,
});
export type OrukHolidaySchedule = z.infer<typeof OrukHolidaySchedule>;

/** One ORUK v1 service with everything about it. `status` is active when left out. */
export const OrukService = z.looseObject({
  id: OrukId,
  name: z.string().trim().min(1, 'Give the service a name').max(500, 'Keep the name to 500 characters or fewer').refine(noNul, 'Remove the unusual characters from this'),
  description: Text,
  url: Link,
  email: Text,
  status: z.preprocess((v) => (v === null || v === undefined ? 'active' : typeof v === 'string' ? v.trim().toLowerCase() : v), OrukStatus),
  fees: Text,
  accreditations: Text,
  deliverable_type: Text,
  attending_type: Text,
  attending_access: Text,
  assured_date: Text,
  organization: OrukOrganization,
  contacts: list(OrukContact, 50),
  eligibilitys: list(OrukEligibility, 50),
  languages: list(OrukLanguage, 100),
  service_areas: list(OrukServiceArea, 200),
  service_at_locations: list(OrukServiceAtLocation, 100),
  service_taxonomys: list(OrukServiceTaxonomy, 200),
  regular_schedules: list(OrukRegularSchedule, 100),
  holiday_schedules: list(OrukHolidaySchedule, 500),
  cost_options: list(z.looseObject({ id: OrukId }), 100),
  fundings: list(z.looseObject({ id: OrukId }), 100),
  reviews: list(z.looseObject({ id: OrukId }), 100),
  [OBSERVES_BANK_HOLIDAYS]: z.boolean().optional(),
});
export type OrukService = z.infer<typeof OrukService>;
/** A document as JSON, before or after reading: what is stored and exported. */
export type OrukDocument = Record<string, unknown>;

/** ORUK v1 paged list (Spring style): `number` is the page, counting from 1. */
export const orukPage = <T extends z.ZodType>(item: T) =>
  z.object({
    totalElements: z.number().int(),
    totalPages: z.number().int(),
    number: z.number().int(),
    size: z.number().int(),
    first: z.boolean(),
    last: z.boolean(),
    content: z.array(item),
  });
export type OrukPage<T> = { totalElements: number; totalPages: number; number: number; size: number; first: boolean; last: boolean; content: T[] };

/**
 * What an import accepts: a plain array of services, an ORUK v1 page (`content`), or an
 * HSDS 3 / UK profile 3.0 page (`contents`).
 */
export const OrukFeed = z.union([z.array(z.unknown()), z.looseObject({ content: z.array(z.unknown()) }), z.looseObject({ contents: z.array(z.unknown()) })], {
  error: 'Send Open Referral UK JSON: a list of services, or a page of them with "content"',
});
/** The services in a feed, and how the report names where each one is. */
export function feedItems(feed: OrukFeed): { items: unknown[]; at: (i: number) => string } {
  if (Array.isArray(feed)) return { items: feed, at: (i) => `[${i}]` };
  if ('content' in feed && Array.isArray(feed.content)) return { items: feed.content, at: (i) => `content[${i}]` };
  return { items: 'contents' in feed && Array.isArray(feed.contents) ? feed.contents : [], at: (i) => `contents[${i}]` };
}
export type OrukFeed = z.infer<typeof OrukFeed>;
