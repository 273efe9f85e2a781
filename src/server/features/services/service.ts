import { recordAudit } from '../../audit/audit.js';
import { prepared } from '../../db/prepared.js';
import { scoped, type DbOrTrx } from '../../db/scope.js';
import type { Service, ServicesTable } from '../../db/tables.js';
import { flag, json, newId, nowIso } from '../../db/values.js';
import { isUniqueViolation, updateVersioned } from '../../db/versioned.js';
import { auditInput, type Actor, type Auth, type Deps } from '../../http/context.js';
import { conflict, forbidden, notFound } from '../../http/errors.js';
import { alwaysOpen, type OpeningHours } from '../../../shared/opening-hours.js';
import type { ServiceCreate, ServiceOut, ServicePatch } from '../../../shared/admin.js';
import { insertDefaultLadder } from '../escalations/ladders.js';

export const serviceOut = (row: Service): ServiceOut => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  type: row.type,
  area: row.area,
  description: row.description,
  openingHours: json<OpeningHours>(row.opening_hours, alwaysOpen()),
  sessionLimit: Number(row.session_limit),
  isDefault: flag(row.is_default),
  archived: row.archived_at !== null,
  archivedAt: row.archived_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: Number(row.version),
});

/** Does the person hold any role across the whole organisation (membership without a service)? */
export const hasOrganisationWideRole = (auth: Pick<Auth, 'memberships'>): boolean => auth.memberships.some((m) => m.service_id === null);

/** Organisation-wide roles see every service; everyone else the services they belong to. */
// Compiled once (db/prepared.ts): the services list is read on nearly every screen.
const servicesOf = prepared(['organisationId'], (p: { organisationId: string }) => (db) => scoped(db, 'services', p.organisationId).selectAll().orderBy('services.name'));

export async function listServices(db: DbOrTrx, auth: Auth): Promise<ServiceOut[]> {
  // An organisation has a handful of services: read them all, keep the person's own in code.
  const rows = (await servicesOf.all(db, { organisationId: auth.organisationId })) as Service[];
  if (hasOrganisationWideRole(auth)) return rows.map(serviceOut);
  const mine = new Set(auth.memberships.map((m) => m.service_id).filter((id): id is string => id !== null));
  return rows.filter((row) => mine.has(row.id)).map(serviceOut);
}

export async function findService(db: DbOrTrx, organisationId: string, serviceId: string): Promise<Service | undefined> {
  return (await scoped(db, 'services', organisationId).selectAll().where('services.id', '=', serviceId).executeTakeFirst()) as Service | undefined;
}

export async function getService(db: DbOrTrx, organisationId: string, serviceId: string): Promise<ServiceOut> {
  const row = await findService(db, organisationId, serviceId);
  if (!row) throw notFound('That service');
  return serviceOut(row);
}

const slugTaken = () => conflict('Another service already uses that short name. Choose a different one.', undefined, { slug: 'Another service already uses this. Choose a different one.' });

async function assertSlugFree(db: DbOrTrx, organisationId: string, slug: string, exceptId?: string): Promise<void> {
  let query = scoped(db, 'services', organisationId).select('services.id').where('services.slug', '=', slug);
  if (exceptId) query = query.where('services.id', '!=', exceptId);
  if (await query.executeTakeFirst()) throw slugTaken();
}

/** Two people saving the same short name at once: the database refuses the second. */
async function slugSafe<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}

export async function createService(deps: Deps, actor: Actor, organisationId: string, input: ServiceCreate): Promise<ServiceOut> {
  return slugSafe(deps.db.transaction().execute(async (trx) => {
    await assertSlugFree(trx, organisationId, input.slug);
    const now = nowIso(deps.clock);
    const row: Service = {
      id: newId(),
      organisation_id: organisationId,
      slug: input.slug,
      name: input.name,
      type: input.type,
      area: input.area,
      description: input.description ?? '',
      opening_hours: JSON.stringify(input.openingHours),
      session_limit: input.sessionLimit ?? 10,
      is_default: 0,
      archived_at: null,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    await trx.insertInto('services').values(row).execute();
    // A new service starts with the default escalation ladder (issue 6), for its managers to adjust.
    await insertDefaultLadder(trx, organisationId, row.id, now);
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'service.create', entityType: 'service', entityId: row.id, details: { type: row.type } }));
    return serviceOut(row);
  }));
}

export async function updateService(deps: Deps, actor: Actor, auth: Auth, serviceId: string, patch: ServicePatch): Promise<ServiceOut> {
  const { version, ...changes } = patch;
  const organisationId = auth.organisationId;
  if (changes.archived !== undefined && !auth.memberships.some((m) => m.role === 'org_admin')) {
    throw forbidden('Only an organisation administrator can archive or restore a service.');
  }
  const now = nowIso(deps.clock);
  const set: Partial<ServicesTable> = {};
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.slug !== undefined) set.slug = changes.slug;
  if (changes.type !== undefined) set.type = changes.type;
  if (changes.area !== undefined) set.area = changes.area;
  if (changes.description !== undefined) set.description = changes.description;
  if (changes.openingHours !== undefined) set.opening_hours = JSON.stringify(changes.openingHours);
  if (changes.sessionLimit !== undefined) set.session_limit = changes.sessionLimit;
  return slugSafe(deps.db.transaction().execute(async (trx) => {
    if (changes.archived !== undefined || changes.slug !== undefined) {
      // Only for a service of this organisation; otherwise updateVersioned answers 404.
      const existing = await findService(trx, organisationId, serviceId);
      if (existing && changes.archived !== undefined) set.archived_at = changes.archived ? (existing.archived_at ?? now) : null;
      if (existing && changes.slug !== undefined) await assertSlugFree(trx, organisationId, changes.slug, serviceId);
    }
    const row = await updateVersioned(trx, 'services', { id: serviceId, organisationId, version }, set, {
      now,
      describe: serviceOut,
      submitted: patch,
      what: 'That service',
    });
    await recordAudit(trx, deps.audit, auditInput(actor, { action: 'service.update', entityType: 'service', entityId: serviceId, details: { fields: Object.keys(changes) } }));
    return serviceOut(row);
  }));
}
