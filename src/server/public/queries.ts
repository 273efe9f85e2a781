import type { DbOrTrx } from '../db/scope.js';
import { scoped } from '../db/scope.js';
import type { ServiceType } from '../db/tables.js';
import { json } from '../db/values.js';

/** One of an organisation's services, as the public help page needs it. */
export interface HelpService {
  id: string;
  organisationId: string;
  slug: string;
  name: string;
  type: ServiceType;
  description: string;
  openingHours: string;
  under16Name: string | null;
  under16Phone: string | null;
}

/**
 * The service a help page is for. `slug` null: the address /help, which is the default
 * service (services.is_default, set for the first service at setup) of the first
 * organisation set up on this installation; with one organisation, simply its default
 * service (or its first, if none is marked). Service slugs are unique within an
 * organisation; if two organisations use the same one, the first organisation's wins.
 * Archived services have no help page.
 */
export async function findHelpService(db: DbOrTrx, slug: string | null): Promise<HelpService | undefined> {
  let query = db
    .selectFrom('services')
    .innerJoin('organisations', 'organisations.id', 'services.organisation_id')
    .select([
      'services.id', 'services.organisation_id', 'services.slug', 'services.name', 'services.type', 'services.description', 'services.opening_hours',
      'organisations.under16_service_name', 'organisations.under16_phone',
    ])
    .where('services.archived_at', 'is', null);
  if (slug !== null) query = query.where('services.slug', '=', slug);
  const row = await query
    .orderBy('organisations.created_at', 'asc')
    .orderBy('organisations.id', 'asc')
    .orderBy('services.is_default', 'desc')
    .orderBy('services.created_at', 'asc')
    .orderBy('services.id', 'asc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    organisationId: row.organisation_id,
    slug: row.slug,
    name: row.name,
    type: row.type,
    description: row.description,
    openingHours: row.opening_hours,
    under16Name: row.under16_service_name,
    under16Phone: row.under16_phone,
  };
}

/** The organisation's other services that are open to the public, for links. */
export async function listSisterServices(db: DbOrTrx, service: HelpService): Promise<{ slug: string; name: string; type: ServiceType }[]> {
  return scoped(db, 'services', service.organisationId)
    .select(['services.slug', 'services.name', 'services.type'])
    .where('services.archived_at', 'is', null)
    .where('services.id', '!=', service.id)
    .where('services.type', '!=', 'staff_peer_support')
    .orderBy('services.name', 'asc')
    .limit(10)
    .execute();
}

/** What the help page shows of a directory entry: its columns and a few fields of its Open Referral UK document. */
export interface PublicEntry {
  id: string;
  serviceId: string | null;
  name: string;
  taxonomy: string[];
  minAge: number | null;
  description: string;
  url: string | null;
  phone: string | null;
  address: string | null;
  directions: string | null;
}

/** The most directory entries one help page lists (it has to stay small). */
export const PAGE_ENTRIES = 12;

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** Reads an ORUK (v1) service document defensively: anything missing or odd is left out. */
export function entryFields(document: string): Pick<PublicEntry, 'description' | 'url' | 'phone' | 'address' | 'directions'> {
  const doc = obj(json<unknown>(document, {}));
  const phone = list(doc.contacts)
    .flatMap((c) => list(obj(c).phones))
    .map((p) => text(obj(p).number))
    .find((n): n is string => n !== null);
  const location = obj(list(doc.service_at_locations).map((s) => obj(s).location).find((l) => l && typeof l === 'object'));
  const address = obj(list(location.physical_addresses)[0]);
  const addressText = ['address_1', 'city', 'postal_code']
    .map((k) => text(address[k]))
    .filter((v): v is string => v !== null)
    .join(', ');
  const url = text(doc.url);
  return {
    description: text(doc.description) ?? '',
    // Only web addresses become links (never javascript: or data:).
    url: url && /^https?:\/\/[^\s]+$/i.test(url) ? url : null,
    phone: phone ?? null,
    address: addressText || null,
    directions: text(location.description),
  };
}

/** Active directory entries of the organisation: the one describing this service (if any) and the rest. */
export async function listPublicEntries(db: DbOrTrx, organisationId: string): Promise<PublicEntry[]> {
  const rows = await scoped(db, 'directory_entries', organisationId)
    .select(['directory_entries.id', 'directory_entries.service_id', 'directory_entries.name', 'directory_entries.taxonomy', 'directory_entries.min_age', 'directory_entries.document'])
    .where('directory_entries.status', '=', 'active')
    .orderBy('directory_entries.name', 'asc')
    .orderBy('directory_entries.id', 'asc')
    .limit(100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    serviceId: r.service_id,
    name: r.name,
    taxonomy: json<unknown[]>(r.taxonomy, []).filter((t): t is string => typeof t === 'string'),
    minAge: r.min_age === null ? null : Number(r.min_age),
    ...entryFields(r.document),
  }));
}
