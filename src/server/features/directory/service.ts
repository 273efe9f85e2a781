import { recordAudit } from '../../audit/audit.js';
import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { DirectoryEntriesTable } from '../../db/tables.js';
import { json, newId, nowIso } from '../../db/values.js';
import { updateVersioned } from '../../db/versioned.js';
import { auditInput, type Actor, type Auth, type Deps } from '../../http/context.js';
import { AppError, badRequest, notFound, staleVersion } from '../../http/errors.js';
import type {
  DirectoryEntryForm,
  DirectoryEntryOut,
  DirectoryEntryUpdate,
  DirectoryEntryVersion,
  DirectoryImportQuery,
  DirectoryImportReport,
  DirectoryListOut,
  DirectoryListQuery,
  ImportProblem,
} from '../../../shared/directory/entries.js';
import { feedItems, OrukService, type OrukDocument, type OrukFeed, type OrukPage } from '../../../shared/directory/oruk.js';
import { describeOpening, localDate, openingAt, schedulesFromOpeningHours, type ServiceSchedules } from '../../../shared/directory/schedules.js';
import { alwaysOpen, type OpeningHours } from '../../../shared/opening-hours.js';
import {
  agesOverlap,
  agesWithin,
  checkedAtFromAssuredDate,
  documentToForm,
  extractColumns,
  formToDocument,
  isStale,
  matchesText,
  publicDocument,
  readDocument,
  staleBefore,
  type ReadResult,
} from './mapping.js';
import { activeEntries, allDocuments, entryForService, entryIdsOf, findEntry, listEntries, ownersOf, type EntryRow } from './queries.js';

const WHAT = 'That directory entry';
const FIX_FIELDS = 'Some of what was sent needs changing. Check the fields listed.';

type Read = Extract<ReadResult, { ok: true }>;

/** A stored document, read; one that no longer reads (it never should) shows its name and nothing else. */
function readStored(row: Pick<DirectoryEntriesTable, 'id' | 'name' | 'status' | 'document'>): Read {
  const read = readDocument(json<unknown>(row.document, null));
  if (read.ok) return read;
  const service = OrukService.parse({ id: row.id, name: row.name || 'Unnamed', status: row.status, organization: { id: 'unknown', name: 'Not known' } });
  return { ok: true, service, schedules: { regular_schedules: [], holiday_schedules: [], observes_bank_holidays: false } };
}

const hoursOf = (linkedOpeningHours: string | null, read: Read, linked: boolean): ServiceSchedules =>
  linked ? schedulesFromOpeningHours(json<OpeningHours>(linkedOpeningHours, alwaysOpen())) : read.schedules;

const openingText = (s: ServiceSchedules, now: Date): string =>
  s.regular_schedules.length === 0 && s.holiday_schedules.length === 0 ? 'No opening hours given' : describeOpening(s, now);

export function entryOut(row: EntryRow, now: Date): DirectoryEntryOut {
  const read = readStored(row);
  const linked = row.service_id !== null && row.linked_service_name !== null;
  const fields = documentToForm(read.service, read.schedules, row.service_id);
  return {
    id: row.id,
    ...fields,
    linkedServiceName: row.linked_service_name,
    hoursFromService: linked,
    openingNow: openingText(hoursOf(row.linked_opening_hours, read, linked), now),
    lastCheckedAt: row.last_checked_at,
    lastCheckedByName: row.last_checked_by_name,
    stale: isStale(row.last_checked_at, now),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
}

const columnsOf = (read: Read) => {
  const c = extractColumns(read.service);
  return { name: c.name, status: c.status, taxonomy: JSON.stringify(c.taxonomy), min_age: c.minAge, max_age: c.maxAge };
};

/** The document a form makes must read back (it always should: the form is checked first). */
function checkedDocument(document: OrukDocument): Read {
  const read = readDocument(document);
  if (!read.ok) throw badRequest(FIX_FIELDS, Object.fromEntries(read.reasons.map((r) => [r.field, r.message])));
  return read;
}

/** The linked service must be this organisation's, and described by no other entry. */
async function assertLinkable(db: DbOrTrx, organisationId: string, serviceId: string | null, entryId?: string): Promise<void> {
  if (serviceId === null) return;
  const service = await scoped(db, 'services', organisationId).select('services.id').where('services.id', '=', serviceId.toLowerCase()).executeTakeFirst();
  if (!service) throw badRequest(FIX_FIELDS, { serviceId: 'Choose one of your services' });
  if (await entryForService(db, organisationId, serviceId.toLowerCase(), entryId)) {
    throw badRequest(FIX_FIELDS, { serviceId: 'Another entry already describes this service. Change that one, or unlink it first.' });
  }
}

async function reread(db: DbOrTrx, organisationId: string, entryId: string, now: Date): Promise<DirectoryEntryOut> {
  const row = await findEntry(db, organisationId, entryId);
  if (!row) throw notFound(WHAT);
  return entryOut(row, now);
}

// ---- admin reads -------------------------------------------------------------------------------

export async function listDirectory(deps: Deps, auth: Auth, query: DirectoryListQuery): Promise<DirectoryListOut> {
  const now = new Date(deps.clock());
  const rows = await listEntries(deps.db, auth.organisationId, { status: query.status, ...(query.stale ? { checkedBefore: staleBefore(now) } : {}) });
  const wanted = rows
    .map((row) => ({ row, read: readStored(row) }))
    .filter(({ row }) => query.stale !== false || !isStale(row.last_checked_at, now))
    .filter(({ row }) => !query.taxonomy || json<string[]>(row.taxonomy, []).includes(query.taxonomy))
    .filter(({ read }) => !query.q || matchesText(read.service, query.q));
  const start = (query.page - 1) * query.perPage;
  return { entries: wanted.slice(start, start + query.perPage).map(({ row }) => entryOut(row, now)), total: wanted.length, page: query.page, perPage: query.perPage };
}

/** Entries never checked or not checked for 6 months, the longest unchecked first. */
export async function listStaleEntries(deps: Deps, auth: Auth): Promise<DirectoryListOut> {
  const now = new Date(deps.clock());
  const rows = await listEntries(deps.db, auth.organisationId, { checkedBefore: staleBefore(now) });
  const sorted = [...rows].sort((a, b) => (a.last_checked_at ?? '').localeCompare(b.last_checked_at ?? '') || a.name.localeCompare(b.name));
  return { entries: sorted.map((row) => entryOut(row, now)), total: sorted.length, page: 1, perPage: Math.max(sorted.length, 1) };
}

export async function getEntry(deps: Deps, auth: Auth, entryId: string): Promise<DirectoryEntryOut> {
  return reread(deps.db, auth.organisationId, entryId, new Date(deps.clock()));
}

// ---- admin writes ------------------------------------------------------------------------------

export async function createEntry(deps: Deps, actor: Actor, auth: Auth, form: DirectoryEntryForm): Promise<DirectoryEntryOut> {
  const organisationId = auth.organisationId;
  return deps.db.transaction().execute(async (trx) => {
    const serviceId = form.serviceId?.toLowerCase() ?? null;
    await assertLinkable(trx, organisationId, serviceId);
    const id = newId();
    const document = formToDocument(form, undefined, id, newId);
    const read = checkedDocument(document);
    const now = nowIso(deps.clock);
    await trx
      .insertInto('directory_entries')
      .values({ id, organisation_id: organisationId, service_id: serviceId, ...columnsOf(read), document: JSON.stringify(document), last_checked_at: now, last_checked_by: actor.userId, created_at: now, updated_at: now, version: 1 })
      .execute();
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'directory.create', entityType: 'directory_entry', entityId: id, details: { taxonomy: form.taxonomy, linked: serviceId !== null } }));
    return reread(trx, organisationId, id, new Date(deps.clock()));
  });
}

/** Saving the form over an entry; whatever else its document holds is kept. */
export async function updateEntry(deps: Deps, actor: Actor, auth: Auth, entryId: string, update: DirectoryEntryUpdate): Promise<DirectoryEntryOut> {
  const organisationId = auth.organisationId;
  const { version, ...form } = update;
  return deps.db.transaction().execute(async (trx) => {
    const existing = await findEntry(trx, organisationId, entryId);
    if (!existing) throw notFound(WHAT);
    const clock = new Date(deps.clock());
    if (Number(existing.version) !== version) throw staleVersion(entryOut(existing, clock), update);
    const serviceId = form.serviceId?.toLowerCase() ?? null;
    await assertLinkable(trx, organisationId, serviceId, entryId);
    const before = json<OrukDocument | undefined>(existing.document, undefined);
    const document = formToDocument(form, before, entryId, newId);
    const read = checkedDocument(document);
    const beforeForm = documentToForm(readStored(existing).service, readStored(existing).schedules, existing.service_id);
    const changed = (Object.keys(form) as (keyof DirectoryEntryForm)[]).filter((k) => JSON.stringify(form[k]) !== JSON.stringify(beforeForm[k]));
    await updateVersioned(trx, 'directory_entries', { id: entryId, organisationId, version }, { ...columnsOf(read), service_id: serviceId, document: JSON.stringify(document) }, {
      now: nowIso(deps.clock),
      describe: () => entryOut(existing, clock),
      submitted: update,
      what: WHAT,
    });
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'directory.update', entityType: 'directory_entry', entityId: entryId, details: { fields: changed } }));
    return reread(trx, organisationId, entryId, clock);
  });
}

/** "Checked today": the details were confirmed with the service (also the document's ORUK `assured_date`). */
export async function markEntryChecked(deps: Deps, actor: Actor, auth: Auth, entryId: string, input: DirectoryEntryVersion): Promise<DirectoryEntryOut> {
  return changeDocument(deps, actor, auth, entryId, input, 'directory.check', (document, now) => {
    document.assured_date = localDate(now);
    return { last_checked_at: now.toISOString(), last_checked_by: actor.userId };
  });
}

/** Archiving: ORUK status inactive. The entry stays (signposting records point at it) and can be made active again by an edit. */
export async function archiveEntry(deps: Deps, actor: Actor, auth: Auth, entryId: string, input: DirectoryEntryVersion): Promise<DirectoryEntryOut> {
  return changeDocument(deps, actor, auth, entryId, input, 'directory.archive', (document) => {
    document.status = 'inactive';
    return {};
  });
}

async function changeDocument(
  deps: Deps,
  actor: Actor,
  auth: Auth,
  entryId: string,
  input: DirectoryEntryVersion,
  action: string,
  change: (document: OrukDocument, now: Date) => Partial<DirectoriesSet>,
): Promise<DirectoryEntryOut> {
  const organisationId = auth.organisationId;
  return deps.db.transaction().execute(async (trx) => {
    const existing = await findEntry(trx, organisationId, entryId);
    if (!existing) throw notFound(WHAT);
    const now = new Date(deps.clock());
    if (Number(existing.version) !== input.version) throw staleVersion(entryOut(existing, now), input);
    const document = json<OrukDocument>(existing.document, {});
    const set = change(document, now);
    const read = checkedDocument(document);
    await updateVersioned(trx, 'directory_entries', { id: entryId, organisationId, version: input.version }, { ...columnsOf(read), ...set, document: JSON.stringify(document) }, {
      now: now.toISOString(),
      describe: () => entryOut(existing, now),
      submitted: input,
      what: WHAT,
    });
    await recordAudit(trx, deps.audit, auditInput(actor, { action, entityType: 'directory_entry', entityId: entryId }));
    return reread(trx, organisationId, entryId, now);
  });
}
type DirectoriesSet = Pick<DirectoryEntriesTable, 'last_checked_at' | 'last_checked_by'>;

// ---- import and export -----------------------------------------------------------------------------

/** Text from a document for a report: plain, short, never run. */
const plain = (v: unknown): string | null => {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  // eslint-disable-next-line no-control-regex -- control characters are dropped from the report
  const s = String(v).replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return s === '' ? null : s.slice(0, 200);
};

/**
 * An ORUK file in: every service is read and its hours checked first. By default one
 * problem stops the whole file (nothing is stored, and the report says what and why);
 * with `skipInvalid` the services that read well are stored and the rest listed as
 * skipped. A service whose id is one of this organisation's entries updates it; an id
 * used by another organisation on this instance is a problem (ids are unique here).
 */
export async function importDirectory(deps: Deps, actor: Actor, auth: Auth, feed: OrukFeed, options: DirectoryImportQuery): Promise<DirectoryImportReport> {
  const organisationId = auth.organisationId;
  const { items, at } = feedItems(feed);
  if (items.length === 0) throw badRequest('The file has no services in it.', { content: 'Add at least one service' });
  if (items.length > 5000) throw badRequest('Import up to 5,000 services at a time.', { content: 'Split the file into smaller ones' });

  return deps.db.transaction().execute(async (trx) => {
    const skipped: ImportProblem[] = [];
    const problem = (i: number, item: unknown, reasons: ImportProblem['reasons']) => {
      const o = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
      skipped.push({ at: at(i), id: plain(o.id), name: plain(o.name), reasons });
    };
    const good: { index: number; item: OrukDocument; read: Read }[] = [];
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const read = readDocument(item);
      if (!read.ok) return problem(i, item, read.reasons);
      const first = seen.get(read.service.id);
      if (first !== undefined) return problem(i, item, [{ field: 'id', message: `This id is also used by the service at ${at(first)}: each service needs its own id` }]);
      seen.set(read.service.id, i);
      good.push({ index: i, item: item as OrukDocument, read });
    });
    const owners = await ownersOf(trx, good.map((g) => g.read.service.id));
    const stored = good.filter((g) => {
      const owner = owners.get(g.read.service.id);
      if (owner === undefined || owner === organisationId) return true;
      problem(g.index, g.item, [{ field: 'id', message: 'This id is already in use here. Give the service a different id.' }]);
      return false;
    });
    const created = stored.filter((g) => !owners.has(g.read.service.id)).length;
    const report: DirectoryImportReport = { received: items.length, created, updated: stored.length - created, stored: false, skipped: orderByPlace(skipped) };

    if (skipped.length > 0 && !options.skipInvalid) {
      const n = skipped.length;
      throw new AppError(400, 'import_refused', `Nothing was imported: ${n} of ${items.length} ${items.length === 1 ? 'service has' : 'services have'} problems. The report lists what and why.`, undefined, {
        report: { ...report, created: 0, updated: 0 },
      });
    }
    if (options.dryRun || stored.length === 0) return report;

    const now = new Date(deps.clock());
    const nowText = now.toISOString();
    for (const { item, read } of stored) {
      const id = read.service.id;
      const checked = checkedAtFromAssuredDate(read.service.assured_date, now);
      const columns = columnsOf(read);
      if (owners.has(id)) {
        const existing = await trx.selectFrom('directory_entries').select(['version', 'last_checked_at', 'last_checked_by']).where('id', '=', id).where('organisation_id', '=', organisationId).executeTakeFirstOrThrow();
        await trx
          .updateTable('directory_entries')
          .set({ ...columns, document: JSON.stringify(item), ...(checked !== null && checked !== existing.last_checked_at ? { last_checked_at: checked, last_checked_by: null } : {}), updated_at: nowText, version: Number(existing.version) + 1 })
          .where('id', '=', id)
          .where('organisation_id', '=', organisationId)
          .execute();
      } else {
        await trx
          .insertInto('directory_entries')
          .values({ id, organisation_id: organisationId, service_id: null, ...columns, document: JSON.stringify(item), last_checked_at: checked, last_checked_by: null, created_at: nowText, updated_at: nowText, version: 1 })
          .execute();
      }
    }
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'directory.import', entityType: 'organisation', entityId: organisationId, details: { received: items.length, created, updated: stored.length - created, skipped: skipped.length } }));
    return { ...report, stored: true };
  });
}

const placeOf = (p: ImportProblem) => Number(/\[(\d+)\]/.exec(p.at)?.[1] ?? 0);
const orderByPlace = (problems: ImportProblem[]) => [...problems].sort((a, b) => placeOf(a) - placeOf(b));

/** Every entry's document exactly as stored, as one ORUK page (what import reads back). */
export async function exportDirectory(deps: Deps, actor: Actor, auth: Auth): Promise<OrukPage<OrukDocument>> {
  const rows = await allDocuments(deps.db, auth.organisationId);
  await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'directory.export', entityType: 'organisation', entityId: auth.organisationId, details: { count: rows.length } }));
  const content = rows.map((r) => json<OrukDocument>(r.document, { id: r.id }));
  return { totalElements: content.length, totalPages: 1, number: 1, size: content.length, first: true, last: true, content };
}

// ---- public read API -------------------------------------------------------------------------------

export interface PublicQuery {
  page: number;
  perPage: number;
  text?: string;
  taxonomyId?: string;
  minimumAge?: number;
  maximumAge?: number;
  age?: number;
  openNow?: boolean;
}

type PublicRow = Awaited<ReturnType<typeof activeEntries>>[number];

function publicOf(row: PublicRow, now: Date): { document: OrukDocument; read: Read; hours: ServiceSchedules } {
  const read = readStored(row);
  const linked = row.service_id !== null && row.linked_opening_hours !== null;
  const hours = hoursOf(row.linked_opening_hours, read, linked);
  const document = publicDocument(json<OrukDocument>(row.document, {}), { today: localDate(now), ...(linked ? { hoursFromService: hours } : {}) });
  return { document, read, hours };
}

/** Active services of this instance's directory, filtered and paged (ORUK v1 list). */
export async function listPublicServices(deps: Deps, query: PublicQuery): Promise<OrukPage<OrukDocument>> {
  const now = new Date(deps.clock());
  const rows = await activeEntries(deps.db);
  const ages = (row: PublicRow) => ({ minAge: row.min_age === null ? null : Number(row.min_age), maxAge: row.max_age === null ? null : Number(row.max_age) });
  const matching = rows
    .filter((row) => !query.taxonomyId || json<string[]>(row.taxonomy, []).includes(query.taxonomyId))
    .filter((row) => query.age === undefined || agesOverlap(ages(row), { from: query.age, to: query.age }))
    .filter((row) => agesWithin(ages(row), { ...(query.minimumAge !== undefined ? { minimumAge: query.minimumAge } : {}), ...(query.maximumAge !== undefined ? { maximumAge: query.maximumAge } : {}) }))
    .map((row) => ({ row, ...publicOf(row, now) }))
    .filter(({ read }) => !query.text || matchesText(read.service, query.text))
    .filter(({ hours }) => query.openNow === undefined || isOpenNow(hours, now) === query.openNow);
  const totalPages = Math.max(1, Math.ceil(matching.length / query.perPage));
  const start = (query.page - 1) * query.perPage;
  const content = matching.slice(start, start + query.perPage).map((m) => m.document);
  return { totalElements: matching.length, totalPages, number: query.page, size: query.perPage, first: query.page === 1, last: query.page >= totalPages, content };
}

/** No hours given: not counted as open now. */
const isOpenNow = (hours: ServiceSchedules, now: Date): boolean =>
  (hours.regular_schedules.length > 0 || hours.holiday_schedules.length > 0) && openingAt(hours, now).open;

export async function getPublicService(deps: Deps, entryId: string): Promise<OrukDocument> {
  const [row] = await activeEntries(deps.db, entryId);
  if (!row) throw notFound('That service');
  return publicOf(row, new Date(deps.clock())).document;
}

// ---- for other features ----------------------------------------------------------------------------

/** Directory entry ids must be this organisation's (signposting, transitions): the unknown ones, for a field error. */
export async function unknownEntryIds(db: DbOrTrx, organisationId: string, ids: string[]): Promise<string[]> {
  const found = await entryIdsOf(db, organisationId, ids);
  return ids.filter((id) => !found.has(id));
}
