import { sql } from 'kysely';
import { recordAudit, sourceDigest } from '../audit/audit.js';
import type { CallbackRequestsTable } from '../db/tables.js';
import { json, newId, nowIso } from '../db/values.js';
import { auditInput, type Actor, type Deps } from '../http/context.js';
import { notifyBoard } from '../features/contacts/service.js';
import { OpeningHours } from '../../shared/opening-hours.js';
import { schedulesFromOpeningHours, type ServiceSchedules } from '../../shared/directory/schedules.js';
import { hoursFacts, type HoursFacts } from './hours.js';
import { findHelpService, listPublicEntries, listSisterServices, PAGE_ENTRIES, type HelpService, type PublicEntry } from './queries.js';
import type { CallbackValues } from './rules.js';

/** The audit action of an accepted public call back request (also what the per-address limit counts). */
export const CALLBACK_AUDIT_ACTION = 'callback.public_request';

export interface HelpPageData {
  service: HelpService;
  hours: HoursFacts | null;
  /** The directory entry describing this service (address, directions, phone), if there is one. */
  own: PublicEntry | null;
  carers: PublicEntry[];
  others: PublicEntry[];
  sisters: { slug: string; name: string; type: string }[];
}

const isCarers = (e: PublicEntry) => e.taxonomy.some((t) => /carer/i.test(t));
/** The numbers the page always shows (999, NHS 111, Samaritans, Shout), as digits. */
const NATIONAL_NUMBERS = ['999', '111', '116123', '85258'];
const digits = (phone: string | null | undefined): string => (phone ?? '').replace(/\D/g, '');

type PageRecords = Omit<HelpPageData, 'hours'> & { schedules: ServiceSchedules | null };

/** The records behind a help page, read in three queries after the service itself. */
async function readHelpPage(deps: Deps, slug: string | null): Promise<PageRecords | null> {
  const service = await findHelpService(deps.db, slug);
  if (!service) return null;
  const [entries, sisters] = await Promise.all([listPublicEntries(deps.db, service.organisationId), listSisterServices(deps.db, service)]);
  const parsedHours = OpeningHours.safeParse(json<unknown>(service.openingHours, null));
  // Hours that cannot be read are left off the page rather than guessed.
  const schedules = parsedHours.success ? schedulesFromOpeningHours(parsedHours.data) : null;
  const own = entries.find((e) => e.serviceId === service.id) ?? null;
  // Each number once: entries for the national lines at the top of the page, for the under-16
  // service, or for our own services (linked to their own help pages) are not listed again.
  const shown = new Set([...NATIONAL_NUMBERS, digits(own?.phone), digits(service.under16Phone)].filter((n) => n !== ''));
  const rest = entries.filter((e) => e.serviceId === null && !shown.has(digits(e.phone)));
  const carers = rest.filter(isCarers).slice(0, 4);
  const others = rest.filter((e) => !carers.includes(e)).slice(0, PAGE_ENTRIES);
  return { service, schedules, own, carers, others, sisters };
}

/** How long this instance reuses a help page's records before reading them again. */
export const HELP_PAGE_RECORDS_MS = 15_000;
const MINUTE = 60_000;

/**
 * The help pages' data, kept briefly per page: a page shared widely (or a flood) must not
 * cost four queries and the opening-hours work on every request. Records are read again
 * after HELP_PAGE_RECORDS_MS, so an edit shows within that time (browsers keep the page
 * a minute anyway: HELP_PAGE_CACHE). The hours are worked out once per minute: opening
 * times are whole minutes, so "open now" is never out of date.
 */
export function createHelpPages(deps: Deps) {
  const kept = new Map<string, { at: number; records: PageRecords; minute: number; hours: HoursFacts | null }>();
  return {
    async load(slug: string | null): Promise<HelpPageData | null> {
      const now = deps.clock();
      const key = slug ?? '';
      let entry = kept.get(key);
      if (!entry || now < entry.at || now - entry.at >= HELP_PAGE_RECORDS_MS) {
        const records = await readHelpPage(deps, slug);
        if (!records) {
          kept.delete(key);
          return null;
        }
        entry = { at: now, records, minute: -1, hours: null };
        kept.set(key, entry);
      }
      const minute = Math.floor(now / MINUTE);
      if (entry.minute !== minute) {
        entry.hours = entry.records.schedules ? hoursFacts(entry.records.schedules, new Date(now)) : null;
        entry.minute = minute;
      }
      const { schedules: _schedules, ...page } = entry.records;
      return { ...page, hours: entry.hours };
    },
  };
}

export type CallbackResult = { outcome: 'created'; id: string } | { outcome: 'rate_limited' };

/**
 * A call back request from the public help page: one row on the service's board queue
 * (source 'public', status 'waiting') and its audit event, in one transaction, or
 * nothing at all. At most config.publicCallbacksPerHour from one address in an hour,
 * counted from the audit trail's keyed digest of the address (no address is stored).
 */
export async function requestPublicCallback(deps: Deps, actor: Actor, service: HelpService, values: CallbackValues): Promise<CallbackResult> {
  const digest = sourceDigest(deps.secretKey, actor.source);
  const since = new Date(deps.clock() - 3_600_000).toISOString();
  const result = await deps.db.transaction().execute(async (trx): Promise<CallbackResult> => {
    // Two requests at once from one address are counted one after the other.
    if (deps.engine === 'postgres' && digest) await sql`select pg_advisory_xact_lock(hashtext(${`public-callback:${digest}`}))`.execute(trx);
    if (digest) {
      const recent = await trx
        .selectFrom('audit_events')
        .select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('count'))
        .where('organisation_id', '=', service.organisationId)
        .where('at', '>=', since)
        .where('action', '=', CALLBACK_AUDIT_ACTION)
        .where('outcome', '=', 'success')
        .where('source_digest', '=', digest)
        .executeTakeFirst();
      if (Number(recent?.count ?? 0) >= deps.config.publicCallbacksPerHour) return { outcome: 'rate_limited' };
    }
    const now = nowIso(deps.clock);
    const row: CallbackRequestsTable = {
      id: newId(),
      organisation_id: service.organisationId,
      service_id: service.id,
      name: values.name,
      how_to_reach: values.reach,
      good_time: values.time || null,
      message: values.message || null,
      status: 'waiting',
      handled_by: null,
      contact_id: null,
      source: 'public',
      created_at: now,
      updated_at: now,
      version: 1,
    };
    await trx.insertInto('callback_requests').values(row).execute();
    await recordAudit(
      trx,
      deps.audit,
      auditInput(
        { ...actor, organisationId: service.organisationId },
        {
          action: CALLBACK_AUDIT_ACTION,
          entityType: 'callback_request',
          entityId: row.id,
          // Which optional fields were given, never what they say.
          details: { serviceId: service.id, source: 'public', gave: (['time', 'message'] as const).filter((f) => values[f] !== '') },
        },
      ),
    );
    return { outcome: 'created', id: row.id };
  });
  if (result.outcome === 'created') await notifyBoard(deps, service.id);
  return result;
}
