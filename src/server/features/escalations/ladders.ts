import type { DbOrTrx } from '../../db/scope.js';
import { newId } from '../../db/values.js';
import { defaultLadder } from '../../../shared/escalations.js';

/**
 * A new service starts with the default escalation ladder (shared/escalations.ts), for its
 * managers to adjust. Kept apart from service.ts so the services feature can call it without
 * importing the whole escalations feature.
 */
export async function insertDefaultLadder(trx: DbOrTrx, organisationId: string, serviceId: string, now: string): Promise<void> {
  await trx
    .insertInto('escalation_ladders')
    .values({ id: newId(), organisation_id: organisationId, service_id: serviceId, steps: JSON.stringify(defaultLadder()), updated_by: null, created_at: now, updated_at: now, version: 1 })
    .execute();
}
