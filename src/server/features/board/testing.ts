import type { Db } from '../../db/database.js';
import type { CallbackRequestsTable } from '../../db/tables.js';
import { newId } from '../../db/values.js';

/**
 * Test factory: a call back request as the public form (a later issue) will store it.
 * Returns the row inserted.
 */
export async function insertCallbackRequest(
  db: Db,
  at: { organisationId: string; serviceId: string; now?: string },
  overrides: Partial<CallbackRequestsTable> = {},
): Promise<CallbackRequestsTable> {
  const now = at.now ?? new Date().toISOString();
  const row: CallbackRequestsTable = {
    id: newId(),
    organisation_id: at.organisationId,
    service_id: at.serviceId,
    name: 'Jo',
    how_to_reach: '07700 900123',
    good_time: 'after 6pm',
    message: null,
    status: 'waiting',
    handled_by: null,
    contact_id: null,
    source: 'public',
    created_at: now,
    updated_at: now,
    version: 1,
    ...overrides,
  };
  await db.insertInto('callback_requests').values(row).execute();
  return row;
}
