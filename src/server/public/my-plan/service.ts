import { recordAudit, sourceDigest } from '../../audit/audit.js';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/tables.js';
import type { DbOrTrx } from '../../db/scope.js';
import { newId, nowIso } from '../../db/values.js';
import { auditInput, type Actor, type Deps } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { agreePlan } from '../../features/plans/agree-plan.js';
import { codeMatches, normaliseCode, looksLikeToken, tokenDigest } from '../../features/plan-links/link-secrets.js';
import { linkStatus, shareState } from '../../features/plan-links/queries.js';
import { PLAN_SECTION_KEYS, sharedContent, type PlanContent, type PlanSectionKey } from '../../../shared/plans.js';
import { contentOf, linkById, linkByTokenDigest, planVersions, serviceLines, whoLooked, type LinkContext, type ServiceLine, type ViewLine } from './queries.js';
import type { CrisisPlanVersion } from '../../db/tables.js';

/**
 * The rules of the /my-plan pages: opening a link with its code (a short pause after
 * config.planCodeMaxTries wrong codes on one link, and at most PLAN_CODES_PER_ADDRESS_HOUR
 * wrong codes from one address an hour across links), re-checking the link on every
 * request, recording every view, and agreeing a draft on the person's own device.
 * Every open and every refusal is audited (ids and reasons only).
 */

/** Wrong codes from one address in an hour, across every link, before that address is refused for a while. */
export const PLAN_CODES_PER_ADDRESS_HOUR = 30;
/** A recipient's cookie lasts 12 hours: they enter the code again after that. */
export const RECIPIENT_COOKIE_MS = 12 * 3_600_000;
/**
 * The person's cookie outlives their link by this much, so that after the link ends the
 * server can still say so and the copy kept on the phone is removed.
 */
export const PERSON_COOKIE_GRACE_MS = 30 * 86_400_000;

export const AUDIT = {
  open: 'plan.link_open',
  code: 'plan.link_code',
  addressLimit: 'plan.link_code_limit',
  view: 'plan.view',
  forget: 'plan.link_forget',
} as const;

export type Refusal = 'unknown' | 'withdrawn' | 'expired' | 'share_revoked' | 'share_ended' | 'share_not_started' | 'bad_cookie';

/** Why a link cannot be used now, or null when it can. Checked on every request. */
export function refusalOf(ctx: LinkContext, now: number): Refusal | null {
  const status = linkStatus(ctx.link, now);
  if (status !== 'active') return status;
  if (ctx.share) {
    const state = shareState(ctx.share, now);
    if (state !== 'active') return state === 'revoked' ? 'share_revoked' : state === 'ended' ? 'share_ended' : 'share_not_started';
  }
  return null;
}

const transaction = <T>(deps: Deps, work: (trx: Transaction<Database>) => Promise<T>) => deps.db.transaction().execute(work);

async function audit(trx: DbOrTrx, deps: Deps, actor: Actor, organisationId: string | null, action: string, outcome: 'success' | 'denied', entityId: string | null, details: Record<string, unknown>) {
  await recordAudit(trx, deps.audit, auditInput({ ...actor, userId: null, organisationId }, { action, outcome, entityType: entityId ? 'crisis_plan_link' : null, entityId, details }));
}

/** Records a refusal to open (unknown, withdrawn, expired, share stopped, tampered cookie) and says it again. */
export async function refuse(deps: Deps, actor: Actor, ctx: LinkContext | null, reason: Refusal): Promise<Refusal> {
  await transaction(deps, (trx) => audit(trx, deps, actor, ctx?.link.organisation_id ?? null, AUDIT.open, 'denied', ctx?.link.id ?? null, { reason, shareId: ctx?.link.share_id ?? null }));
  return reason;
}

/** The link an address names, if it is usable now; a refusal (audited) otherwise. */
export async function linkForToken(deps: Deps, actor: Actor, token: string): Promise<{ ok: true; ctx: LinkContext } | { ok: false; reason: Refusal; ctx: LinkContext | null }> {
  const ctx = looksLikeToken(token) ? await linkByTokenDigest(deps.db, tokenDigest(token), false) : null;
  if (!ctx) return { ok: false, reason: await refuse(deps, actor, null, 'unknown'), ctx: null };
  const reason = refusalOf(ctx, deps.clock());
  if (reason) return { ok: false, reason: await refuse(deps, actor, ctx, reason), ctx };
  return { ok: true, ctx };
}

export type CodeResult =
  | { outcome: 'opened'; ctx: LinkContext; cookieExpiresAt: number }
  | { outcome: 'wrong'; ctx: LinkContext; left: number }
  | { outcome: 'not_a_code'; ctx: LinkContext }
  | { outcome: 'paused'; ctx: LinkContext; until: string }
  | { outcome: 'address_limit'; ctx: LinkContext }
  | { outcome: 'refused'; reason: Refusal; ctx: LinkContext | null };

/**
 * A code typed for a link. In one transaction (the link's row locked on PostgreSQL; SQLite
 * runs one writer at a time), so guesses sent all at once are counted one after another.
 */
export async function tryCode(deps: Deps, actor: Actor, token: string, typed: string): Promise<CodeResult> {
  if (!looksLikeToken(token)) return { outcome: 'refused', reason: await refuse(deps, actor, null, 'unknown'), ctx: null };
  const { config } = deps;
  const result = await transaction(deps, async (trx): Promise<CodeResult> => {
    const ctx = await linkByTokenDigest(trx, tokenDigest(token), deps.engine === 'postgres');
    const now = deps.clock();
    if (!ctx) {
      await audit(trx, deps, actor, null, AUDIT.open, 'denied', null, { reason: 'unknown' });
      return { outcome: 'refused', reason: 'unknown', ctx: null };
    }
    const org = ctx.link.organisation_id;
    const reason = refusalOf(ctx, now);
    if (reason) {
      await audit(trx, deps, actor, org, AUDIT.open, 'denied', ctx.link.id, { reason, shareId: ctx.link.share_id });
      return { outcome: 'refused', reason, ctx };
    }
    const digest = sourceDigest(deps.secretKey, actor.source);
    if (digest) {
      const recent = await trx
        .selectFrom('audit_events')
        .select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('count'))
        .where('organisation_id', '=', org)
        .where('at', '>=', new Date(now - 3_600_000).toISOString())
        .where('action', '=', AUDIT.code)
        .where('outcome', '=', 'denied')
        .where('source_digest', '=', digest)
        .executeTakeFirst();
      if (Number(recent?.count ?? 0) >= PLAN_CODES_PER_ADDRESS_HOUR) {
        await audit(trx, deps, actor, org, AUDIT.addressLimit, 'denied', ctx.link.id, { reason: 'address_limit' });
        return { outcome: 'address_limit', ctx };
      }
    }
    const lockedUntil = ctx.link.locked_until ? Date.parse(ctx.link.locked_until) : 0;
    if (lockedUntil > now) {
      await audit(trx, deps, actor, org, AUDIT.code, 'denied', ctx.link.id, { reason: 'paused' });
      return { outcome: 'paused', ctx, until: ctx.link.locked_until! };
    }
    if (normaliseCode(typed) === null) {
      await audit(trx, deps, actor, org, AUDIT.code, 'denied', ctx.link.id, { reason: 'not_a_code' });
      return { outcome: 'not_a_code', ctx };
    }
    if (!codeMatches(deps.secretKey, ctx.link.id, typed, ctx.link.code_digest)) {
      // A pause that has run out starts the count again.
      const failed = (lockedUntil > 0 ? 0 : Number(ctx.link.failed_attempts)) + 1;
      const pause = failed >= config.planCodeMaxTries;
      const until = pause ? new Date(now + config.planCodeLockMs).toISOString() : null;
      await trx
        .updateTable('crisis_plan_links')
        .set({ failed_attempts: pause ? 0 : failed, locked_until: until })
        .where('id', '=', ctx.link.id)
        .execute();
      await audit(trx, deps, actor, org, AUDIT.code, 'denied', ctx.link.id, { reason: 'wrong_code', paused: pause });
      return pause ? { outcome: 'paused', ctx, until: until! } : { outcome: 'wrong', ctx, left: config.planCodeMaxTries - failed };
    }
    const opened = nowIso(deps.clock);
    await trx.updateTable('crisis_plan_links').set({ failed_attempts: 0, locked_until: null, last_opened_at: opened }).where('id', '=', ctx.link.id).execute();
    await audit(trx, deps, actor, org, AUDIT.open, 'success', ctx.link.id, { planId: ctx.plan.id, shareId: ctx.link.share_id });
    const linkEnds = Date.parse(ctx.link.expires_at);
    // Either may outlast the link: the server then says it has ended (and a kept copy goes).
    const cookieExpiresAt = ctx.share ? now + RECIPIENT_COOKIE_MS : linkEnds + PERSON_COOKIE_GRACE_MS;
    return { outcome: 'opened', ctx: { ...ctx, link: { ...ctx.link, failed_attempts: 0, locked_until: null, last_opened_at: opened } }, cookieExpiresAt };
  });
  return result;
}

/** The link a (verified) cookie names, re-checked in the database: withdrawn, ended or stopped sharing is refused at once. */
export async function linkForCookie(deps: Deps, actor: Actor, linkId: string): Promise<{ ok: true; ctx: LinkContext } | { ok: false; reason: Refusal; ctx: LinkContext | null }> {
  const ctx = await linkById(deps.db, linkId);
  if (!ctx) return { ok: false, reason: await refuse(deps, actor, null, 'unknown'), ctx: null };
  const reason = refusalOf(ctx, deps.clock());
  if (reason) return { ok: false, reason: await refuse(deps, actor, ctx, reason), ctx };
  return { ok: true, ctx };
}

// ---- what the pages show ------------------------------------------------------------------

export interface PersonPage {
  ctx: LinkContext;
  agreed: { version: CrisisPlanVersion; content: PlanContent } | null;
  draft: { version: CrisisPlanVersion; content: PlanContent } | null;
  services: Map<string, ServiceLine>;
  views: ViewLine[];
}

export interface RecipientPage {
  ctx: LinkContext;
  agreed: { version: CrisisPlanVersion; content: Partial<PlanContent>; sections: PlanSectionKey[] } | null;
  services: Map<string, ServiceLine>;
}

async function recordView(trx: DbOrTrx, deps: Deps, actor: Actor, ctx: LinkContext, version: CrisisPlanVersion | null, page: string, copy = false): Promise<void> {
  const kind = ctx.share ? 'recipient' : 'person';
  // The page's service worker keeping a copy for offline use is audited, but nobody looked.
  if (!copy) await trx
    .insertInto('crisis_plan_views')
    .values({
      id: newId(),
      organisation_id: ctx.plan.organisation_id,
      plan_id: ctx.plan.id,
      version_id: version?.id ?? null,
      viewer_kind: kind,
      user_id: null,
      service_id: null,
      share_id: ctx.share?.id ?? null,
      link_id: ctx.link.id,
      grant_id: null,
      viewed_at: nowIso(deps.clock),
    })
    .execute();
  await recordAudit(
    trx,
    deps.audit,
    auditInput(
      { ...actor, userId: null, organisationId: ctx.plan.organisation_id },
      { action: AUDIT.view, entityType: 'crisis_plan', entityId: ctx.plan.id, details: { viewer: kind, linkId: ctx.link.id, shareId: ctx.share?.id ?? null, number: version ? Number(version.number) : null, page, ...(copy ? { offlineCopy: true } : {}) } },
    ),
  );
}

const serviceIds = (...contents: (Partial<PlanContent> | undefined)[]): string[] => [
  ...new Set(contents.flatMap((c) => c?.services?.entries.map((e) => e.directoryEntryId) ?? [])),
];

/**
 * The person's own page (or its print layout): the latest agreed version, a newer draft
 * waiting for them, the services it names and who else has looked. Recorded as a view
 * (a copy kept by the page's own service worker is audited only).
 */
export async function personPage(deps: Deps, actor: Actor, ctx: LinkContext, page: 'plan' | 'a4' | 'wallet', copy = false): Promise<PersonPage> {
  return transaction(deps, async (trx) => {
    const { agreed, draft } = await planVersions(trx, ctx);
    const agreedContent = agreed ? contentOf(agreed) : null;
    const draftContent = draft && page === 'plan' ? contentOf(draft) : null;
    const services = await serviceLines(trx, ctx.plan.organisation_id, serviceIds(agreedContent ?? undefined, draftContent ?? undefined), new Date(deps.clock()));
    const views = page === 'plan' ? await whoLooked(trx, ctx.plan) : [];
    await recordView(trx, deps, actor, ctx, agreed ?? draft, page, copy);
    return {
      ctx,
      agreed: agreed && agreedContent ? { version: agreed, content: agreedContent } : null,
      draft: draft && draftContent ? { version: draft, content: draftContent } : null,
      services,
      views,
    };
  });
}

/** A recipient's page: only the sections shared with them, of the latest agreed version only. */
export async function recipientPage(deps: Deps, actor: Actor, ctx: LinkContext): Promise<RecipientPage> {
  return transaction(deps, async (trx) => {
    const { agreed } = await planVersions(trx, ctx);
    const allowed = new Set(JSON.parse(ctx.share?.sections ?? '[]') as string[]);
    const sections = PLAN_SECTION_KEYS.filter((k) => allowed.has(k));
    const content = agreed ? sharedContent(contentOf(agreed), sections) : null;
    const services = content ? await serviceLines(trx, ctx.plan.organisation_id, serviceIds(content), new Date(deps.clock())) : new Map<string, ServiceLine>();
    await recordView(trx, deps, actor, ctx, agreed, 'plan');
    return { ctx, agreed: agreed && content ? { version: agreed, content, sections } : null, services };
  });
}

/** The person presses "This is right, I agree" on their own device: the draft becomes agreed (plans/agree-plan.ts). */
export async function agreeOnOwnDevice(deps: Deps, actor: Actor, ctx: LinkContext, number: number, version: number): Promise<'agreed' | 'stale' | 'empty'> {
  if (ctx.share) throw new AppError(403, 'forbidden', 'Only the person can agree their plan.');
  try {
    await transaction(deps, (trx) =>
      agreePlan(trx, deps.audit, { ...actor, userId: null, organisationId: ctx.plan.organisation_id }, {
        organisationId: ctx.plan.organisation_id,
        planId: ctx.plan.id,
        number,
        version,
        how: 'own_device',
        recordedBy: null,
        now: nowIso(deps.clock),
      }),
    );
    return 'agreed';
  } catch (error) {
    // Changed or agreed meanwhile, or no longer there: show the page as it is now.
    if (error instanceof AppError && error.code === 'invalid_input') return 'empty';
    if (error instanceof AppError && (error.code === 'stale_version' || error.code === 'not_a_draft' || error.code === 'not_found')) return 'stale';
    throw error;
  }
}

/** "Forget this plan on this phone": the cookie goes (routes), and it is recorded. */
export async function forgetOnDevice(deps: Deps, actor: Actor, ctx: LinkContext | null): Promise<void> {
  await transaction(deps, (trx) => audit(trx, deps, actor, ctx?.link.organisation_id ?? null, AUDIT.forget, 'success', ctx?.link.id ?? null, {}));
}
