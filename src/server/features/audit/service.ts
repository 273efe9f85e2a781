import { recordAudit, verifyAuditChain } from '../../audit/audit.js';
import type { DbOrTrx } from '../../db/scope.js';
import type { AuditEvent } from '../../db/tables.js';
import { json } from '../../db/values.js';
import { auditInput, type Actor, type Deps } from '../../http/context.js';
import type { AuditEventOut, AuditPageOut, AuditQuery, AuditVerifyOut } from '../../../shared/admin.js';

export const auditEventOut = (row: AuditEvent): AuditEventOut => ({
  seq: Number(row.seq),
  id: row.id,
  at: row.at,
  actorUserId: row.actor_user_id,
  action: row.action,
  entityType: row.entity_type,
  entityId: row.entity_id,
  outcome: row.outcome,
  requestId: row.request_id,
  details: json<Record<string, unknown>>(row.details, {}),
});

export async function auditPage(db: DbOrTrx, organisationId: string, query: AuditQuery): Promise<AuditPageOut> {
  // audit_events.organisation_id may be null (installation events), so it is outside scoped(): explicit where.
  let select = db.selectFrom('audit_events').selectAll().where('organisation_id', '=', organisationId).orderBy('seq', 'desc').limit(query.limit + 1);
  if (query.before !== undefined) select = select.where('seq', '<', query.before);
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  const more = rows.length > query.limit;
  return { events: page.map(auditEventOut), nextBefore: more && page.length ? Number(page[page.length - 1]!.seq) : null };
}

/** The organisation's audit events, newest first. Reading the trail is itself recorded. */
export async function readAudit(deps: Deps, actor: Actor, organisationId: string, query: AuditQuery): Promise<AuditPageOut> {
  const page = await auditPage(deps.db, organisationId, query);
  await recordAudit(deps.db, deps.audit, auditInput(actor, {
    action: 'audit.read',
    entityType: 'organisation',
    entityId: organisationId,
    details: { before: query.before ?? null, limit: query.limit, count: page.events.length },
  }));
  return page;
}

/** Walks the whole hash chain; the check itself is recorded. */
export async function verifyAudit(deps: Deps, actor: Actor): Promise<AuditVerifyOut> {
  const result = await verifyAuditChain(deps.db);
  await recordAudit(deps.db, deps.audit, auditInput(actor, { action: 'audit.verify', entityType: 'organisation', entityId: actor.organisationId, details: { ok: result.ok, count: result.count } }));
  return result;
}
