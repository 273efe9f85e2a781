import type { Insertable, Transaction } from 'kysely';
import { GENESIS_HASH, hashAuditRow, sourceDigest } from '../src/server/audit/audit.js';
import { hashPassword } from '../src/server/auth/passwords.js';
import { randomToken, sha256 } from '../src/server/auth/secrets.js';
import type { Db, Engine } from '../src/server/db/database.js';
import {
  SERVICE_TYPES,
  type AuditEvent,
  type ContactKind,
  type ContactOutcome,
  type Database,
  type OtherwiseWouldHave,
  type ReferralSource,
  type Role,
  type ServiceType,
} from '../src/server/db/tables.js';
import { newId } from '../src/server/db/values.js';
import { nameKey, namePhonetic, searchTerms, type SearchTerm } from '../src/server/features/people/rules.js';
import { pick, seededRandom, weighted, type Weighted } from '../src/server/demo/random.js';

export { seededRandom };
import { alwaysOpen, everyDay } from '../src/shared/opening-hours.js';

/**
 * A realistic, fictional data set for benchmarks: one organisation running several
 * services, their teams and staff, and the history a service builds up over years
 * of use (sessions and audit events).
 *
 * Scale is set by `contacts`: the number of crisis contacts, spread over `years`, with
 * `people` (default a tenth of the contacts) coming back again and again, some anonymous
 * contacts, peer support episodes and sessions for a small share of people, call backs and
 * shifts, a handful of people on each service's board right now, and the records contacts
 * leave behind (audit events, staff sessions).
 */
export interface GenerateOptions {
  /** Crisis contacts the data set stands for (default 10,000). */
  contacts: number;
  /** People with a record (default: a tenth of `contacts`). */
  people?: number;
  /** Years of history to spread records over, ending now. */
  years: number;
  services: number;
  /** Staff per service. */
  staffPerService: number;
  /** Seed for the pseudo-random numbers, so two runs make the same shape of data. */
  seed: number;
  /** Called with progress lines; defaults to silence. */
  log?: (line: string) => void;
  clock?: () => number;
}

export const DEFAULT_GENERATE: GenerateOptions = { contacts: 10_000, years: 3, services: 4, staffPerService: 25, seed: 20261126 };

export interface GeneratedData {
  organisationId: string;
  serviceIds: string[];
  /** A peer worker in the first service, for authenticated requests. */
  peerWorker: { id: string; email: string };
  /** A real person's name with a typo or two, for measuring search ('' when there are no people). */
  searchExample: { query: string; preferredName: string; fullName: string | null };
  counts: Record<string, number>;
}

export interface GenerateTarget {
  db: Db;
  engine: Engine;
  secretKey: string;
}



const FIRST = ['Alex', 'Sam', 'Jordan', 'Priya', 'Tom', 'Aisha', 'Kwame', 'Niamh', 'Bartek', 'Mei', 'Dylan', 'Fatima', 'Rhys', 'Grace', 'Omar', 'Zara'];
const LAST = ['Ellis', 'Okafor', 'Nowak', 'Raman', 'Hughes', 'Begum', 'Mensah', 'Byrne', 'Kowalski', 'Chen', 'Jones', 'Hussain', 'Evans', 'Taylor', 'Ali', 'Khan'];
/** Names of the people who use the services: the communities of a UK city, common names more often. */
const PERSON_FIRST = [
  'Oliver', 'Jack', 'Harry', 'George', 'Charlie', 'Thomas', 'James', 'Daniel', 'Liam', 'Connor', 'Ryan', 'Callum', 'Jamie', 'Lewis', 'Kieran', 'Dean',
  'Olivia', 'Amelia', 'Emily', 'Sophie', 'Jessica', 'Chloe', 'Lauren', 'Hannah', 'Megan', 'Rebecca', 'Charlotte', 'Gemma', 'Stacey', 'Leanne', 'Kirsty', 'Natalie',
  'Mohammed', 'Muhammad', 'Ahmed', 'Bilal', 'Imran', 'Tariq', 'Usman', 'Hamza', 'Ayesha', 'Fatima', 'Zainab', 'Maryam', 'Shazia', 'Nadia', 'Sana', 'Hina',
  'Harpreet', 'Gurpreet', 'Jaspreet', 'Manpreet', 'Simran', 'Amrit', 'Rajesh', 'Sunita', 'Priya', 'Anjali', 'Ravi', 'Deepak',
  'Katarzyna', 'Agnieszka', 'Magdalena', 'Joanna', 'Piotr', 'Krzysztof', 'Tomasz', 'Pawel', 'Marcin', 'Andrei', 'Ionut', 'Elena',
  'Kwame', 'Kofi', 'Chidi', 'Emeka', 'Oluwaseun', 'Adaeze', 'Abena', 'Grace', 'Blessing', 'Precious', 'Marcus', 'Winston', 'Delroy', 'Shanice',
  'Hodan', 'Abdi', 'Yusuf', 'Amina', 'Siobhan', 'Niamh', 'Declan', 'Ciaran', 'Rhys', 'Ffion', 'Dylan', 'Cerys', 'Wei', 'Mei', 'Li Na', 'Jay', 'Robin', 'Kai',
];
const PERSON_LAST = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White',
  'Hughes', 'Edwards', 'Green', 'Hall', 'Wood', 'Harris', 'Lewis', 'Martin', 'Jackson', 'Clarke', 'Clark', 'Turner', 'Hill', 'Scott', 'Cooper', 'Morris',
  'Khan', 'Ali', 'Hussain', 'Ahmed', 'Begum', 'Iqbal', 'Akhtar', 'Mahmood', 'Shah', 'Rashid', 'Patel', 'Singh', 'Kaur', 'Sandhu', 'Dhillon', 'Gill', 'Sharma',
  'Kowalczyk', 'Nowak', 'Kowalski', 'Wisniewski', 'Wojcik', 'Lewandowski', 'Zielinski', 'Popescu', 'Ionescu',
  'Okafor', 'Adebayo', 'Mensah', 'Osei', 'Boateng', 'Campbell', 'Francis', 'Abdi', 'Hassan', 'Mohamed', 'Byrne', 'Murphy', 'Kelly', 'O’Sullivan', 'Chen', 'Zhang',
];
const PRONOUNS = [['she/her', 45], ['he/him', 40], ['they/them', 3], [null, 12]] as const;
const LANGUAGES = [[null, 78], ['Urdu', 5], ['Polish', 5], ['Punjabi', 4], ['Romanian', 2], ['Somali', 2], ['Arabic', 2], ['British Sign Language', 1], ['Mandarin', 1]] as const;
const OUTCOMES: Weighted<ContactOutcome> = [['home_with_plan', 58], ['signposted', 20], ['referred', 14], ['went_to_ae', 6], ['emergency_services', 2]];
const OTHERWISE: Weighted<OtherwiseWouldHave | null> = [['ae', 36], ['called_999', 6], ['crisis_line', 13], ['stayed_home', 14], ['gp', 5], ['crisis_team', 6], ['dont_know', 9], ['other', 1], [null, 10]];
const SOURCES: Weighted<ReferralSource> = [['self', 55], ['ae', 12], ['crisis_line', 10], ['gp', 7], ['police', 5], ['ambulance', 5], ['crisis_team', 5], ['other', 1]];
/** Arrival hours (UTC, near enough London) for a safe haven open 16:00 to midnight. */
const EVENING_HOURS: Weighted<number> = [[16, 5], [17, 8], [18, 11], [19, 15], [20, 17], [21, 16], [22, 14], [23, 8]];
const ANY_HOURS: Weighted<number> = Array.from({ length: 24 }, (_, h) => [h, h >= 18 || h < 3 ? 3 : h < 8 ? 1 : 2] as const);
const REASONS = ['Everything felt too much and I didn’t want to be on my own.', 'Couldn’t settle at home.', 'Money worries piling up.', 'Hadn’t slept for days.', 'Felt lonely.', 'Things at home got on top of me.'];
const HELPED = ['Being listened to over a cup of tea.', 'Making a plan for tomorrow.', 'Somewhere quiet until I felt steadier.', 'Someone who had been through it too.'];
const NOTES = ['Got out of the house twice this week.', 'Sleeping a bit better.', 'Went back to my group on Thursday.', 'Told my sister what has been going on.', 'Used my plan when things got hard.'];


/**
 * A name as someone might mistype or mishear it: the first syllable-ish change that
 * applies to each word (ph/f, y/i, k/c, ch/sh, a doubled or dropped letter).
 */
export function misspell(name: string): string {
  const rules: [RegExp, string][] = [
    [/ph/, 'f'], [/y/, 'i'], [/k/, 'c'], [/ck/, 'k'], [/ch/, 'sh'], [/ee/, 'ea'], [/ie/, 'ei'], [/ss/, 's'], [/ll/, 'l'], [/z/, 's'], [/w/, 'v'], [/c/, 'k'],
  ];
  return nameKey(name)
    .split(' ')
    .map((word) => {
      for (const [from, to] of rules) if (from.test(word.slice(1))) return word[0] + word.slice(1).replace(from, to);
      return word.length > 4 ? word.slice(0, -2) + word.slice(-1) : word;
    })
    .join(' ');
}
const PLACES = ['Riverside', 'Eastmoor', 'Kingsmead', 'Northgate', 'Fairfield', 'Ashby', 'Millbrook', 'Westcliffe'];

/** What a crisis contact leaves in the audit trail today (records made, read, handed on). */
const CONTACT_ACTIONS = ['contact.create', 'contact.read', 'contact.update', 'person.read', 'plan.read', 'escalation.create'] as const;
const STAFF_ACTIONS = ['auth.login', 'auth.logout', 'account.password', 'service.read', 'user.list'] as const;

/** Rows per insert: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const BATCH = 1000;
/** Rows per insert for wide tables (contacts have 26 columns: 13,000 parameters). */
const WIDE_BATCH = 500;
/** Rows per transaction when streaming large tables. */
const FLUSH = 20_000;

async function insertBatches<T extends keyof Database>(db: Db | Transaction<Database>, table: T, rows: Insertable<Database[T]>[], batch = BATCH): Promise<void> {
  for (let i = 0; i < rows.length; i += batch) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await db.insertInto(table).values(rows.slice(i, i + batch) as any).execute();
  }
}

/** Many tables' rows in one transaction: one commit (one fsync) for thousands of rows. */
async function insertInTransaction(db: Db, parts: { [T in keyof Database]?: Insertable<Database[T]>[] }, searchRows: SearchTermRow[] = []): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [table, rows] of Object.entries(parts) as [keyof Database, Insertable<Database[keyof Database]>[]][]) {
      if (rows.length) await insertBatches(trx, table, rows, WIDE_BATCH);
    }
    const terms = trx.withTables<{ person_search_terms: SearchTermRow }>();
    for (let i = 0; i < searchRows.length; i += 2000) await terms.insertInto('person_search_terms').values(searchRows.slice(i, i + 2000)).execute();
  });
}

/** person_search_terms (migration 0004) is typed by the people feature, not in tables.ts. */
interface SearchTermRow {
  organisation_id: string;
  person_id: string;
  kind: SearchTerm['kind'];
  term: string;
}

interface StepContext {
  target: GenerateTarget;
  options: GenerateOptions;
  random: () => number;
  now: number;
  start: number;
  data: GeneratedData;
  log: (line: string) => void;
  /** Spread over the years of history: i of n, with a little jitter. */
  timeAt(i: number, n: number): string;
  /** Ids of the people written by peopleStep, oldest first. */
  people: string[];
}

type Step = { name: string; run(ctx: StepContext): Promise<void> };

const organisationStep: Step = {
  name: 'organisation and services',
  async run({ target, options, random, data, timeAt }) {
    const at = timeAt(0, 1);
    const place = pick(random, PLACES);
    await target.db
      .insertInto('organisations')
      .values({ id: data.organisationId, name: `${place} Crisis Partnership (bench)`, slug: `bench-${data.organisationId.slice(-12)}`, under16_service_name: `${place} young people's crisis line`, under16_phone: '0300 555 0199', is_demo: 1, created_at: at, updated_at: at, version: 1 })
      .execute();
    const types: ServiceType[] = ['safe_haven', 'ae_peer_support', 'crisis_team_peer_support', 'carers_peer_support', 'staff_peer_support', 'crisis_cafe'];
    for (let s = 0; s < options.services; s += 1) {
      const id = newId();
      const type = types[s % types.length] ?? pick(random, SERVICE_TYPES);
      await target.db
        .insertInto('services')
        .values({ id, organisation_id: data.organisationId, slug: `service-${s + 1}`, name: `${PLACES[s % PLACES.length]} ${type.replace(/_/g, ' ')}`, type, area: pick(random, PLACES), description: 'Generated for benchmarks.', opening_hours: JSON.stringify(type === 'safe_haven' ? everyDay('16:00', '00:00') : alwaysOpen()), session_limit: 10, is_default: s === 0 ? 1 : 0, archived_at: null, created_at: at, updated_at: at, version: 1 })
        .execute();
      await target.db.insertInto('teams').values({ id: newId(), organisation_id: data.organisationId, service_id: id, name: 'Day team', archived_at: null, created_at: at, updated_at: at, version: 1 }).execute();
      data.serviceIds.push(id);
    }
    data.counts.services = options.services;
  },
};

const ROLE_MIX: Role[] = ['peer_worker', 'peer_worker', 'peer_worker', 'peer_worker', 'peer_worker', 'peer_worker', 'senior_peer', 'senior_peer', 'shift_lead', 'shift_lead', 'service_manager', 'clinical_partner'];

const staffStep: Step = {
  name: 'staff',
  async run({ target, options, random, data, timeAt }) {
    // One hash for everyone: argon2id costs about 13 ms a hash, on purpose.
    const hash = await hashPassword('bench-password-not-for-real-use');
    const users: Insertable<Database['users']>[] = [];
    const memberships: Insertable<Database['memberships']>[] = [];
    let n = 0;
    const total = options.services * options.staffPerService + 3;
    const addUser = (role: Role, serviceId: string | null) => {
      const id = newId();
      const at = timeAt(n, total);
      const email = `staff${++n}-${data.organisationId.slice(-8)}@bench.invalid`;
      users.push({ id, organisation_id: data.organisationId, email, display_name: `${pick(random, FIRST)} ${pick(random, LAST)}`, password_hash: hash, password_changed_at: at, totp_secret: null, totp_enabled: 0, totp_last_step: null, caseload_max: null, is_demo: 1, disabled_at: random() < 0.08 ? at : null, created_at: at, updated_at: at, version: 1 });
      memberships.push({ id: newId(), organisation_id: data.organisationId, user_id: id, service_id: serviceId, team_id: null, role, created_at: at });
      return { id, email };
    };
    const first = data.serviceIds[0]!;
    data.peerWorker = addUser('peer_worker', first);
    users[0]!.disabled_at = null;
    addUser('org_admin', null);
    addUser('commissioner', null);
    for (const serviceId of data.serviceIds) {
      for (let i = 0; i < options.staffPerService; i += 1) addUser(pick(random, ROLE_MIX), serviceId);
    }
    await insertBatches(target.db, 'users', users);
    await insertBatches(target.db, 'memberships', memberships);
    data.counts.staff = users.length;
    data.counts.memberships = memberships.length;
  },
};

const sessionsStep: Step = {
  name: 'sessions',
  async run({ target, options, random, data, timeAt, log }) {
    // Every shift signs in: roughly one session for every four contacts, nearly all long over.
    const staff = await target.db.selectFrom('users').select(['id']).where('organisation_id', '=', data.organisationId).execute();
    const total = Math.max(100, Math.round(options.contacts / 4));
    const rows: Insertable<Database['sessions']>[] = [];
    for (let i = 0; i < total; i += 1) {
      const at = timeAt(i, total);
      const user = pick(random, staff);
      rows.push({ id: sha256(randomToken(16)), user_id: user.id, organisation_id: data.organisationId, csrf_token: randomToken(16), stage: 'full', created_at: at, last_seen_at: at, expires_at: new Date(Date.parse(at) + 12 * 3_600_000).toISOString(), reauthenticated_at: at, user_agent: 'bench', revoked_at: random() < 0.6 ? at : null });
      if (rows.length === 10 * BATCH) {
        await insertBatches(target.db, 'sessions', rows.splice(0));
        log(`  sessions: ${i + 1} of ${total}`);
      }
    }
    await insertBatches(target.db, 'sessions', rows);
    data.counts.sessions = total;
  },
};

const auditStep: Step = {
  name: 'audit events',
  async run({ target, options, random, data, timeAt, log }) {
    // About three audit events a contact (made, read, handed on), plus staff activity.
    const staff = await target.db.selectFrom('users').select(['id']).where('organisation_id', '=', data.organisationId).execute();
    const total = options.contacts * 3 + options.contacts / 4;
    const last = await target.db.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    let seq = Number(last?.seq ?? 0);
    let prevHash = last?.hash ?? GENESIS_HASH;
    const rows: AuditEvent[] = [];
    for (let i = 0; i < total; i += 1) {
      const isContact = random() < 0.92;
      const action = isContact ? pick(random, CONTACT_ACTIONS) : pick(random, STAFF_ACTIONS);
      const row: Omit<AuditEvent, 'hash'> = {
        seq: ++seq,
        id: newId(),
        at: timeAt(i, total),
        organisation_id: data.organisationId,
        actor_user_id: pick(random, staff).id,
        action,
        entity_type: isContact ? action.split('.')[0]! : null,
        entity_id: isContact ? newId() : null,
        outcome: random() < 0.01 ? 'denied' : 'success',
        source_digest: sourceDigest(target.secretKey, `10.0.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}`),
        request_id: newId(),
        details: isContact ? JSON.stringify({ serviceId: pick(random, data.serviceIds) }) : '{}',
        prev_hash: prevHash,
      };
      const event = { ...row, hash: hashAuditRow(row) };
      prevHash = event.hash;
      rows.push(event);
      if (rows.length === 10 * BATCH) {
        await insertBatches(target.db, 'audit_events', rows.splice(0));
        log(`  audit events: ${i + 1} of ${total}`);
      }
    }
    await insertBatches(target.db, 'audit_events', rows);
    data.counts.auditEvents = total;
  },
};

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WORKER_ROLES: Role[] = ['peer_worker', 'senior_peer', 'shift_lead'];
const peopleCount = (options: GenerateOptions) => Math.max(0, Math.round(options.people ?? options.contacts / 10));

/** Staff who see people, by service. */
async function workersByService(ctx: StepContext): Promise<Map<string, string[]>> {
  const rows = await ctx.target.db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.service_id', 'memberships.user_id'])
    .where('memberships.organisation_id', '=', ctx.data.organisationId)
    .where('memberships.role', 'in', WORKER_ROLES)
    .where('users.disabled_at', 'is', null)
    .execute();
  const out = new Map<string, string[]>(ctx.data.serviceIds.map((id) => [id, []]));
  for (const r of rows) if (r.service_id) out.get(r.service_id)?.push(r.user_id);
  for (const list of out.values()) if (list.length === 0) list.push(ctx.data.peerWorker.id);
  return out;
}

const peopleStep: Step = {
  name: 'people',
  async run(ctx) {
    const { target, options, random, data, log, start, now } = ctx;
    const total = peopleCount(options);
    const span = now - start;
    let rows: Insertable<Database['people']>[] = [];
    let terms: SearchTermRow[] = [];
    for (let k = 0; k < total; k += 1) {
      const id = newId();
      // Created a day before the earliest contact that can name them (see contactsStep).
      const at = new Date(Math.max(start, start + (span * k) / Math.max(1, total) - DAY)).toISOString();
      const preferred = pick(random, PERSON_FIRST);
      const full = random() < 0.12 ? null : `${preferred} ${pick(random, PERSON_LAST)}`;
      const key = nameKey(`${preferred} ${full ?? ''}`);
      const ageOnly = random() < 0.15;
      const born = 1945 + Math.floor(random() * 62);
      rows.push({
        id,
        organisation_id: data.organisationId,
        preferred_name: preferred,
        full_name: full,
        pronouns: weighted(random, PRONOUNS),
        date_of_birth: ageOnly || random() < 0.2 ? null : `${born}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
        approximate_age: ageOnly ? 18 + Math.floor(random() * 60) : null,
        age_recorded_on: ageOnly ? at.slice(0, 10) : null,
        phone: random() < 0.6 ? `07700 9${String(Math.floor(random() * 100_000)).padStart(5, '0')}` : null,
        email: null,
        address: null,
        postcode: null,
        preferred_language: weighted(random, LANGUAGES),
        communication_needs: null,
        nhs_number: null,
        equality: '{}',
        what_helps: random() < 0.4 ? pick(random, HELPED) : null,
        name_key: key,
        name_phonetic: namePhonetic(key),
        merged_into_id: null,
        merged_at: null,
        created_by: null,
        created_at: at,
        updated_at: at,
        version: 1,
      });
      for (const t of searchTerms(preferred, full)) terms.push({ organisation_id: data.organisationId, person_id: id, kind: t.kind, term: t.term });
      ctx.people.push(id);
      if (k === Math.floor(total / 2) && full) data.searchExample = { query: misspell(full), preferredName: preferred, fullName: full };
      if (rows.length === FLUSH) {
        await insertInTransaction(target.db, { people: rows }, terms);
        data.counts.searchTerms = (data.counts.searchTerms ?? 0) + terms.length;
        rows = [];
        terms = [];
        log(`  people: ${k + 1} of ${total}`);
      }
    }
    await insertInTransaction(target.db, { people: rows }, terms);
    data.counts.searchTerms = (data.counts.searchTerms ?? 0) + terms.length;
    if (!data.searchExample.query && total > 0) {
      const p = await target.db.selectFrom('people').select(['preferred_name', 'full_name']).where('id', '=', ctx.people[0]!).executeTakeFirstOrThrow();
      data.searchExample = { query: misspell(p.full_name ?? p.preferred_name), preferredName: p.preferred_name, fullName: p.full_name };
    }
    data.counts.people = total;
  },
};

/**
 * Contacts over the years, oldest first: about 85% with a person (recent people more often,
 * some people many times), the rest anonymous. About 1 in 100 contacts with a person starts
 * a peer support episode of 1–10 weekly sessions. Some contacts began as call backs.
 */
const contactsStep: Step = {
  name: 'contacts, episodes and call backs',
  async run(ctx) {
    const { target, options, random, data, log, start, now } = ctx;
    const total = options.contacts;
    const span = now - start;
    const workers = await workersByService(ctx);
    const services = await target.db.selectFrom('services').select(['id', 'type']).where('organisation_id', '=', data.organisationId).execute();
    const typeOf = new Map(services.map((s) => [s.id, s.type]));
    // The first service (a safe haven) sees half of all contacts.
    const serviceWeights: Weighted<string> = data.serviceIds.map((id, i) => [id, i === 0 ? Math.max(1, data.serviceIds.length - 1) : 1] as const);
    const org = data.organisationId;
    let contacts: Insertable<Database['contacts']>[] = [];
    let episodes: Insertable<Database['episodes']>[] = [];
    let epWorkers: Insertable<Database['episode_workers']>[] = [];
    let sessions: Insertable<Database['episode_sessions']>[] = [];
    let callbacks: Insertable<Database['callback_requests']>[] = [];
    const counts = { contacts: 0, anonymous: 0, episodes: 0, openEpisodes: 0, episodeSessions: 0, callbacks: 0 };
    const flush = async () => {
      await insertInTransaction(target.db, { contacts, callback_requests: callbacks, episodes, episode_workers: epWorkers, episode_sessions: sessions });
      contacts = [];
      episodes = [];
      epWorkers = [];
      sessions = [];
      callbacks = [];
    };
    const people = ctx.people;
    for (let i = 0; i < total; i += 1) {
      const serviceId = weighted(random, serviceWeights);
      const type = typeOf.get(serviceId);
      // A day of the years, then an hour that fits the service; never in the last two hours.
      const day = start + span * ((i + random() * 0.5) / Math.max(1, total));
      const dayStart = day - (day % DAY);
      const hour = type === 'safe_haven' || type === 'crisis_cafe' ? weighted(random, EVENING_HOURS) : weighted(random, ANY_HOURS);
      const arrived = Math.min(dayStart + hour * 3_600_000 + Math.floor(random() * 60) * MINUTE, now - 3 * 3_600_000);
      const seen = arrived + Math.floor(random() * 25) * MINUTE;
      const left = seen + (20 + Math.floor(random() * 150)) * MINUTE;
      // People who exist by now, recent ones more often.
      const available = Math.min(people.length, Math.ceil((people.length * (i + 1)) / Math.max(1, total)));
      const anonymous = available === 0 || random() < 0.15;
      const personId = anonymous ? null : people[available - 1 - Math.floor(available * random() * random())]!;
      const worker = pick(random, workers.get(serviceId)!);
      const id = newId();
      const kind: ContactKind = type === 'ae_peer_support' ? 'in_ae' : weighted(random, [['walk_in', 70], ['phone', 22], ['online', 5], ['home_visit', 3]] as const);
      contacts.push({
        id,
        organisation_id: org,
        service_id: serviceId,
        person_id: personId,
        display_label: anonymous && random() < 0.5 ? 'Did not give a name' : null,
        kind,
        referral_source: type === 'ae_peer_support' ? 'ae' : weighted(random, SOURCES),
        referral_other: null,
        arrived_at: new Date(arrived).toISOString(),
        first_seen_at: new Date(seen).toISOString(),
        left_at: new Date(left).toISOString(),
        worker_user_id: worker,
        reason: random() < 0.7 ? pick(random, REASONS) : null,
        what_helped: random() < 0.6 ? pick(random, HELPED) : null,
        outcome: weighted(random, OUTCOMES),
        outcome_detail: null, signposted_to: '[]',
        otherwise_would_have: weighted(random, OTHERWISE),
        carers_present: random() < 0.1 ? 1 : 0,
        carers_note: null,
        under16: 0,
        created_by: worker,
        created_at: new Date(arrived).toISOString(),
        updated_at: new Date(left).toISOString(),
        version: 1,
      });
      counts.contacts += 1;
      if (anonymous) counts.anonymous += 1;
      if (random() < 0.05) {
        const asked = arrived - (30 + Math.floor(random() * 300)) * MINUTE;
        callbacks.push({ id: newId(), organisation_id: org, service_id: serviceId, name: 'Caller', how_to_reach: '07700 900000', good_time: null, message: null, status: random() < 0.9 ? 'done' : 'could_not_reach', handled_by: worker, contact_id: id, source: 'public', created_at: new Date(asked).toISOString(), updated_at: new Date(arrived).toISOString(), version: 2 });
        counts.callbacks += 1;
      }
      if (personId && random() < 0.01) {
        const offered = left + DAY;
        const wanted = 1 + Math.floor(random() * 10);
        const held: number[] = [];
        for (let n = 0; n < wanted; n += 1) {
          const at = offered + (n + 1) * 7 * DAY;
          if (at < now - DAY) held.push(at);
        }
        const finished = offered + (wanted + 2) * 7 * DAY < now;
        const closedAt = finished ? new Date(offered + (wanted + 2) * 7 * DAY).toISOString() : null;
        const episodeId = newId();
        const offeredIso = new Date(offered).toISOString();
        const episodeWorker = pick(random, workers.get(serviceId)!);
        episodes.push({
          id: episodeId, organisation_id: org, service_id: serviceId, person_id: personId, contact_id: id, status: finished ? 'closed' : 'accepted',
          offered_at: offeredIso, accepted_at: offeredIso, declined_at: null, declined_reason: null, session_limit: 10,
          goals: JSON.stringify([{ id: newId(), text: 'Have a plan for evenings that get hard', status: finished ? 'achieved' : 'working_on' }]),
          closed_at: closedAt, closing_reason: finished ? 'moved_on_with_support' : null, closing_note: null, created_by: worker,
          created_at: offeredIso, updated_at: closedAt ?? offeredIso, version: 1,
        });
        epWorkers.push({ id: newId(), organisation_id: org, episode_id: episodeId, user_id: episodeWorker, allocated_at: offeredIso, ended_at: closedAt });
        held.forEach((at, n) => {
          const iso = new Date(at).toISOString();
          sessions.push({
            id: newId(), organisation_id: org, episode_id: episodeId, number: n + 1, held_at: iso, worker_user_id: episodeWorker,
            what_has_been_happening: pick(random, NOTES), strengths_and_resources: null, people_and_networks: null, help_from_services: null,
            next_steps: 'Meet again next week.', beyond_limit_reason: null, created_by: episodeWorker, created_at: iso, updated_at: iso, version: 1,
          });
        });
        counts.episodes += 1;
        counts.episodeSessions += held.length;
        if (!finished) counts.openEpisodes += 1;
      }
      if (contacts.length === FLUSH) {
        await flush();
        log(`  contacts: ${i + 1} of ${total}`);
      }
    }
    await flush();
    Object.assign(data.counts, counts);
  },
};

/**
 * Right now: on each service's board a handful of people here or waiting (some with a
 * worker, some anonymous), call backs waiting, two people on shift (the bench's peer
 * worker among them in the first service), and a shift history of two a day.
 */
const boardStep: Step = {
  name: 'boards and shifts',
  async run(ctx) {
    const { target, random, data, now, start } = ctx;
    const org = data.organisationId;
    const workers = await workersByService(ctx);
    const contacts: Insertable<Database['contacts']>[] = [];
    const callbacks: Insertable<Database['callback_requests']>[] = [];
    const shifts: Insertable<Database['shifts']>[] = [];
    const iso = (ms: number) => new Date(ms).toISOString();
    for (const [s, serviceId] of data.serviceIds.entries()) {
      const staff = workers.get(serviceId)!;
      const onShift = s === 0 ? [data.peerWorker.id, staff.find((u) => u !== data.peerWorker.id) ?? data.peerWorker.id] : [pick(random, staff), pick(random, staff)];
      for (const userId of new Set(onShift)) shifts.push({ id: newId(), organisation_id: org, service_id: serviceId, user_id: userId, started_at: iso(now - 3 * 3_600_000), ended_at: null });
      const here = 3 + Math.floor(random() * 4);
      for (let h = 0; h < here; h += 1) {
        const arrived = now - (5 + Math.floor(random() * 90)) * MINUTE;
        const withWorker = random() < 0.6;
        const anonymous = random() < 0.25 || ctx.people.length === 0;
        contacts.push({
          id: newId(), organisation_id: org, service_id: serviceId, person_id: anonymous ? null : ctx.people[ctx.people.length - 1 - Math.floor(random() * Math.min(ctx.people.length, 5000))]!,
          display_label: anonymous ? 'Man in a grey hoodie' : null, kind: 'walk_in', referral_source: 'self', referral_other: null, arrived_at: iso(arrived),
          first_seen_at: withWorker ? iso(arrived + 3 * MINUTE) : null, left_at: null, worker_user_id: withWorker ? pick(random, onShift) : null,
          reason: null, what_helped: null, outcome: null, outcome_detail: null, signposted_to: '[]', otherwise_would_have: null, carers_present: 0, carers_note: null, under16: 0,
          created_by: onShift[0]!, created_at: iso(arrived), updated_at: iso(arrived), version: 1,
        });
      }
      for (let c = 0; c < 2; c += 1) {
        const at = now - (5 + Math.floor(random() * 60)) * MINUTE;
        callbacks.push({ id: newId(), organisation_id: org, service_id: serviceId, name: pick(random, PERSON_FIRST), how_to_reach: '07700 900001', good_time: 'This evening', message: null, status: 'waiting', handled_by: null, contact_id: null, source: 'public', created_at: iso(at), updated_at: iso(at), version: 1 });
      }
      // Two shifts a day over the years, long over.
      for (let day = start; day < now - DAY; day += DAY) {
        for (let k = 0; k < 2; k += 1) {
          const began = day - (day % DAY) + (k === 0 ? 10 : 16) * 3_600_000;
          shifts.push({ id: newId(), organisation_id: org, service_id: serviceId, user_id: pick(random, staff), started_at: iso(began), ended_at: iso(began + 8 * 3_600_000) });
        }
      }
    }
    await insertInTransaction(target.db, { contacts, callback_requests: callbacks, shifts });
    data.counts.openContacts = contacts.length;
    data.counts.waitingCallbacks = callbacks.length;
    data.counts.shifts = shifts.length;
  },
};

/**
 * The steps, in order.
 */
export const STEPS: Step[] = [organisationStep, staffStep, peopleStep, contactsStep, boardStep, sessionsStep, auditStep];

/**
 * Writes the data set. The audit events form a valid hash chain that continues any
 * chain already in the database, so `alongside audit verify` passes afterwards.
 * Each step commits its own rows; run it on an empty or throwaway database.
 */
export async function generate(target: GenerateTarget, given: Partial<GenerateOptions> = {}): Promise<GeneratedData> {
  const options: GenerateOptions = { ...DEFAULT_GENERATE, ...given };
  const log = options.log ?? (() => {});
  const random = seededRandom(options.seed);
  const now = (options.clock ?? Date.now)();
  const start = now - options.years * 365.25 * 24 * 3_600_000;
  const span = now - start;
  const data: GeneratedData = { organisationId: newId(), serviceIds: [], peerWorker: { id: '', email: '' }, searchExample: { query: '', preferredName: '', fullName: null }, counts: {} };
  const ctx: StepContext = {
    target,
    options,
    random,
    now,
    start,
    data,
    log,
    timeAt: (i, n) => new Date(start + span * Math.min(1, (i + random() * 0.5) / Math.max(1, n))).toISOString(),
    people: [],
  };
  for (const step of STEPS) {
    const began = Date.now();
    await step.run(ctx);
    log(`${step.name}: done in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  }
  return data;
}

/**
 * What `generate` returned, read back from a database it filled earlier, so a large data set
 * (1 million contacts take minutes to write) can be measured again: `bench --reuse`.
 * Null when the database holds no generated organisation.
 */
export async function describeGenerated(db: Db): Promise<GeneratedData | null> {
  const organisation = await db.selectFrom('organisations').select('id').where('slug', 'like', 'bench-%').orderBy('created_at').executeTakeFirst();
  if (!organisation) return null;
  const organisationId = organisation.id;
  const services = await db.selectFrom('services').select('id').where('organisation_id', '=', organisationId).orderBy('slug').execute();
  const email = `staff1-${organisationId.slice(-8)}@bench.invalid`;
  const peer = await db.selectFrom('users').select('id').where('organisation_id', '=', organisationId).where('email', '=', email).executeTakeFirstOrThrow();
  const count = async (table: 'people' | 'contacts') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('organisation_id', '=', organisationId).executeTakeFirstOrThrow()).n);
  const people = await count('people');
  const middle = await db
    .selectFrom('people')
    .select(['preferred_name', 'full_name'])
    .where('organisation_id', '=', organisationId)
    .where('full_name', 'is not', null)
    .orderBy('created_at')
    .offset(Math.floor(people / 2))
    .limit(1)
    .executeTakeFirst();
  return {
    organisationId,
    serviceIds: services.map((s) => s.id),
    peerWorker: { id: peer.id, email },
    searchExample: middle ? { query: misspell(middle.full_name ?? middle.preferred_name), preferredName: middle.preferred_name, fullName: middle.full_name } : { query: '', preferredName: '', fullName: null },
    counts: { people, contacts: await count('contacts'), reused: 1 },
  };
}
