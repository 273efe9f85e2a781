import type { CrisisPlanLink, CrisisPlanShare, CrisisPlanVersion } from '../../db/tables.js';
import { json } from '../../db/values.js';
import { PlanContent, type LinkOut, type PlanSectionKey, type PlanVersionOut, type PlanVersionSummary, type RecipientKind, type ShareOut } from '../../../shared/plans.js';
import { linkStatus, shareStatus } from './rules.js';

/** Rows to the shapes the API gives (shared/plans.ts): pure, so every caller shapes them alike. */

export type Names = Map<string, string>;
export const nameOf = (names: Names, id: string | null): string | null => (id ? (names.get(id) ?? null) : null);

export function readContent(row: Pick<CrisisPlanVersion, 'content'>): PlanContent {
  const parsed = PlanContent.safeParse(json<unknown>(row.content, {}));
  // Stored content was validated when written; a row that no longer fits reads as empty, never a 500.
  return parsed.success ? parsed.data : PlanContent.parse({});
}

export function versionSummary(row: CrisisPlanVersion, names: Names): PlanVersionSummary {
  return {
    id: row.id,
    number: Number(row.number),
    state: row.state,
    createdAt: row.created_at,
    createdByName: nameOf(names, row.created_by),
    updatedAt: row.updated_at,
    updatedByName: nameOf(names, row.updated_by),
    agreedAt: row.agreed_at,
    agreedHow: row.agreed_how,
    agreedRecordedByName: nameOf(names, row.agreed_recorded_by),
    version: Number(row.version),
  };
}

export const versionOut = (row: CrisisPlanVersion, names: Names): PlanVersionOut => ({ ...versionSummary(row, names), content: readContent(row) });

export const versionUsers = (rows: CrisisPlanVersion[]) => rows.flatMap((r) => [r.created_by, r.updated_by, r.agreed_recorded_by]);

export function shareOut(row: CrisisPlanShare, services: Names, entries: Names, now: number): ShareOut {
  return {
    id: row.id,
    recipientKind: row.recipient_kind as RecipientKind,
    recipientName: row.recipient_name,
    relationship: row.relationship,
    recipientPhone: row.recipient_phone,
    recipientEmail: row.recipient_email,
    recipientServiceId: row.recipient_service_id,
    recipientServiceName: nameOf(services, row.recipient_service_id),
    recipientDirectoryEntryId: row.recipient_directory_entry_id,
    recipientDirectoryEntryName: nameOf(entries, row.recipient_directory_entry_id),
    sections: json<PlanSectionKey[]>(row.sections, []),
    consentHow: row.consent_how,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    revokedAt: row.revoked_at,
    status: shareStatus(row, now),
    createdAt: row.created_at,
    version: Number(row.version),
  };
}

/** A link as staff see it: never its token or code. */
export function linkOut(row: CrisisPlanLink, share: CrisisPlanShare | null, now: number): LinkOut {
  return {
    id: row.id,
    shareId: row.share_id,
    channel: row.channel,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    withdrawnAt: row.withdrawn_at,
    lastOpenedAt: row.last_opened_at,
    lockedUntil: row.locked_until && Date.parse(row.locked_until) > now ? row.locked_until : null,
    status: linkStatus(row, share, now),
  };
}

