import { recordAudit } from '../audit/audit.js';
import { hashPassword } from '../auth/passwords.js';
import type { Role } from '../db/tables.js';
import { newId, nowIso } from '../db/values.js';
import type { Deps } from '../http/context.js';
import { everyDay, alwaysOpen, type OpeningHours } from '../../shared/opening-hours.js';
import { ROLE_LABELS } from '../../shared/roles.js';
import { seedActivity, type ActivityCounts } from './seed-activity.js';
import { seedDirectory } from './seed-directory.js';
import { seedPlans } from './seed-plans.js';
import { seedEscalations } from './seed-escalations.js';
import { seedWellbeing } from './seed-wellbeing.js';
import { seedReflectiveGroups } from './seed-reflective-groups.js';
import { seedDebriefsAndSupervision } from './seed-debriefs-supervision.js';

/**
 * The demo organisation. Everything here is fictional: the place names, the people
 * and the hospital are made up, so nothing can be mistaken for a real service.
 */
export const DEMO_ORGANISATION = {
  name: 'Riverside Crisis Partnership (demo)',
  slug: 'riverside-demo',
  under16ServiceName: 'Riverside Young Minds crisis line',
  under16Phone: '0300 555 0160',
};

interface DemoService {
  key: 'haven' | 'ae' | 'carers';
  slug: string;
  name: string;
  type: 'safe_haven' | 'ae_peer_support' | 'carers_peer_support';
  area: string;
  description: string;
  hours: OpeningHours;
  isDefault: boolean;
  teams: string[];
}

const weekdays = (opens: string, closes: string): OpeningHours => {
  const hours = everyDay(opens, closes);
  hours.open365 = false;
  hours.weekly.saturday = [];
  hours.weekly.sunday = [];
  return hours;
};

export const DEMO_SERVICES: DemoService[] = [
  {
    key: 'haven',
    slug: 'harbour',
    name: 'The Harbour safe haven',
    type: 'safe_haven',
    area: 'Riverside and Eastmoor',
    description: 'A calm, welcoming place to come instead of A&E when things feel too much, open every evening of the year for anyone 16 or over.',
    hours: everyDay('16:00', '00:00'),
    isDefault: true,
    teams: ['Evening team', 'Late team'],
  },
  {
    key: 'ae',
    slug: 'kingsmead-ae',
    name: 'Peer support in A&E, Kingsmead General Hospital',
    type: 'ae_peer_support',
    area: 'Kingsmead General Hospital',
    description: 'Peer support workers with lived experience who sit with people in the emergency department and help them find what comes next.',
    hours: alwaysOpen(),
    isDefault: false,
    teams: ['A&E peer team'],
  },
  {
    key: 'carers',
    slug: 'carers-together',
    name: 'Carers Together',
    type: 'carers_peer_support',
    area: 'Riverside and Eastmoor',
    description: 'Peer support for family members and friends supporting someone through a crisis, from people who have done the same.',
    hours: weekdays('10:00', '18:00'),
    isDefault: false,
    teams: ['Carers peer team'],
  },
];

interface DemoAccount {
  email: string;
  name: string;
  memberships: { role: Role; service: DemoService['key'] | null }[];
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'admin@demo.test', name: 'Priya Raman', memberships: [{ role: 'org_admin', service: null }] },
  { email: 'manager@demo.test', name: 'Gareth Lloyd', memberships: [{ role: 'service_manager', service: 'haven' }, { role: 'service_manager', service: 'carers' }] },
  { email: 'lead@demo.test', name: 'Sam Okafor', memberships: [{ role: 'shift_lead', service: 'haven' }] },
  { email: 'senior@demo.test', name: 'Ruth Adeyemi', memberships: [{ role: 'senior_peer', service: 'haven' }, { role: 'senior_peer', service: 'ae' }] },
  { email: 'peer@demo.test', name: 'Jordan Ellis', memberships: [{ role: 'peer_worker', service: 'haven' }] },
  { email: 'peer2@demo.test', name: 'Marta Nowak', memberships: [{ role: 'peer_worker', service: 'ae' }, { role: 'peer_worker', service: 'carers' }] },
  { email: 'clinician@demo.test', name: 'Dr Imran Qureshi', memberships: [{ role: 'clinical_partner', service: 'ae' }, { role: 'clinical_partner', service: 'haven' }] },
  { email: 'commissioner@demo.test', name: 'Helen Marsh', memberships: [{ role: 'commissioner', service: null }] },
];

export interface SeededDemo {
  organisationId: string;
  password: string;
  serviceIds: Record<DemoService['key'], string>;
  accounts: { email: string; role: string; userId: string }[];
  /** What the demo holds besides staff: people, contacts, the board now, episodes. */
  activity: ActivityCounts;
  /** Service directory entries (national lines and fictional local services). */
  directoryEntries: number;
}

/** Seeds the demo organisation, services, teams and staff; safe to call once on an empty database. */
export async function seedDemo(deps: Deps, password: string): Promise<SeededDemo> {
  const passwordHash = await hashPassword(password);
  return deps.db.transaction().execute(async (trx) => {
    const now = nowIso(deps.clock);
    const organisationId = newId();
    await trx
      .insertInto('organisations')
      .values({ id: organisationId, name: DEMO_ORGANISATION.name, slug: DEMO_ORGANISATION.slug, under16_service_name: DEMO_ORGANISATION.under16ServiceName, under16_phone: DEMO_ORGANISATION.under16Phone, is_demo: 1, created_at: now, updated_at: now, version: 1 })
      .execute();
    const serviceIds = {} as Record<DemoService['key'], string>;
    const teamIds: Record<string, string> = {};
    for (const s of DEMO_SERVICES) {
      const id = newId();
      serviceIds[s.key] = id;
      await trx
        .insertInto('services')
        .values({ id, organisation_id: organisationId, slug: s.slug, name: s.name, type: s.type, area: s.area, description: s.description, opening_hours: JSON.stringify(s.hours), session_limit: 10, is_default: s.isDefault ? 1 : 0, archived_at: null, created_at: now, updated_at: now, version: 1 })
        .execute();
      for (const name of s.teams) {
        const teamId = newId();
        teamIds[`${s.key}:${name}`] = teamId;
        await trx.insertInto('teams').values({ id: teamId, organisation_id: organisationId, service_id: id, name, archived_at: null, created_at: now, updated_at: now, version: 1 }).execute();
      }
    }
    const accounts: SeededDemo['accounts'] = [];
    for (const a of DEMO_ACCOUNTS) {
      const userId = newId();
      await trx
        .insertInto('users')
        .values({ id: userId, organisation_id: organisationId, email: a.email, display_name: a.name, password_hash: passwordHash, password_changed_at: now, totp_secret: null, totp_enabled: 0, totp_last_step: null, caseload_max: null, is_demo: 1, disabled_at: null, created_at: now, updated_at: now, version: 1 })
        .execute();
      for (const m of a.memberships) {
        await trx
          .insertInto('memberships')
          .values({ id: newId(), organisation_id: organisationId, user_id: userId, service_id: m.service ? serviceIds[m.service] : null, team_id: null, role: m.role, created_at: now })
          .execute();
      }
      accounts.push({ email: a.email, userId, role: a.memberships.map((m) => ROLE_LABELS[m.role]).filter((v, i, all) => all.indexOf(v) === i).join(', ') });
    }
    const users = Object.fromEntries(accounts.map((a) => [a.email, a.userId]));
    const activity = await seedActivity(trx, { organisationId, serviceIds, users, now: deps.clock() });
    const hoursOf = (key: DemoService['key']) => DEMO_SERVICES.find((s) => s.key === key)!.hours;
    const directoryEntries = await seedDirectory(trx, { organisationId, serviceIds, serviceHours: { haven: hoursOf('haven'), carers: hoursOf('carers') }, checkedBy: users['admin@demo.test']!, now: deps.clock() });
    // Crisis plans for a couple of people (after the directory: a plan's services point at its entries).
    const plans = await seedPlans(trx, { organisationId, serviceIds, users, now: deps.clock() });
    // Escalation ladders for each service and one escalation under way (after the directory and people).
    await seedEscalations(trx, deps, { organisationId, serviceIds, users, now: deps.clock() });
    // Debriefs (one offered, one under way) and supervision rhythms with records (after the escalation).
    await seedDebriefsAndSupervision(trx, { organisationId, serviceIds, users, now: deps.clock() });
    // A reflective practice group held at The Harbour and the next one planned.
    await seedReflectiveGroups(trx, { organisationId, serviceIds, users, now: deps.clock() });
    // Staff wellbeing: a peer support service for crisis staff with a crisis responder, check-ins, a shared plan.
    accounts.push(...(await seedWellbeing(trx, { organisationId, users, passwordHash, now: deps.clock() })).accounts);
    await recordAudit(trx, deps.audit, { organisationId, actorUserId: null, action: 'demo.seed', entityType: 'organisation', entityId: organisationId, details: { services: DEMO_SERVICES.length, accounts: DEMO_ACCOUNTS.length, ...activity, directoryEntries, crisisPlans: plans.plans, crisisPlanShares: plans.shares } });
    return { organisationId, password, serviceIds, accounts, activity, directoryEntries };
  });
}
