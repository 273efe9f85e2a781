import type { Transaction } from 'kysely';
import type { Database } from '../db/tables.js';
import { newId } from '../db/values.js';
import { alwaysOpen } from '../../shared/opening-hours.js';
import { ROLE_LABELS } from '../../shared/roles.js';

/**
 * Staff wellbeing for the demo (issue 7). Made up, like everything in the demo.
 *  - A peer support service for crisis staff ("Crew Room"), with a police officer as a crisis
 *    responder (responder@demo.test, staff peer support only) and a senior peer supporter
 *    (supporter@demo.test) there; the responder has checked out twice this week.
 *  - Jordan (peer worker, The Harbour) checked in and out on a few recent shifts (none in the
 *    last 12 hours, so the end-to-end journey starts a fresh shift) and has a wellbeing plan
 *    shared with Sam, the Harbour's shift lead.
 */
export interface WellbeingSeedContext {
  organisationId: string;
  users: Record<string, string>;
  passwordHash: string;
  now: number;
}

export const STAFF_SERVICE = {
  slug: 'crew-room',
  name: 'Crew Room: peer support for crisis staff',
  area: 'Riverside and Eastmoor',
  description: 'Confidential peer support for anyone working in crisis care locally, including police, ambulance and NHS staff, from people who have done the same work.',
};

export const WELLBEING_DEMO_ACCOUNTS = [
  { email: 'responder@demo.test', name: 'Dan Whitfield', role: 'crisis_responder' as const },
  { email: 'supporter@demo.test', name: 'Bea Lindqvist', role: 'senior_peer' as const },
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export async function seedWellbeing(trx: Transaction<Database>, ctx: WellbeingSeedContext): Promise<{ serviceId: string; accounts: { email: string; role: string; userId: string }[] }> {
  const org = ctx.organisationId;
  const iso = (ms: number) => new Date(ms).toISOString();
  const created = iso(ctx.now - 120 * DAY);
  const serviceId = newId();
  await trx
    .insertInto('services')
    .values({ id: serviceId, organisation_id: org, slug: STAFF_SERVICE.slug, name: STAFF_SERVICE.name, type: 'staff_peer_support', area: STAFF_SERVICE.area, description: STAFF_SERVICE.description, opening_hours: JSON.stringify(alwaysOpen()), session_limit: 10, is_default: 0, archived_at: null, created_at: created, updated_at: created, version: 1 })
    .execute();
  const accounts: { email: string; role: string; userId: string }[] = [];
  for (const a of WELLBEING_DEMO_ACCOUNTS) {
    const userId = newId();
    await trx
      .insertInto('users')
      .values({ id: userId, organisation_id: org, email: a.email, display_name: a.name, password_hash: ctx.passwordHash, password_changed_at: created, totp_secret: null, totp_enabled: 0, totp_last_step: null, caseload_max: null, is_demo: 1, disabled_at: null, created_at: created, updated_at: created, version: 1 })
      .execute();
    await trx.insertInto('memberships').values({ id: newId(), organisation_id: org, user_id: userId, service_id: serviceId, team_id: null, role: a.role, created_at: created }).execute();
    accounts.push({ email: a.email, userId, role: ROLE_LABELS[a.role] });
  }
  const dan = accounts[0]!.userId;

  const checkin = (userId: string, at: number, kind: 'check_in' | 'check_out', scale: number | null, words: string | null, service: string | null, hardShift = false) =>
    trx
      .insertInto('wellbeing_checkins')
      .values({ id: newId(), organisation_id: org, user_id: userId, service_id: service, kind, scale, words, hard_shift: hardShift ? 1 : 0, follows_up_id: null, asked_again: 0, created_at: iso(at) })
      .execute();

  await checkin(dan, ctx.now - 4 * DAY, 'check_out', 3, 'Long night shift. Glad to be done.', serviceId);
  await checkin(dan, ctx.now - 2 * DAY, 'check_out', 2, 'A sudden death call. Still thinking about the family.', serviceId, true);

  const jordan = ctx.users['peer@demo.test'];
  const sam = ctx.users['lead@demo.test'];
  const haven = jordan ? await trx.selectFrom('memberships').select('service_id').where('user_id', '=', jordan).where('role', '=', 'peer_worker').executeTakeFirst() : undefined;
  if (jordan && sam && haven?.service_id) {
    const h = haven.service_id;
    await checkin(jordan, ctx.now - 5 * DAY - 8 * HOUR, 'check_in', 4, 'Looking forward to seeing the team.', h);
    await checkin(jordan, ctx.now - 5 * DAY, 'check_out', 4, 'Busy evening but a good one.', h);
    await checkin(jordan, ctx.now - 3 * DAY - 8 * HOUR, 'check_in', 3, null, h);
    await checkin(jordan, ctx.now - 3 * DAY, 'check_out', 3, 'Tired. Someone I have supported for a while came in very low.', h, true);
    await checkin(jordan, ctx.now - DAY - 8 * HOUR, 'check_in', 5, null, h);
    const planId = newId();
    const planAt = iso(ctx.now - 20 * DAY);
    const sections = {
      keepsMeWell: 'A proper break in the middle of a shift, even ten minutes outside. Knowing who is on with me before I arrive.',
      makesItHarder: 'Back-to-back late shifts. Calls that remind me of my own time in crisis.',
      earlySigns: 'I go quiet in handover and stop making tea for everyone.',
      teamCanHelp: 'Ask me how I am away from others, and offer a walk rather than a meeting.',
      adjustments: 'No more than two late shifts in a row, agreed with Gareth in the spring.',
    };
    await trx.insertInto('wellbeing_plans').values({ id: planId, organisation_id: org, user_id: jordan, sections: JSON.stringify(sections), created_at: planAt, updated_at: planAt, version: 1 }).execute();
    await trx.insertInto('wellbeing_shares').values({ id: newId(), organisation_id: org, owner_user_id: jordan, subject_type: 'plan', subject_id: planId, shared_with_user_id: sam, service_id: h, created_at: iso(ctx.now - 19 * DAY), revoked_at: null }).execute();
  }
  return { serviceId, accounts };
}
