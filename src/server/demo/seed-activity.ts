import type { Insertable, Transaction } from 'kysely';
import type { ContactKind, ContactOutcome, Database, OtherwiseWouldHave, ReferralSource } from '../db/tables.js';
import { newId } from '../db/values.js';
import { replaceSearchTerms } from '../features/people/queries.js';
import { nameKey, namePhonetic, searchTerms } from '../features/people/rules.js';
import { pick, seededRandom as demoRandom, weighted, type Weighted } from './random.js';
import { ANONYMOUS_LABELS, CARER_REASONS, DEMO_PEOPLE, GOALS, REASONS, SESSION_NOTES, WHAT_HELPED } from './demo-people.js';

/**
 * The life of the demo organisation: people, three months of contacts across the three
 * services, what is on the safe haven board right now, and peer support episodes.
 * Deterministic (a seeded random) and relative to the clock, so every demo looks the same
 * shape whenever it starts.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;


const londonParts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The London wall-clock date and time of an instant, as a UTC-based number (for offsets). */
function londonWall(ms: number): { y: number; m: number; d: number; wall: number; weekday: number } {
  const parts = Object.fromEntries(londonParts.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const y = Number(parts.year);
  const m = Number(parts.month);
  const d = Number(parts.day);
  const wall = Date.UTC(y, m - 1, d, Number(parts.hour), Number(parts.minute));
  return { y, m, d, wall, weekday: new Date(Date.UTC(y, m - 1, d)).getUTCDay() };
}

/** The instant it is `hour:minute` in London on the London day of `dayMs` (hour may pass 24). */
export function londonAt(dayMs: number, hour: number, minute: number): number {
  const { y, m, d } = londonWall(dayMs);
  const guess = Date.UTC(y, m - 1, d, hour, minute);
  const offset = londonWall(guess).wall - guess;
  return guess - offset;
}

const iso = (ms: number) => new Date(ms).toISOString();
const dateOnly = (ms: number) => iso(ms).slice(0, 10);


const OUTCOMES: Weighted<ContactOutcome> = [['home_with_plan', 58], ['signposted', 20], ['referred', 14], ['went_to_ae', 6], ['emergency_services', 2]];
const OTHERWISE: Weighted<OtherwiseWouldHave> = [['ae', 40], ['called_999', 7], ['crisis_line', 14], ['stayed_home', 15], ['gp', 5], ['crisis_team', 7], ['dont_know', 10], ['other', 2]];
const HAVEN_SOURCES: Weighted<ReferralSource> = [['self', 60], ['crisis_line', 11], ['gp', 8], ['police', 5], ['ambulance', 5], ['crisis_team', 8], ['ae', 3]];
const AE_SOURCES: Weighted<ReferralSource> = [['ae', 80], ['ambulance', 12], ['police', 5], ['self', 3]];
const CARER_SOURCES: Weighted<ReferralSource> = [['self', 60], ['gp', 20], ['crisis_team', 15], ['other', 5]];
/** Safe haven arrivals by London hour (open 16:00 to midnight, busiest 19:00–22:00). */
const HAVEN_HOURS: Weighted<number> = [[16, 5], [17, 8], [18, 11], [19, 15], [20, 17], [21, 16], [22, 14], [23, 8]];
const AE_HOURS: Weighted<number> = Array.from({ length: 24 }, (_, h) => [h, h >= 18 || h < 3 ? 3 : h < 8 ? 1 : 2] as const);

type ServiceKey = 'haven' | 'ae' | 'carers';

export interface ActivityContext {
  organisationId: string;
  serviceIds: Record<ServiceKey, string>;
  /** User ids by demo email. */
  users: Record<string, string>;
  now: number;
}

export interface ActivityCounts {
  people: number;
  contacts: number;
  onBoard: number;
  callbacks: number;
  episodes: number;
  sessions: number;
}

/** Inserts rows in bounded batches (well under both engines' parameter limits). */
async function insertAll<T extends keyof Database>(trx: Transaction<Database>, table: T, rows: Insertable<Database[T]>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await trx.insertInto(table).values(rows.slice(i, i + 100) as any).execute();
  }
}

export async function seedActivity(trx: Transaction<Database>, ctx: ActivityContext): Promise<ActivityCounts> {
  const random = demoRandom(20261126);
  const { organisationId: org, serviceIds, users, now } = ctx;
  const nowIso = iso(now);
  const staff = {
    lead: users['lead@demo.test']!,
    senior: users['senior@demo.test']!,
    peer: users['peer@demo.test']!,
    peer2: users['peer2@demo.test']!,
    manager: users['manager@demo.test']!,
  };
  const workersOf: Record<ServiceKey, string[]> = {
    haven: [staff.peer, staff.peer, staff.senior, staff.lead],
    ae: [staff.peer2, staff.peer2, staff.senior],
    carers: [staff.peer2, staff.manager],
  };

  // ---- people ---------------------------------------------------------------------------
  const personIds: Record<string, string> = {};
  const peopleRows: Insertable<Database['people']>[] = [];
  const firstSeen = (index: number) => now - (95 + index * 3 + Math.floor(random() * 60)) * DAY;
  DEMO_PEOPLE.forEach((p, index) => {
    const id = newId();
    personIds[p.key] = id;
    const created = iso(firstSeen(index));
    const key = nameKey(`${p.preferred} ${p.full ?? ''}`);
    peopleRows.push({
      id,
      organisation_id: org,
      preferred_name: p.preferred,
      full_name: p.full,
      pronouns: p.pronouns,
      date_of_birth: p.dob ?? null,
      approximate_age: p.age ?? null,
      age_recorded_on: p.age ? created.slice(0, 10) : null,
      phone: p.phone ?? null,
      email: p.email ?? null,
      address: null,
      postcode: null,
      preferred_language: p.language ?? null,
      communication_needs: p.needs ?? null,
      nhs_number: null,
      equality: '{}',
      what_helps: p.helps ?? null,
      name_key: key,
      name_phonetic: namePhonetic(key),
      merged_into_id: null,
      merged_at: null,
      created_by: staff.peer,
      created_at: created,
      updated_at: created,
      version: 1,
    });
  });
  await insertAll(trx, 'people', peopleRows);
  for (const row of peopleRows) {
    await replaceSearchTerms(trx, org, row.id!, searchTerms(row.preferred_name!, row.full_name ?? null));
  }

  // ---- history: the last 90 days ---------------------------------------------------------------
  const contacts: Insertable<Database['contacts']>[] = [];
  /** The most recent past contact of each person, to start episodes from. */
  const lastContact: Record<string, { id: string; at: number }> = {};
  const carerKeys = new Set(['sunita', 'shazia', 'winston', 'leah', 'siobhan', 'hodan']);
  const aeKeys = new Set(['tom', 'andrei', 'declan', 'grace', 'piotr', 'fatima', 'ben']);

  const pastContact = (service: ServiceKey, personKey: string | null, label: string | null) => {
    let arrived: number;
    const daysAgo = 2 + Math.floor(random() * 88);
    const day = now - daysAgo * DAY;
    if (service === 'haven') arrived = londonAt(day, weighted(random, HAVEN_HOURS), Math.floor(random() * 60));
    else if (service === 'ae') arrived = londonAt(day, weighted(random, AE_HOURS), Math.floor(random() * 60));
    else {
      // Carers Together is open on weekdays only.
      let d = day;
      while ([0, 6].includes(londonWall(d).weekday)) d -= DAY;
      arrived = londonAt(d, 10 + Math.floor(random() * 7), Math.floor(random() * 60));
    }
    const seen = arrived + Math.floor(random() * 20) * MINUTE;
    const left = seen + (35 + Math.floor(random() * 120)) * MINUTE;
    const worker = pick(random, workersOf[service]);
    const kind: ContactKind =
      service === 'haven' ? weighted(random, [['walk_in', 80], ['phone', 15], ['online', 5]] as const) : service === 'ae' ? 'in_ae' : weighted(random, [['phone', 50], ['walk_in', 35], ['home_visit', 15]] as const);
    const id = newId();
    const carersPresent = service !== 'carers' && random() < 0.15;
    contacts.push({
      id,
      organisation_id: org,
      service_id: serviceIds[service],
      person_id: personKey ? personIds[personKey]! : null,
      display_label: label,
      kind,
      referral_source: weighted(random, service === 'haven' ? HAVEN_SOURCES : service === 'ae' ? AE_SOURCES : CARER_SOURCES),
      referral_other: null,
      arrived_at: iso(arrived),
      first_seen_at: iso(seen),
      left_at: iso(left),
      worker_user_id: worker,
      reason: service === 'carers' ? pick(random, CARER_REASONS) : random() < 0.85 ? pick(random, REASONS) : null,
      what_helped: random() < 0.8 ? pick(random, WHAT_HELPED) : null,
      outcome: weighted(random, OUTCOMES),
      outcome_detail: null, signposted_to: '[]',
      otherwise_would_have: random() < 0.9 ? weighted(random, OTHERWISE) : null,
      carers_present: carersPresent ? 1 : 0,
      carers_note: carersPresent ? 'Came with a friend who waited in the lounge.' : null,
      under16: 0,
      created_by: worker,
      created_at: iso(arrived),
      updated_at: iso(left),
      version: 1,
    });
    if (personKey && (!lastContact[personKey] || lastContact[personKey]!.at < arrived)) lastContact[personKey] = { id, at: arrived };
  };

  for (const p of DEMO_PEOPLE) {
    const service: ServiceKey = carerKeys.has(p.key) ? 'carers' : aeKeys.has(p.key) ? 'ae' : 'haven';
    const visits = 1 + Math.floor(random() * 4);
    for (let v = 0; v < visits; v += 1) pastContact(v === 0 || random() < 0.8 ? service : 'haven', p.key, null);
  }
  for (let i = 0; i < 16; i += 1) pastContact(i % 5 === 4 ? 'ae' : 'haven', null, random() < 0.6 ? pick(random, ANONYMOUS_LABELS) : null);

  // ---- right now on the safe haven board -----------------------------------------------------
  const haven = serviceIds.haven;
  const here = (p: { person: string | null; label?: string; arrivedAgo: number; seenAgo?: number; worker?: string; kind?: ContactKind; reason?: string }) => {
    const arrived = now - p.arrivedAgo * MINUTE;
    contacts.push({
      id: newId(),
      organisation_id: org,
      service_id: haven,
      person_id: p.person ? personIds[p.person]! : null,
      display_label: p.label ?? null,
      kind: p.kind ?? 'walk_in',
      referral_source: 'self',
      referral_other: null,
      arrived_at: iso(arrived),
      first_seen_at: p.seenAgo === undefined ? null : iso(now - p.seenAgo * MINUTE),
      left_at: null,
      worker_user_id: p.worker ?? null,
      reason: p.reason ?? null,
      what_helped: null,
      outcome: null,
      outcome_detail: null, signposted_to: '[]',
      otherwise_would_have: null,
      carers_present: 0,
      carers_note: null,
      under16: 0,
      created_by: staff.lead,
      created_at: iso(arrived),
      updated_at: iso(arrived),
      version: 1,
    });
  };
  here({ person: 'kemi', arrivedAgo: 52, seenAgo: 47, worker: staff.peer, reason: 'Couldn’t settle at home; my head was racing.' });
  here({ person: null, label: 'Man in a grey hoodie', arrivedAgo: 34, seenAgo: 28, worker: staff.lead });
  here({ person: 'bilal', arrivedAgo: 25 });
  here({ person: 'noor', arrivedAgo: 6, kind: 'walk_in' });
  await insertAll(trx, 'contacts', contacts);

  await insertAll(trx, 'callback_requests', [
    { id: newId(), organisation_id: org, service_id: haven, name: 'Chantelle', how_to_reach: '07700 900105', good_time: 'After 8pm, once my little one is asleep', message: 'Would like a chat about coming in this week.', status: 'waiting', handled_by: null, contact_id: null, source: 'public', created_at: iso(now - 41 * MINUTE), updated_at: iso(now - 41 * MINUTE), version: 1 },
    { id: newId(), organisation_id: org, service_id: haven, name: 'Piotr', how_to_reach: '07700 900106 (text first, please)', good_time: 'Any time this evening', message: null, status: 'waiting', handled_by: null, contact_id: null, source: 'public', created_at: iso(now - 12 * MINUTE), updated_at: iso(now - 12 * MINUTE), version: 1 },
  ]);
  const shiftStart = now - 115 * MINUTE;
  await insertAll(trx, 'shifts', [
    { id: newId(), organisation_id: org, service_id: haven, user_id: staff.lead, started_at: iso(shiftStart), ended_at: null },
    { id: newId(), organisation_id: org, service_id: haven, user_id: staff.peer, started_at: iso(shiftStart + 5 * MINUTE), ended_at: null },
    // Yesterday's shift, long over.
    { id: newId(), organisation_id: org, service_id: haven, user_id: staff.senior, started_at: iso(shiftStart - DAY), ended_at: iso(shiftStart - DAY + 8 * 60 * MINUTE) },
  ]);

  // ---- peer support episodes ----------------------------------------------------------------
  const episodes: Insertable<Database['episodes']>[] = [];
  const workers: Insertable<Database['episode_workers']>[] = [];
  const sessions: Insertable<Database['episode_sessions']>[] = [];
  const transitions: Insertable<Database['transitions']>[] = [];
  const episode = (e: { person: string; service: ServiceKey; worker: string; sessions: number; goals: number; closed?: 'moved_on_with_support' | 'transition_done'; transition?: 'planned' | 'done' }) => {
    const id = newId();
    const fromContact = lastContact[e.person];
    // Weekly sessions ending a few days ago (or, for a closed episode, a few weeks ago).
    const lastSession = now - (e.closed ? 20 + Math.floor(random() * 30) : 1 + Math.floor(random() * 5)) * DAY;
    const offered = Math.min(lastSession - e.sessions * 7 * DAY, fromContact ? fromContact.at + DAY : Infinity);
    const offeredAt = iso(Math.max(offered, now - 88 * DAY));
    const closedAt = e.closed ? iso(lastSession + 2 * DAY) : null;
    const goals = Array.from({ length: e.goals }, (_, g) => ({
      id: newId(),
      text: GOALS[(e.person.length + g * 3) % GOALS.length]!,
      status: e.closed ? (g === 0 ? 'achieved' : 'set_aside') : g === 0 && e.sessions > 4 ? 'achieved' : 'working_on',
    }));
    episodes.push({
      id,
      organisation_id: org,
      service_id: serviceIds[e.service],
      person_id: personIds[e.person]!,
      contact_id: fromContact?.id ?? null,
      status: e.closed ? 'closed' : 'accepted',
      offered_at: offeredAt,
      accepted_at: offeredAt,
      declined_at: null,
      declined_reason: null,
      session_limit: 10,
      goals: JSON.stringify(goals),
      closed_at: closedAt,
      closing_reason: e.closed ?? null,
      closing_note: e.closed ? 'Finished on a good note; knows the door is open.' : null,
      created_by: e.worker,
      created_at: offeredAt,
      updated_at: closedAt ?? offeredAt,
      version: 1,
    });
    workers.push({ id: newId(), organisation_id: org, episode_id: id, user_id: e.worker, allocated_at: offeredAt, ended_at: closedAt });
    const first = Date.parse(offeredAt) + DAY;
    const step = e.sessions > 1 ? (lastSession - first) / (e.sessions - 1) : 0;
    for (let n = 1; n <= e.sessions; n += 1) {
      const held = iso(londonAt(first + step * (n - 1), 17 + Math.floor(random() * 3), 0));
      sessions.push({
        id: newId(),
        organisation_id: org,
        episode_id: id,
        number: n,
        held_at: held,
        worker_user_id: e.worker,
        what_has_been_happening: pick(random, SESSION_NOTES.happening),
        strengths_and_resources: pick(random, SESSION_NOTES.strengths),
        people_and_networks: random() < 0.8 ? pick(random, SESSION_NOTES.networks) : null,
        help_from_services: random() < 0.6 ? pick(random, SESSION_NOTES.services) : null,
        next_steps: pick(random, SESSION_NOTES.next),
        beyond_limit_reason: null,
        created_by: e.worker,
        created_at: held,
        updated_at: held,
        version: 1,
      });
    }
    if (e.transition) {
      const planned = e.transition === 'planned' ? now + 12 * DAY : lastSession;
      transitions.push({
        id: newId(),
        organisation_id: org,
        episode_id: id,
        to_directory_service_id: null,
        to_name: e.transition === 'planned' ? 'Eastmoor Recovery College' : 'Riverside Talking Therapies',
        planned_date: dateOnly(planned),
        handover_summary: e.transition === 'planned' ? 'Wants to do the “Understanding anxiety” course. Happier with a friendly face at the first session.' : 'Started talking therapy; keeps the Harbour number for evenings.',
        share_consent: 1,
        share_consent_at: iso(lastSession),
        share_consent_how: 'in_person',
        status: e.transition,
        created_by: e.worker,
        created_at: iso(lastSession),
        updated_at: iso(lastSession),
        version: 1,
      });
    }
  };
  // Jordan (peer@demo.test) at the Harbour: four open, one near its limit, one moving on soon, two closed.
  episode({ person: 'zofia', service: 'haven', worker: staff.peer, sessions: 8, goals: 3 });
  episode({ person: 'marcus', service: 'haven', worker: staff.peer, sessions: 3, goals: 2 });
  episode({ person: 'harpreet', service: 'haven', worker: staff.peer, sessions: 5, goals: 2, transition: 'planned' });
  episode({ person: 'jay', service: 'haven', worker: staff.peer, sessions: 1, goals: 1 });
  episode({ person: 'ellie', service: 'haven', worker: staff.peer, sessions: 6, goals: 2, closed: 'transition_done', transition: 'done' });
  episode({ person: 'rory', service: 'haven', worker: staff.peer, sessions: 4, goals: 1, closed: 'moved_on_with_support' });
  // Marta (peer2@demo.test) in A&E and with carers: two open (her cap is three), one closed.
  episode({ person: 'tom', service: 'ae', worker: staff.peer2, sessions: 2, goals: 1 });
  episode({ person: 'andrei', service: 'ae', worker: staff.peer2, sessions: 4, goals: 2 });
  episode({ person: 'sunita', service: 'carers', worker: staff.peer2, sessions: 5, goals: 2, closed: 'moved_on_with_support' });
  await insertAll(trx, 'episodes', episodes);
  await insertAll(trx, 'episode_workers', workers);
  await insertAll(trx, 'episode_sessions', sessions);
  await insertAll(trx, 'transitions', transitions);

  // A reasonable adjustment: Marta supports at most three people at once.
  await trx.updateTable('users').set({ caseload_max: 3, updated_at: nowIso }).where('id', '=', staff.peer2).where('organisation_id', '=', org).execute();

  return {
    people: peopleRows.length,
    contacts: contacts.length,
    onBoard: contacts.filter((c) => c.left_at === null).length,
    callbacks: 2,
    episodes: episodes.length,
    sessions: sessions.length,
  };
}
