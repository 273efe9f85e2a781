import { recordAudit } from '../../audit/audit.js';
import type { DbOrTrx } from '../../db/scope.js';
import type { Organisation } from '../../db/tables.js';
import { flag, nowIso } from '../../db/values.js';
import { updateVersioned } from '../../db/versioned.js';
import { auditInput, type Actor, type Deps } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import type { OrganisationOut, OrganisationPatch } from '../../../shared/admin.js';

export const organisationOut = (row: Organisation): OrganisationOut => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  under16ServiceName: row.under16_service_name,
  under16Phone: row.under16_phone,
  demo: flag(row.is_demo),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: Number(row.version),
});

export async function getOrganisation(db: DbOrTrx, organisationId: string): Promise<OrganisationOut> {
  const row = await db.selectFrom('organisations').selectAll().where('id', '=', organisationId).executeTakeFirst();
  if (!row) throw notFound('The organisation');
  return organisationOut(row);
}

/** Changes the organisation's name and under-16 routing; a stale version gets 409. */
export async function updateOrganisation(deps: Deps, actor: Actor, organisationId: string, patch: OrganisationPatch): Promise<OrganisationOut> {
  const { version, ...changes } = patch;
  const set: Partial<Organisation> = {};
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.under16ServiceName !== undefined) set.under16_service_name = changes.under16ServiceName;
  if (changes.under16Phone !== undefined) set.under16_phone = changes.under16Phone;
  return deps.db.transaction().execute(async (trx) => {
    const row = await updateVersioned(trx, 'organisations', { id: organisationId, organisationId, version }, set, {
      now: nowIso(deps.clock),
      describe: organisationOut,
      submitted: patch,
      what: 'The organisation',
    });
    await recordAudit(trx, deps.audit, auditInput(actor, {
      action: 'organisation.update',
      entityType: 'organisation',
      entityId: organisationId,
      details: { fields: Object.keys(changes) },
    }));
    return organisationOut(row);
  });
}
