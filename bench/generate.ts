import type { Insertable } from 'kysely';
import { GENESIS_HASH, hashAuditRow, sourceDigest } from '../src/server/audit/audit.js';
import { hashPassword } from '../src/server/auth/passwords.js';
import { randomToken, sha256 } from '../src/server/auth/secrets.js';
import type { Db, Engine } from '../src/server/db/database.js';
import { SERVICE_TYPES, type AuditEvent, type Database, type Role, type ServiceType } from '../src/server/db/tables.js';
import { newId } from '../src/server/db/values.js';
import { alwaysOpen, everyDay } from '../src/shared/opening-hours.js';

/**
 * A realistic, fictional data set for benchmarks: one organisation running several
 * services, their teams and staff, and the history a service builds up over years
 * of use (sessions and audit events).
 *
 * Scale is set by `contacts`: the number of crisis contacts the data set stands for.
 * People and contacts have no tables yet, so today the generator makes the records
 * that contacts would leave behind (audit events for each contact, staff sessions).
 * When the people and contacts tables arrive, add a step to `STEPS` below that
 * writes them over the same span of years; nothing else needs to change.
 */
export interface GenerateOptions {
  /** Crisis contacts the data set stands for (default 10,000). */
  contacts: number;
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
  counts: Record<string, number>;
}

export interface GenerateTarget {
  db: Db;
  engine: Engine;
  secretKey: string;
}

/** Small, fast, seeded generator (mulberry32): the same seed gives the same data shape. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const FIRST = ['Alex', 'Sam', 'Jordan', 'Priya', 'Tom', 'Aisha', 'Kwame', 'Niamh', 'Bartek', 'Mei', 'Dylan', 'Fatima', 'Rhys', 'Grace', 'Omar', 'Zara'];
const LAST = ['Ellis', 'Okafor', 'Nowak', 'Raman', 'Hughes', 'Begum', 'Mensah', 'Byrne', 'Kowalski', 'Chen', 'Jones', 'Hussain', 'Evans', 'Taylor', 'Ali', 'Khan'];
const PLACES = ['Riverside', 'Eastmoor', 'Kingsmead', 'Northgate', 'Fairfield', 'Ashby', 'Millbrook', 'Westcliffe'];

/** What a crisis contact leaves in the audit trail today (records made, read, handed on). */
const CONTACT_ACTIONS = ['contact.create', 'contact.read', 'contact.update', 'person.read', 'plan.read', 'escalation.create'] as const;
const STAFF_ACTIONS = ['auth.login', 'auth.logout', 'account.password', 'service.read', 'user.list'] as const;

/** Rows per insert: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const BATCH = 1000;

async function insertBatches<T extends keyof Database>(db: Db, table: T, rows: Insertable<Database[T]>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await db.insertInto(table).values(rows.slice(i, i + BATCH) as any).execute();
  }
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

/**
 * The steps, in order. Add `peopleStep` and `contactsStep` here when those tables
 * exist (contacts spread over `years` with `timeAt`, people reused across contacts),
 * and have `auditStep` take its entity ids from them.
 */
export const STEPS: Step[] = [organisationStep, staffStep, sessionsStep, auditStep];

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
  const data: GeneratedData = { organisationId: newId(), serviceIds: [], peerWorker: { id: '', email: '' }, counts: {} };
  const ctx: StepContext = {
    target,
    options,
    random,
    now,
    start,
    data,
    log,
    timeAt: (i, n) => new Date(start + span * Math.min(1, (i + random() * 0.5) / Math.max(1, n))).toISOString(),
  };
  for (const step of STEPS) {
    const began = Date.now();
    await step.run(ctx);
    log(`${step.name}: done in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  }
  return data;
}
