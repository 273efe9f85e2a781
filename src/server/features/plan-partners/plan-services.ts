import type { PlanServicesResolved } from '../../../shared/plan-partners.js';
import { nationalLines } from '../../../shared/plan-partners.js';
import type { PlanContent } from '../../../shared/plans.js';
import { describeHours, schedulesFromOpeningHours, todaysHours, type ServiceSchedules } from '../../../shared/directory/schedules.js';
import { alwaysOpen, type OpeningHours } from '../../../shared/opening-hours.js';
import type { DbOrTrx } from '../../db/scope.js';
import { json } from '../../db/values.js';
import { findEntry } from '../directory/queries.js';
import { entryOut } from '../directory/service.js';

const hasHours = (s: ServiceSchedules) => s.regular_schedules.length > 0 || s.holiday_schedules.length > 0;

/**
 * The plan's "services I can contact" as a reader needs it: each named directory entry
 * with its name, numbers and opening hours now (from this organisation's directory, so a
 * changed number shows the new one), the person's note, then the national lines.
 * An entry no longer in the directory keeps its place, marked unavailable.
 */
export async function resolvePlanServices(db: DbOrTrx, organisationId: string, services: PlanContent['services'], now: Date): Promise<PlanServicesResolved> {
  const entries: PlanServicesResolved['entries'] = [];
  for (const link of services.entries) {
    const row = await findEntry(db, organisationId, link.directoryEntryId);
    if (!row) {
      entries.push({ directoryEntryId: link.directoryEntryId, available: false, name: 'A service no longer in the directory', phones: [], openingNow: null, hoursToday: null, note: link.note });
      continue;
    }
    const out = entryOut(row, now);
    const schedules = out.hoursFromService ? schedulesFromOpeningHours(json<OpeningHours>(row.linked_opening_hours, alwaysOpen())) : out.schedules;
    const known = hasHours(schedules);
    entries.push({
      directoryEntryId: row.id,
      available: row.status === 'active',
      name: out.name,
      phones: out.phones.map((p) => ({ number: p.number, label: p.label })),
      openingNow: known ? out.openingNow : null,
      hoursToday: known ? describeHours(todaysHours(schedules, now)) : null,
      note: link.note,
    });
  }
  return { entries, note: services.note, nationalLines: nationalLines() };
}
