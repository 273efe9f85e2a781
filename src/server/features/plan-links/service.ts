import { recordAudit } from '../../audit/audit.js';
import type { CrisisPlanLinksTable } from '../../db/tables.js';
import { newId, nowIso } from '../../db/values.js';
import { auditInput, type Actor, type Deps } from '../../http/context.js';
import { AppError, badRequest, notFound } from '../../http/errors.js';
import { findPerson } from '../people/queries.js';
import { LINK_MAX_DAYS, PERSON_LINK_DAYS, type LinkCreate, type LinkCreated } from '../../../shared/plan-links.js';
import type { LinkOut } from '../../../shared/plans.js';
import { addDays, codeDigest, endOfLondonDay, londonToday, newCode, newLinkToken, tokenDigest } from './link-secrets.js';
import { linkMessage } from './messages.js';
import { findLink, findPlanOf, findShare, linkOut, organisationName, shareState } from './queries.js';

/**
 * Staff make a link to a crisis plan (for the person, or for someone it is shared with),
 * send it by SMS or email through the notification port or hand it over themselves, and
 * withdraw it. The address and the code are shown once, in the reply that makes them:
 * only digests are stored. The code never travels with the link.
 */

const noPlan = () => new AppError(409, 'no_plan', 'Write a crisis plan with them first, then make a link to it.');

async function planOfPerson(deps: Deps, organisationId: string, personId: string) {
  const person = await findPerson(deps.db, organisationId, personId);
  if (!person) throw notFound('That person');
  const plan = await findPlanOf(deps.db, organisationId, personId);
  if (!plan) throw noPlan();
  return { person, plan };
}

/** When the link stops working: the chosen last day (London) or a year, and never after the share ends. */
function expiryOf(input: LinkCreate, shareEndsAt: string | null, now: number): number {
  const today = londonToday(now);
  let expires: number;
  if (input.expiresOn !== undefined) {
    if (input.expiresOn < today) throw badRequest('Some of what was sent needs changing.', { expiresOn: 'Choose today or a later day' });
    if (input.expiresOn > addDays(today, LINK_MAX_DAYS)) throw badRequest('Some of what was sent needs changing.', { expiresOn: 'Choose a day within a year from today' });
    expires = endOfLondonDay(input.expiresOn);
  } else {
    expires = endOfLondonDay(addDays(today, PERSON_LINK_DAYS - 1));
  }
  return shareEndsAt === null ? expires : Math.min(expires, Date.parse(shareEndsAt));
}

export async function createPlanLink(deps: Deps, actor: Actor, organisationId: string, personId: string, input: LinkCreate): Promise<LinkCreated> {
  const now = deps.clock();
  const { person, plan } = await planOfPerson(deps, organisationId, personId);
  const share = input.shareId === undefined ? null : await findShare(deps.db, organisationId, plan.id, input.shareId);
  if (input.shareId !== undefined) {
    if (!share) throw badRequest('Some of what was sent needs changing.', { shareId: 'Choose one of the people this plan is shared with' });
    const state = shareState(share, now);
    if (state !== 'active') {
      const why = state === 'revoked' ? 'was stopped' : state === 'ended' ? 'has ended' : 'has not started yet';
      throw new AppError(409, 'share_not_active', `Sharing with ${share.recipient_name} ${why}, so there is nothing for a link to open.`);
    }
  }
  const expiresAt = expiryOf(input, share?.ends_at ?? null, now);

  let to: string | null = null;
  if (input.channel !== 'none') {
    const given = input.to?.trim() || null;
    const onRecord = input.channel === 'sms' ? (share ? share.recipient_phone : person.phone) : share ? share.recipient_email : person.email;
    to = given ?? onRecord ?? null;
    if (!to) {
      throw badRequest('Some of what was sent needs changing.', {
        to: input.channel === 'sms' ? 'Enter a mobile number to send the link to' : 'Enter an email address to send the link to',
      });
    }
  }

  const token = newLinkToken();
  const code = newCode();
  const id = newId();
  const row: CrisisPlanLinksTable = {
    id,
    organisation_id: organisationId,
    plan_id: plan.id,
    share_id: share?.id ?? null,
    token_digest: tokenDigest(token),
    code_digest: codeDigest(deps.secretKey, id, code),
    channel: input.channel,
    notification_id: null,
    created_by: actor.userId,
    created_at: nowIso(deps.clock),
    expires_at: new Date(expiresAt).toISOString(),
    withdrawn_at: null,
    withdrawn_by: null,
    failed_attempts: 0,
    locked_until: null,
    last_opened_at: null,
  };
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('crisis_plan_links').values(row).execute();
    await recordAudit(
      trx,
      deps.audit,
      auditInput(actor, { action: 'plan.link_create', entityType: 'crisis_plan_link', entityId: id, details: { planId: plan.id, shareId: row.share_id, channel: row.channel } }),
    );
  });

  const url = `${deps.config.publicUrl}/my-plan/open/${token}`;
  let sent: LinkCreated['sent'] = 'not_sent';
  if (to !== null && input.channel !== 'none') {
    // Sent after the link is stored, outside its transaction: a slow provider holds no lock,
    // and if sending fails the worker still has the link and code to give by hand.
    const organisation = await organisationName(deps.db, organisationId);
    const words = linkMessage({ channel: input.channel, forRecipient: share !== null, organisation, url });
    const result = await deps.notifier.send(deps.db, { organisationId, channel: input.channel, to, template: 'plan_link', message: words.message, ...(words.subject ? { subject: words.subject } : {}) });
    sent = result.status;
    row.notification_id = result.notificationId;
    await deps.db.transaction().execute(async (trx) => {
      await trx.updateTable('crisis_plan_links').set({ notification_id: result.notificationId }).where('id', '=', id).execute();
      await recordAudit(
        trx,
        deps.audit,
        auditInput(actor, {
          action: 'plan.link_send',
          entityType: 'crisis_plan_link',
          entityId: id,
          outcome: result.status === 'sent' ? 'success' : 'failure',
          details: { planId: plan.id, notificationId: result.notificationId, channel: input.channel },
        }),
      );
    });
  }
  return { link: linkOut(row, deps.clock()), url, code, sent };
}

/** Withdraws a link: every open of it, and every page kept from it, stops at once. Withdrawing twice changes nothing. */
export async function withdrawPlanLink(deps: Deps, actor: Actor, organisationId: string, personId: string, linkId: string): Promise<LinkOut> {
  const { plan } = await planOfPerson(deps, organisationId, personId);
  return deps.db.transaction().execute(async (trx) => {
    const link = await findLink(trx, organisationId, plan.id, linkId);
    if (!link) throw notFound('That link');
    if (link.withdrawn_at) return linkOut(link, deps.clock());
    const now = nowIso(deps.clock);
    await trx.updateTable('crisis_plan_links').set({ withdrawn_at: now, withdrawn_by: actor.userId }).where('id', '=', link.id).where('withdrawn_at', 'is', null).execute();
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'plan.link_withdraw', entityType: 'crisis_plan_link', entityId: link.id, details: { planId: plan.id, shareId: link.share_id } }));
    return linkOut({ ...link, withdrawn_at: now, withdrawn_by: actor.userId }, deps.clock());
  });
}
