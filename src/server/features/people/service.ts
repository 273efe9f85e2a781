import { recordAudit } from '../../audit/audit.js';
import type { Person, PeopleTable } from '../../db/tables.js';
import { json, newId, nowIso } from '../../db/values.js';
import { updateVersioned } from '../../db/versioned.js';
import { auditInput, type Actor, type Deps } from '../../http/context.js';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.js';
import {
  todayUtc,
  type DuplicateCandidate,
  type MergeBody,
  type MergeOut,
  type MergeUndoOut,
  type PeopleSearchQuery,
  type PersonCreate,
  type PersonMatch,
  type PersonOut,
  type PersonPatch,
  type TimelineItem,
} from '../../../shared/people.js';
import { scoped, type DbOrTrx } from '../../db/scope.js';
import { createNameIndexes, type NameIndexes } from './name-index.js';
import {
  briefsOf,
  exactCandidates,
  findBriefs,
  findMerge,
  findPerson,
  type PersonBrief,
  idsOwnedBy,
  moveRecords,
  nameCandidates,
  pairCandidates,
  wordCandidates,
  replaceSearchTerms,
  timelineRows,
  wholeNameCandidates,
} from './queries.js';
import {
  TERM_MAX,
  ageNow,
  isPossibleDuplicate,
  mergeEquality,
  nameKey,
  namePhonetic,
  nameScorer,
  type NameScorer,
  pairTerms,
  phoneticCode,
  queryWords,
  rankPeople,
  type MatchReason,
  readEquality,
  searchTerms,
} from './rules.js';

const personNotFound = () => notFound('That person');
const today = (deps: Pick<Deps, 'clock'>) => todayUtc(new Date(deps.clock()));

export function personOut(row: Person, todayDate: string): PersonOut {
  return {
    id: row.id,
    preferredName: row.preferred_name,
    fullName: row.full_name,
    pronouns: row.pronouns,
    dateOfBirth: row.date_of_birth,
    approximateAge: row.approximate_age,
    ageRecordedOn: row.age_recorded_on,
    ageNow: ageNow(row, todayDate),
    phone: row.phone,
    email: row.email,
    address: row.address,
    postcode: row.postcode,
    preferredLanguage: row.preferred_language,
    communicationNeeds: row.communication_needs,
    nhsNumber: row.nhs_number,
    equality: readEquality(row.equality),
    whatHelps: row.what_helps,
    mergedIntoId: row.merged_into_id,
    mergedAt: row.merged_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** Request field → column, for the fields stored as they are. */
const PLAIN_FIELDS = {
  fullName: 'full_name',
  pronouns: 'pronouns',
  phone: 'phone',
  email: 'email',
  address: 'address',
  postcode: 'postcode',
  preferredLanguage: 'preferred_language',
  communicationNeeds: 'communication_needs',
  nhsNumber: 'nhs_number',
  whatHelps: 'what_helps',
} as const satisfies Partial<Record<keyof PersonPatch, keyof PeopleTable>>;

type PersonChanges = Partial<Omit<PeopleTable, 'id' | 'organisation_id' | 'created_at' | 'created_by' | 'version'>>;

/** The columns a create or a change sets; the birth fields keep one of date of birth or approximate age. */
function columnsFrom(input: Omit<PersonPatch, 'version'>, current: Person | null, todayDate: string): PersonChanges {
  const changes: PersonChanges = {};
  for (const [field, column] of Object.entries(PLAIN_FIELDS) as [keyof typeof PLAIN_FIELDS, (typeof PLAIN_FIELDS)[keyof typeof PLAIN_FIELDS]][]) {
    const value = input[field];
    if (value !== undefined) changes[column] = value;
  }
  if (input.preferredName !== undefined) changes.preferred_name = input.preferredName;
  if (input.dateOfBirth !== undefined) {
    changes.date_of_birth = input.dateOfBirth;
    if (input.dateOfBirth !== null) {
      changes.approximate_age = null;
      changes.age_recorded_on = null;
    }
  }
  if (input.approximateAge !== undefined) {
    changes.approximate_age = input.approximateAge;
    changes.age_recorded_on = input.approximateAge === null ? null : todayDate;
    if (input.approximateAge !== null) changes.date_of_birth = null;
  }
  if (input.equality !== undefined) {
    changes.equality = JSON.stringify(mergeEquality(readEquality(current?.equality), input.equality));
  }
  if (input.preferredName !== undefined || input.fullName !== undefined) {
    const preferred = input.preferredName ?? current?.preferred_name ?? '';
    const full = input.fullName !== undefined ? input.fullName : (current?.full_name ?? null);
    const key = nameKey(`${preferred} ${full ?? ''}`);
    changes.name_key = key;
    changes.name_phonetic = namePhonetic(key);
  }
  return changes;
}

// ---- search -----------------------------------------------------------------------------

/** Query words paired at most (4 words: 6 pairs of each kind). */
const QUERY_PAIR_WORDS = 4;

/** How many results a search gives at most. */
export const SEARCH_LIMIT = 20;

/**
 * People whose names may match a query. Three looks, cheapest first, each only when the
 * ones before found too little (enoughFound):
 *  1. whole names starting with the query, as typed or as it sounds;
 *  2. for two or more words, people with two of the words at once (by sound or first letters,
 *     in any order): exact index lookups, however common each name is on its own;
 *  3. a word at a time: for one word, names with a word starting with it or sounding like it;
 *     for more, the wider look (one word's typo, middle names, initials).
 */
async function nameMatches(db: DbOrTrx, organisationId: string, text: string, scorer?: NameScorer): Promise<PersonBrief[]> {
  const words = queryWords(text);
  const score = scorer ?? nameScorer(words);
  if (words.length === 0) return [];
  const key = words.join(' ').slice(0, TERM_MAX);
  const found = new Map<string, PersonBrief>();
  const add = (rows: PersonBrief[]) => {
    for (const p of rows) if (!found.has(p.id)) found.set(p.id, p);
  };
  add(await wholeNameCandidates(db, organisationId, key, namePhonetic(key).slice(0, TERM_MAX), SEARCH_LIMIT));
  if (words.length >= 2 && !enoughFound(words, found.values(), score)) add(await pairCandidates(db, organisationId, pairTerms(words.slice(0, QUERY_PAIR_WORDS))));
  if (!enoughFound(words, found.values(), score)) {
    if (words.length === 1) {
      add(await wordCandidates(db, organisationId, words[0]!, phoneticCode(words[0]!), SEARCH_LIMIT));
    } else {
      const codes = [...new Set(words.map(phoneticCode).filter(Boolean))];
      const seen = new Set(found.keys());
      add(await findBriefs(db, organisationId, (await nameCandidates(db, organisationId, words, codes)).filter((id) => !seen.has(id))));
    }
  }
  return [...found.values()];
}

/**
 * Enough to stop looking: a full page of good matches, or, for a query of two or more
 * words, someone whose name is what was typed (near enough exactly). A close match is not
 * enough: "pior adebaio" is as close to Priya Adebayo as to Piotr Adebayo, and stopping at
 * the Priyas found by sound would never show Piotr. The pair look that follows is a few
 * exact index reads.
 */
export const STOP_LOOKING_SCORE = 0.95;
function enoughFound(words: string[], people: Iterable<PersonBrief>, scorer: NameScorer): boolean {
  let good = 0;
  for (const p of people) {
    const score = scorer(p.preferred_name, p.full_name, p.name_key);
    if (score >= 0.6) good += 1;
    if (good >= SEARCH_LIMIT || (words.length >= 2 && score >= STOP_LOOKING_SCORE)) return true;
  }
  return false;
}

/** Each app's name indexes (name-index.ts), made on first use. */
const nameIndexes = new WeakMap<object, NameIndexes>();
export function nameIndexesOf(deps: Pick<Deps, 'db' | 'realtime' | 'clock'>): NameIndexes {
  let indexes = nameIndexes.get(deps.realtime);
  if (!indexes) nameIndexes.set(deps.realtime, (indexes = createNameIndexes(deps.db, deps.realtime, deps.clock)));
  return indexes;
}

/**
 * Finds people by name (typos allowed), date of birth or NHS number, best 20 first. A search by
 * name alone is ranked from the organisation's name index in memory when it is current, and only
 * the people shown are read from the database; otherwise, and with a date of birth or NHS number,
 * from the database (searchPeopleInDatabase).
 */
export async function searchPeople(deps: Pick<Deps, 'db' | 'realtime' | 'clock'>, organisationId: string, query: PeopleSearchQuery): Promise<PersonMatch[]> {
  const index = query.q && !query.dob && !query.nhs ? nameIndexesOf(deps).current(organisationId) : undefined;
  if (!index) return searchPeopleInDatabase(deps.db, organisationId, query);
  const hits = index.search(queryWords(query.q!), SEARCH_LIMIT);
  // Each result's details from the index; people changed since it read them, from the database.
  const rows = hits.map((hit) => index.briefOf(hit.person));
  const stale = hits.filter((_, i) => rows[i] === undefined).map((hit) => hit.id);
  const fresh = stale.length ? new Map((await briefsOf(deps.db, organisationId, stale)).map((r) => [r.id, r])) : undefined;
  const found: PersonMatch[] = [];
  hits.forEach((hit, i) => {
    const row = rows[i] ?? fresh?.get(hit.id);
    // Merged or removed since the index was built (another instance's change not heard yet).
    if (row && row.merged_into_id === null) found.push(matchOut(row, ['name']));
  });
  return found;
}

/**
 * After a change to what search results show about these people, other than their names
 * (which call `nameIndexesOf(deps).changed`): committed details, or a contact recorded with them.
 */
export async function peopleTouched(deps: Pick<Deps, 'db' | 'realtime' | 'clock'>, organisationId: string, personIds: string[]): Promise<void> {
  if (personIds.length) await nameIndexesOf(deps).touched(organisationId, personIds);
}

function matchOut(row: PersonBrief, matchedOn: MatchReason[]): PersonMatch {
  return {
    id: row.id,
    preferredName: row.preferred_name,
    fullName: row.full_name,
    pronouns: row.pronouns,
    dateOfBirth: row.date_of_birth,
    approximateAge: row.approximate_age,
    ageRecordedOn: row.age_recorded_on,
    postcode: row.postcode,
    nhsNumber: row.nhs_number,
    lastContactAt: row.last_contact_at,
    matchedOn,
  };
}

/** Gathers candidates by indexed conditions, ranks them in code and keeps the best 20. */
export async function searchPeopleInDatabase(db: DbOrTrx, organisationId: string, query: PeopleSearchQuery): Promise<PersonMatch[]> {
  const words = queryWords(query.q ?? '');
  // One scorer for the whole search: each candidate's name is compared with the query once.
  const scorer = nameScorer(words);
  const byName = query.q ? await nameMatches(db, organisationId, query.q, scorer) : [];
  const byDob = query.dob ? await exactCandidates(db, organisationId, 'date_of_birth', query.dob) : [];
  const byNhs = query.nhs ? await exactCandidates(db, organisationId, 'nhs_number', query.nhs) : [];
  const unique = new Map<string, PersonBrief>();
  for (const p of [...byNhs, ...byDob, ...byName]) if (p.merged_into_id === null) unique.set(p.id, p);
  const ranked = rankPeople(
    { words, dob: query.dob, nhs: query.nhs, scorer },
    [...unique.values()].map((p) => ({ row: p, preferredName: p.preferred_name, fullName: p.full_name, nameKey: p.name_key, dateOfBirth: p.date_of_birth, nhsNumber: p.nhs_number })),
    SEARCH_LIMIT,
  );
  return ranked.map(({ row, matchedOn }) => matchOut(row, matchedOn));
}

/** Existing records that may be the same person as a new one (at most 10). */
async function possibleDuplicates(db: DbOrTrx, organisationId: string, input: PersonCreate, todayDate: string): Promise<DuplicateCandidate[]> {
  const rows = await nameMatches(db, organisationId, input.preferredName);
  if (input.fullName) rows.push(...(await nameMatches(db, organisationId, input.fullName)));
  if (input.nhsNumber) rows.push(...(await exactCandidates(db, organisationId, 'nhs_number', input.nhsNumber)));
  const probe = {
    preferredName: input.preferredName,
    fullName: input.fullName ?? null,
    dateOfBirth: input.dateOfBirth ?? null,
    age: ageNow({ date_of_birth: input.dateOfBirth ?? null, approximate_age: input.approximateAge ?? null, age_recorded_on: todayDate }, todayDate),
    nhsNumber: input.nhsNumber ?? null,
  };
  const seen = new Set<string>();
  const matches = rows.filter((row) => {
    if (row.merged_into_id !== null || seen.has(row.id)) return false;
    seen.add(row.id);
    return isPossibleDuplicate(probe, {
      preferredName: row.preferred_name,
      fullName: row.full_name,
      dateOfBirth: row.date_of_birth,
      age: ageNow(row, todayDate),
      nhsNumber: row.nhs_number,
    });
  });
  const chosen = matches.slice(0, 10);
  return chosen.map((row) => ({
    id: row.id,
    preferredName: row.preferred_name,
    fullName: row.full_name,
    dateOfBirth: row.date_of_birth,
    approximateAge: row.approximate_age,
    ageRecordedOn: row.age_recorded_on,
    lastContactAt: row.last_contact_at,
  }));
}

// ---- create, read, update -------------------------------------------------------------------

export interface CreateResult {
  created: boolean;
  person: PersonOut;
}

/**
 * Adds a person. When records that may be the same person exist and the worker has not
 * confirmed, answers 409 `possible_duplicate` with them so the screen can ask. A repeat of
 * a create with the same client id answers the record made the first time.
 */
export async function createPerson(deps: Deps, actor: Actor, organisationId: string, input: PersonCreate): Promise<CreateResult> {
  const now = nowIso(deps.clock);
  const todayDate = today(deps);
  if (input.id) {
    const existing = await deps.db.selectFrom('people').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (existing) {
      if (existing.organisation_id !== organisationId) throw conflict('That reference is already in use. Try again.');
      return { created: false, person: personOut(existing, todayDate) };
    }
  }
  if (input.confirmNotDuplicate !== true) {
    const candidates = await possibleDuplicates(deps.db, organisationId, input, todayDate);
    if (candidates.length) {
      throw new AppError(409, 'possible_duplicate', 'This person may already have a record. Check the people listed before adding a new one.', undefined, { candidates });
    }
  }
  const { id: _id, confirmNotDuplicate: _confirm, ...fields } = input;
  const changes = columnsFrom({ ...fields, equality: fields.equality ?? {} }, null, todayDate);
  const key = nameKey(`${input.preferredName} ${input.fullName ?? ''}`);
  const row: Person = {
    id: input.id ?? newId(),
    organisation_id: organisationId,
    preferred_name: input.preferredName,
    full_name: null,
    pronouns: null,
    date_of_birth: null,
    approximate_age: null,
    age_recorded_on: null,
    phone: null,
    email: null,
    address: null,
    postcode: null,
    preferred_language: null,
    communication_needs: null,
    nhs_number: null,
    equality: '{}',
    what_helps: null,
    merged_into_id: null,
    merged_at: null,
    last_contact_at: null,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
    version: 1,
    ...changes,
    name_key: key,
    name_phonetic: namePhonetic(key),
  };
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('people').values(row).execute();
    await replaceSearchTerms(trx, organisationId, row.id, searchTerms(row.preferred_name, row.full_name));
    const given = Object.keys(fields).filter((k) => fields[k as keyof typeof fields] !== undefined && fields[k as keyof typeof fields] !== null)
      .sort();
    await recordAudit(
      trx,
      deps.audit,
      auditInput(actor, { action: 'person.create', entityType: 'person', entityId: row.id, details: { fields: given, confirmedNotDuplicate: input.confirmNotDuplicate === true } }),
    );
  });
  await nameIndexesOf(deps).changed(organisationId);
  return { created: true, person: personOut(row, todayDate) };
}

/** One person's record; the read is audited. A merged record still answers, with mergedIntoId. */
export async function readPerson(deps: Deps, actor: Actor, organisationId: string, personId: string): Promise<PersonOut> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await findPerson(trx, organisationId, personId);
    if (!row) throw personNotFound();
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'person.read', entityType: 'person', entityId: personId, details: { view: 'record' } }));
    return personOut(row, today(deps));
  });
}

/**
 * Boards show people by name: after a name change or a merge has committed, tell the
 * boards of services where any of these people are here now, so open screens refetch.
 */
async function refreshBoardsOf(deps: Deps, organisationId: string, personIds: string[]): Promise<void> {
  const rows = await scoped(deps.db, 'contacts', organisationId)
    .select('contacts.service_id')
    .distinct()
    .where('contacts.person_id', 'in', personIds)
    .where('contacts.left_at', 'is', null)
    .execute();
  for (const row of rows) await deps.realtime.publish(row.service_id);
}

export async function updatePerson(deps: Deps, actor: Actor, organisationId: string, personId: string, patch: PersonPatch): Promise<PersonOut> {
  const updated = await applyPersonUpdate(deps, actor, organisationId, personId, patch);
  if (patch.preferredName !== undefined || patch.fullName !== undefined) await nameIndexesOf(deps).changed(organisationId);
  else await peopleTouched(deps, organisationId, [personId]);
  if (patch.preferredName !== undefined) await refreshBoardsOf(deps, organisationId, [personId]);
  return updated;
}

async function applyPersonUpdate(deps: Deps, actor: Actor, organisationId: string, personId: string, patch: PersonPatch): Promise<PersonOut> {
  const { version, ...input } = patch;
  const now = nowIso(deps.clock);
  const todayDate = today(deps);
  return deps.db.transaction().execute(async (trx) => {
    const current = await findPerson(trx, organisationId, personId);
    if (!current) throw personNotFound();
    if (current.merged_into_id) {
      throw new AppError(409, 'merged', 'This record has been merged into another. Make the change on the kept record.', undefined, { mergedIntoId: current.merged_into_id });
    }
    const changes = columnsFrom(input, current, todayDate);
    const row = await updateVersioned(trx, 'people', { id: personId, organisationId, version }, changes, {
      now,
      describe: (r) => personOut(r, todayDate),
      submitted: patch,
      what: 'That person',
    });
    if (changes.name_key !== undefined) {
      await replaceSearchTerms(trx, organisationId, personId, searchTerms(row.preferred_name, row.full_name));
    }
    const fields = Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined).sort();
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'person.update', entityType: 'person', entityId: personId, details: { fields } }));
    return personOut(row, todayDate);
  });
}

// ---- timeline ---------------------------------------------------------------------------------

/** Everything that happened with this person across the organisation's services, newest first; audited. */
export async function personTimeline(deps: Deps, actor: Actor, organisationId: string, personId: string): Promise<TimelineItem[]> {
  return deps.db.transaction().execute(async (trx) => {
    const person = await findPerson(trx, organisationId, personId);
    if (!person) throw personNotFound();
    const { contacts, episodes, sessions, transitions } = await timelineRows(trx, organisationId, personId);
    const episodeService = new Map(episodes.map((e) => [e.id, { serviceId: e.service_id, serviceName: e.service_name }]));
    const items: TimelineItem[] = [
      ...contacts.map((c) => ({
        type: 'contact' as const,
        id: c.id,
        at: c.arrived_at,
        serviceId: c.service_id,
        serviceName: c.service_name,
        contactKind: c.kind,
        referralSource: c.referral_source,
        outcome: c.outcome,
        leftAt: c.left_at,
      })),
      ...episodes.map((e) => ({
        type: 'episode' as const,
        id: e.id,
        at: e.offered_at,
        serviceId: e.service_id,
        serviceName: e.service_name,
        status: e.status,
        sessionLimit: e.session_limit,
        closedAt: e.closed_at,
      })),
      ...sessions.map((s) => ({
        type: 'session' as const,
        id: s.id,
        at: s.held_at,
        ...episodeService.get(s.episode_id)!,
        episodeId: s.episode_id,
        sessionNumber: s.number,
      })),
      ...transitions.map((t) => ({
        type: 'transition' as const,
        id: t.id,
        at: t.created_at,
        ...episodeService.get(t.episode_id)!,
        episodeId: t.episode_id,
        status: t.status,
        toName: t.to_name,
        plannedDate: t.planned_date,
      })),
    ];
    items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? 1 : -1));
    await recordAudit(
      trx,
      deps.audit,
      auditInput(actor, { action: 'person.read', entityType: 'person', entityId: personId, details: { view: 'timeline', items: items.length } }),
    );
    return items;
  });
}

// ---- merge and undo ------------------------------------------------------------------------------

interface Moved {
  contacts: string[];
  episodes: string[];
  /** The merged record's crisis plan, when it had one (it goes with the person). */
  plans?: string[];
}

/**
 * Merges `otherPersonId` into `personId`: the other's contacts and episodes move to the kept
 * record, the other is marked merged (it still answers, pointing to the kept one) and the
 * exact list of moved records is kept so the merge can be undone. The kept record's version
 * guards against merging into a record someone has just changed.
 */
export async function mergePeople(deps: Deps, actor: Actor, organisationId: string, personId: string, body: MergeBody): Promise<MergeOut> {
  const merged = await applyMerge(deps, actor, organisationId, personId, body);
  await nameIndexesOf(deps).changed(organisationId);
  await refreshBoardsOf(deps, organisationId, [personId]);
  return merged;
}

async function movePlans(trx: DbOrTrx, organisationId: string, planIds: string[], toPersonId: string): Promise<void> {
  if (planIds.length === 0) return;
  await trx.updateTable('crisis_plans').set({ person_id: toPersonId }).where('organisation_id', '=', organisationId).where('id', 'in', planIds).execute();
}

async function applyMerge(deps: Deps, actor: Actor, organisationId: string, personId: string, body: MergeBody): Promise<MergeOut> {
  if (body.otherPersonId === personId) throw badRequest('Choose a different record to merge.', { otherPersonId: 'Choose a different record from this one' });
  const now = nowIso(deps.clock);
  const todayDate = today(deps);
  return deps.db.transaction().execute(async (trx) => {
    const kept = await findPerson(trx, organisationId, personId);
    if (!kept) throw personNotFound();
    const other = await findPerson(trx, organisationId, body.otherPersonId);
    if (!other) throw badRequest('That record was not found.', { otherPersonId: 'Choose a person from your organisation' });
    if (kept.merged_into_id) throw new AppError(409, 'merged', 'This record has already been merged into another.', undefined, { mergedIntoId: kept.merged_into_id });
    if (other.merged_into_id) throw badRequest('That record has already been merged.', { otherPersonId: 'This record has already been merged into another' });
    const keptRow = await updateVersioned(trx, 'people', { id: personId, organisationId, version: body.version }, {}, {
      now,
      describe: (r) => personOut(r, todayDate),
      submitted: body,
      what: 'That person',
    });
    // A crisis plan is the person's own words and agreements: it moves with them, but two
    // plans are never joined by a merge. The person decides which is theirs first.
    const plans = await trx.selectFrom('crisis_plans').select(['id', 'person_id']).where('organisation_id', '=', organisationId).where('person_id', 'in', [personId, other.id]).execute();
    if (plans.length === 2) {
      throw new AppError(
        409,
        'both_have_plans',
        'Both records have a crisis plan, and plans are never joined automatically. Go through both with the person first; then merge the record without a plan into the one with the plan they want to keep.',
      );
    }
    const moved: Moved = {
      contacts: await idsOwnedBy(trx, 'contacts', organisationId, other.id),
      episodes: await idsOwnedBy(trx, 'episodes', organisationId, other.id),
      plans: plans.filter((p) => p.person_id === other.id).map((p) => p.id),
    };
    await moveRecords(trx, 'contacts', organisationId, moved.contacts, personId);
    await moveRecords(trx, 'episodes', organisationId, moved.episodes, personId);
    await movePlans(trx, organisationId, moved.plans ?? [], personId);
    // A merged record is no longer found by search.
    await replaceSearchTerms(trx, organisationId, other.id, []);
    await trx
      .updateTable('people')
      .set({ merged_into_id: personId, merged_at: now, updated_at: now, version: other.version + 1 })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', other.id)
      .execute();
    const mergeId = newId();
    await trx
      .insertInto('person_merges')
      .values({
        id: mergeId,
        organisation_id: organisationId,
        kept_person_id: personId,
        merged_person_id: other.id,
        moved: JSON.stringify(moved),
        merged_by: actor.userId ?? 'unknown',
        merged_at: now,
        undone_by: null,
        undone_at: null,
      })
      .execute();
    await recordAudit(
      trx,
      deps.audit,
      auditInput(actor, {
        action: 'person.merge',
        entityType: 'person',
        entityId: personId,
        details: { mergeId, mergedPersonId: other.id, contacts: moved.contacts.length, episodes: moved.episodes.length },
      }),
    );
    return {
      mergeId,
      keptPersonId: personId,
      mergedPersonId: other.id,
      moved: { contacts: moved.contacts.length, episodes: moved.episodes.length },
      mergedAt: now,
      person: personOut(keptRow, todayDate),
    };
  });
}

/** Undoes a merge: exactly the records it moved go back, and the merged record stands on its own again. */
export async function undoMerge(deps: Deps, actor: Actor, organisationId: string, mergeId: string): Promise<MergeUndoOut> {
  const undone = await applyUndoMerge(deps, actor, organisationId, mergeId);
  await nameIndexesOf(deps).changed(organisationId);
  await refreshBoardsOf(deps, organisationId, [undone.keptPersonId, undone.restoredPersonId]);
  return undone;
}

async function applyUndoMerge(deps: Deps, actor: Actor, organisationId: string, mergeId: string): Promise<MergeUndoOut> {
  const now = nowIso(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const merge = await findMerge(trx, organisationId, mergeId);
    if (!merge) throw notFound('That merge');
    if (merge.undone_at) throw conflict('This merge has already been undone.', { undoneAt: merge.undone_at });
    const moved = json<Moved>(merge.moved, { contacts: [], episodes: [] });
    const contacts = await moveRecords(trx, 'contacts', organisationId, moved.contacts ?? [], merge.merged_person_id);
    const episodes = await moveRecords(trx, 'episodes', organisationId, moved.episodes ?? [], merge.merged_person_id);
    await movePlans(trx, organisationId, moved.plans ?? [], merge.merged_person_id);
    const restored = await findPerson(trx, organisationId, merge.merged_person_id);
    if (!restored) throw notFound('That person');
    await trx
      .updateTable('people')
      .set({ merged_into_id: null, merged_at: null, updated_at: now, version: restored.version + 1 })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', merge.merged_person_id)
      .execute();
    await replaceSearchTerms(trx, organisationId, restored.id, searchTerms(restored.preferred_name, restored.full_name));
    await trx.updateTable('person_merges').set({ undone_by: actor.userId, undone_at: now }).where('organisation_id', '=', organisationId).where('id', '=', mergeId).execute();
    await recordAudit(
      trx,
      deps.audit,
      auditInput(actor, {
        action: 'person.merge_undo',
        entityType: 'person',
        entityId: merge.kept_person_id,
        details: { mergeId, restoredPersonId: merge.merged_person_id, contacts, episodes },
      }),
    );
    return { mergeId, keptPersonId: merge.kept_person_id, restoredPersonId: merge.merged_person_id, moved: { contacts, episodes }, undoneAt: now };
  });
}
