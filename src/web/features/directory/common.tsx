import type { ReactNode } from 'react';
import { DIRECTORY_STATUS_LABELS, type DirectoryEntryOut } from '../../../shared/directory/entries.js';
import { describeOpening } from '../../../shared/directory/schedules.js';
import { taxonomyLabel } from '../../../shared/directory/taxonomy.js';
import { hasAnyRole, useSession } from '../../session/session.js';
import { DIRECTORY_ADMINS, DIRECTORY_EDITORS } from './api.js';
import './directory.css';

/** "Open now until 22:00" in London, worked out now; a linked entry uses the server's words for its service's hours. */
export function openingText(entry: Pick<DirectoryEntryOut, 'schedules' | 'hoursFromService' | 'openingNow'>, now: Date): string {
  if (entry.hoursFromService) return entry.openingNow;
  const s = entry.schedules;
  if (s.regular_schedules.length === 0 && s.holiday_schedules.length === 0) return 'Opening hours not given';
  return describeOpening(s, now);
}

export const kindsText = (codes: readonly string[]): string => codes.map(taxonomyLabel).join(', ');

export function StatusTag({ status }: { status: DirectoryEntryOut['status'] }) {
  if (status === 'active') return null;
  return <strong className={`nhsuk-tag ${status === 'temporarily closed' ? 'nhsuk-tag--orange' : 'nhsuk-tag--grey'}`}>{DIRECTORY_STATUS_LABELS[status]}</strong>;
}

/** What the signed-in person may do with the directory (the server checks again). */
export function useDirectoryRights(): { edit: boolean; admin: boolean } {
  const { data: session } = useSession();
  const user = session?.stage === 'full' ? session.user : null;
  return { edit: Boolean(user && hasAnyRole(user, DIRECTORY_EDITORS)), admin: Boolean(user && hasAnyRole(user, DIRECTORY_ADMINS)) };
}

export function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value app-break">{children === '' || children == null ? 'Not given' : children}</dd>
    </div>
  );
}
