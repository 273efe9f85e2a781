import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { CrisisPlan, CrisisPlanLink, CrisisPlanShare, CrisisPlanVersion } from '../../db/tables.js';
import { json } from '../../db/values.js';
import { readDocument } from '../../features/directory/mapping.js';
import { entryFields } from '../queries.js';
import { describeHours, describeOpening, hoursOn, localDate, schedulesFromOpeningHours, todaysHours, type DayHours, type ServiceSchedules } from '../../../shared/directory/schedules.js';
import { alwaysOpen, type OpeningHours } from '../../../shared/opening-hours.js';
import { PlanContent, RECIPIENT_KIND_LABELS, type RecipientKind } from '../../../shared/plans.js';
import { RECIPIENT_WORDS, WHO } from './text.js';

/**
 * Reads behind the /my-plan pages. A link is found from its token's digest or from the id
 * in a signed cookie (both only held by someone who was given the link); everything after
 * that is scoped to the link's organisation and plan.
 */

export interface LinkContext {
  link: CrisisPlanLink;
  share: CrisisPlanShare | null;
  plan: CrisisPlan;
  /** The name the person likes to be called. */
  personName: string;
}

async function contextOf(db: DbOrTrx, link: CrisisPlanLink | undefined): Promise<LinkContext | null> {
  if (!link) return null;
  const plan = (await scoped(db, 'crisis_plans', link.organisation_id).selectAll().where('crisis_plans.id', '=', link.plan_id).executeTakeFirst()) as CrisisPlan | undefined;
  if (!plan) return null;
  const share = link.share_id
    ? (((await scoped(db, 'crisis_plan_shares', link.organisation_id).selectAll().where('crisis_plan_shares.id', '=', link.share_id).executeTakeFirst()) as CrisisPlanShare | undefined) ?? null)
    : null;
  if (link.share_id && !share) return null;
  const person = await scoped(db, 'people', link.organisation_id).select('people.preferred_name').where('people.id', '=', plan.person_id).executeTakeFirst();
  return { link, share, plan, personName: person?.preferred_name ?? '' };
}

export async function linkByTokenDigest(db: DbOrTrx, digest: string, forUpdate: boolean): Promise<LinkContext | null> {
  let query = db.selectFrom('crisis_plan_links').selectAll().where('token_digest', '=', digest);
  if (forUpdate) query = query.forUpdate();
  return contextOf(db, (await query.executeTakeFirst()) as CrisisPlanLink | undefined);
}

export async function linkById(db: DbOrTrx, linkId: string): Promise<LinkContext | null> {
  return contextOf(db, (await db.selectFrom('crisis_plan_links').selectAll().where('id', '=', linkId).executeTakeFirst()) as CrisisPlanLink | undefined);
}

export interface PlanVersions {
  /** The latest agreed version. */
  agreed: CrisisPlanVersion | null;
  /** A draft newer than the latest agreed version (or the only version), waiting for the person. */
  draft: CrisisPlanVersion | null;
}

export async function planVersions(db: DbOrTrx, ctx: LinkContext): Promise<PlanVersions> {
  const rows = (await scoped(db, 'crisis_plan_versions', ctx.plan.organisation_id)
    .selectAll()
    .where('crisis_plan_versions.plan_id', '=', ctx.plan.id)
    .orderBy('crisis_plan_versions.number', 'desc')
    .limit(20)
    .execute()) as CrisisPlanVersion[];
  const agreed = rows.find((r) => r.state === 'agreed') ?? null;
  const draft = rows.find((r) => r.state === 'draft' && (!agreed || Number(r.number) > Number(agreed.number))) ?? null;
  return { agreed, draft };
}

/** A version's words; anything unreadable is left out rather than shown wrongly. */
export const contentOf = (version: CrisisPlanVersion): PlanContent => {
  const parsed = PlanContent.safeParse(json<unknown>(version.content, {}));
  return parsed.success ? parsed.data : PlanContent.parse({});
};

/** One service the plan names, as the page shows it: the number to call and whether it is open. */
export interface ServiceLine {
  id: string;
  name: string;
  phone: string | null;
  url: string | null;
  openNow: string | null;
  today: string | null;
  /** The usual week, for paper (where "open now" means nothing): "Every day 16:00 to midnight" or "Mon to Fri 10:00 to 16:00; Sat, Sun closed". */
  week: string | null;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const dayText = (day: DayHours): string => {
  const own = day.periods.filter((p) => !p.startedDayBefore);
  if (own.length === 0) return 'closed';
  if (own.some((p) => p.allDay)) return '24 hours';
  return own.map((p) => `${p.opens} to ${p.closes === '00:00' ? 'midnight' : p.closes}`).join(' and ');
};

/** The next seven days' hours as one line, days with the same hours run together (bank holidays aside). */
export function weekText(schedules: ServiceSchedules, now: Date): string {
  const today = localDate(now);
  const days = Array.from({ length: 7 }, (_, i) => {
    const date = new Date(Date.parse(`${today}T12:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
    const weekday = (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7;
    return { weekday, text: dayText(hoursOn(schedules, date)) };
  }).sort((a, b) => a.weekday - b.weekday);
  if (days.every((d) => d.text === days[0]!.text)) return `Every day ${days[0]!.text}`;
  const groups: { from: number; to: number; text: string }[] = [];
  for (const d of days) {
    const last = groups.at(-1);
    if (last && last.text === d.text && last.to === d.weekday - 1) last.to = d.weekday;
    else groups.push({ from: d.weekday, to: d.weekday, text: d.text });
  }
  const named = (g: { from: number; to: number }) =>
    g.from === g.to ? WEEKDAYS[g.from] : `${WEEKDAYS[g.from]} ${g.to === g.from + 1 ? 'and' : 'to'} ${WEEKDAYS[g.to]}`;
  return groups.map((g) => `${named(g)} ${g.text}`).join('; ');
}

/** The directory entries a plan names, from the link's organisation only, with their numbers and opening hours now. */
export async function serviceLines(db: DbOrTrx, organisationId: string, ids: string[], now: Date): Promise<Map<string, ServiceLine>> {
  const lines = new Map<string, ServiceLine>();
  if (ids.length === 0) return lines;
  const rows = await scoped(db, 'directory_entries', organisationId)
    .leftJoin('services', 'services.id', 'directory_entries.service_id')
    .select(['directory_entries.id', 'directory_entries.name', 'directory_entries.document', 'directory_entries.status', 'services.opening_hours'])
    .where('directory_entries.id', 'in', ids.slice(0, 50))
    .execute();
  for (const row of rows) {
    const fields = entryFields(row.document);
    let schedules: ServiceSchedules | null = null;
    if (row.opening_hours) schedules = schedulesFromOpeningHours(json<OpeningHours>(row.opening_hours, alwaysOpen()));
    else {
      const read = readDocument(json<unknown>(row.document, null));
      if (read.ok && (read.schedules.regular_schedules.length > 0 || read.schedules.holiday_schedules.length > 0)) schedules = read.schedules;
    }
    lines.set(row.id, {
      id: row.id,
      name: row.name,
      phone: fields.phone,
      url: fields.url,
      openNow: schedules ? describeOpening(schedules, now) : null,
      today: schedules ? describeHours(todaysHours(schedules, now)) : null,
      week: schedules ? weekText(schedules, now) : null,
    });
  }
  return lines;
}

export interface ViewLine {
  at: string;
  who: string;
}

/** Who looked at the plan, newest first: everyone except the person themself. */
export async function whoLooked(db: DbOrTrx, plan: CrisisPlan, limit = 30): Promise<ViewLine[]> {
  const rows = await scoped(db, 'crisis_plan_views', plan.organisation_id)
    .leftJoin('users', 'users.id', 'crisis_plan_views.user_id')
    .leftJoin('services', 'services.id', 'crisis_plan_views.service_id')
    .leftJoin('crisis_plan_shares', 'crisis_plan_shares.id', 'crisis_plan_views.share_id')
    .leftJoin('crisis_plan_break_glass', 'crisis_plan_break_glass.id', 'crisis_plan_views.grant_id')
    .select([
      'crisis_plan_views.viewer_kind',
      'crisis_plan_views.viewed_at',
      'users.display_name',
      'services.name as service_name',
      'crisis_plan_shares.recipient_name',
      'crisis_plan_shares.relationship',
      'crisis_plan_shares.recipient_kind',
      'crisis_plan_break_glass.reason',
    ])
    .where('crisis_plan_views.plan_id', '=', plan.id)
    .where('crisis_plan_views.viewer_kind', '!=', 'person')
    .orderBy('crisis_plan_views.viewed_at', 'desc')
    .orderBy('crisis_plan_views.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const name = r.display_name ?? WHO.someone;
    let who: string;
    switch (r.viewer_kind) {
      case 'recipient':
        who = WHO.recipient(r.recipient_name ?? WHO.someone, r.relationship || RECIPIENT_WORDS[r.recipient_kind ?? ''] || (RECIPIENT_KIND_LABELS[r.recipient_kind as RecipientKind] ?? ''));
        break;
      case 'break_glass':
        who = WHO.breakGlass(name, r.reason);
        break;
      case 'partner':
        who = WHO.partner(name, r.service_name);
        break;
      default:
        who = WHO.staff(name, r.service_name);
    }
    return { at: r.viewed_at, who };
  });
}
