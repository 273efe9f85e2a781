import { PLAN_SECTION_KEYS, PlanContent, sharedContent, type PlanSectionKey } from '../../../shared/plans.js';
import type { PartnerPerson } from '../../../shared/plan-partners.js';
import type { CrisisPlanBreakGlass, CrisisPlanShare, Person } from '../../db/tables.js';
import { json } from '../../db/values.js';
import { nameKey } from '../people/rules.js';

/** Pure rules of partner access and emergency access: data in, data out. */

/** A share lets its recipient see the plan now: not revoked, started, not yet ended. */
export function shareIsActive(share: Pick<CrisisPlanShare, 'revoked_at' | 'starts_at' | 'ends_at'>, now: string): boolean {
  return share.revoked_at === null && share.starts_at <= now && now < share.ends_at;
}

/** Emergency access lasts until its expiry, to the millisecond. */
export function grantIsActive(grant: Pick<CrisisPlanBreakGlass, 'expires_at'>, now: string): boolean {
  return now < grant.expires_at;
}

/** The stored section list, keeping only known keys, in plan order (so a bad row shows less, never more). */
export function sectionsOf(stored: string): PlanSectionKey[] {
  const listed = new Set(json<unknown[]>(stored, []).filter((v): v is string => typeof v === 'string'));
  return PLAN_SECTION_KEYS.filter((k) => listed.has(k));
}

/** A version's stored content, read through the contract (defaults for anything missing). */
export function readContent(stored: string): PlanContent {
  const parsed = PlanContent.safeParse(json<unknown>(stored, {}));
  return parsed.success ? parsed.data : PlanContent.parse({});
}

/** What a reader with these sections may see of a version. */
export function visibleContent(content: PlanContent, sections: readonly PlanSectionKey[]): Partial<PlanContent> {
  return sharedContent(content, sections);
}

export function partnerPerson(row: Pick<Person, 'id' | 'preferred_name' | 'full_name' | 'date_of_birth' | 'nhs_number'>): PartnerPerson {
  return { id: row.id, preferredName: row.preferred_name, fullName: row.full_name, dateOfBirth: row.date_of_birth, nhsNumber: row.nhs_number };
}

/**
 * Whether the name given for emergency access is the person's full name: the same words
 * ignoring capitals, accents, apostrophes and spacing, nothing looser (no typos, no
 * parts of names). When no full name is recorded, the name they go by is their name.
 */
export function fullNameMatches(given: string, person: Pick<Person, 'preferred_name' | 'full_name'>): boolean {
  const key = nameKey(given);
  if (key === '') return false;
  return key === nameKey(person.full_name ?? person.preferred_name);
}

/** The moment emergency access ends. */
export const grantExpiry = (nowMs: number, lengthMs: number): string => new Date(nowMs + lengthMs).toISOString();

/**
 * The email a service manager gets: that emergency access was used, where, and where to
 * review it. Nothing about the person or the reason (email is not the place for them).
 */
export function breakGlassEmail(serviceName: string, reviewUrl: string): { subject: string; message: string } {
  return {
    subject: `Emergency access to a crisis plan in ${serviceName}`,
    message: [
      `Someone in ${serviceName} has just used emergency access to open a crisis plan without the person's agreement.`,
      `Please look at it and add your review: ${reviewUrl}`,
      'This email leaves out who the plan belongs to and the reason given. You can see both after signing in.',
    ].join('\n\n'),
  };
}

/** Failed emergency-access look-ups a person may make in an hour before being asked to wait. */
export const BREAK_GLASS_FAILURES_PER_HOUR = 10;
