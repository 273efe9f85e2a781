import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { messageFor } from '../../api/errors.js';
import type { AuditPage, AuditVerify } from '../../api/types.js';
import { Page } from '../../ui/Page.js';
import { formatDateTime } from '../account/format.js';
import { ORG_ADMIN, QueryState, RequireRole } from './common.js';

const OUTCOME_TAGS: Record<string, string> = { success: 'nhsuk-tag--green', denied: 'nhsuk-tag--orange', failure: 'nhsuk-tag--red' };
const OUTCOME_LABELS: Record<string, string> = { success: 'Done', denied: 'Refused', failure: 'Failed' };

/** "user.invite" → "user invite": the action codes are readable enough with the dot gone. */
export const describeAction = (action: string): string => action.replace(/[._]/g, ' ');

export default function Audit() {
  const events = useInfiniteQuery({
    queryKey: ['audit'],
    queryFn: ({ pageParam }) => api<AuditPage>(`/audit?limit=50${pageParam ? `&before=${pageParam}` : ''}`),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const verify = useMutation({ mutationFn: () => api<AuditVerify>('/audit/verify') });

  return (
    <RequireRole roles={ORG_ADMIN}>
      <Page title="Audit trail" back={{ to: '/admin', text: 'Administration' }} wide>
        <p>Every sign-in, change and refused request is recorded here, newest first. Each entry is linked to the one before it, so any change to past entries would show up when you check the chain.</p>
        <div className="app-actions">
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => verify.mutate()} disabled={verify.isPending}>
            Check the chain
          </button>
          <p role="status" className="nhsuk-u-margin-bottom-0">
            {verify.isPending
              ? 'Checking…'
              : verify.isError
                ? messageFor(verify.error)
                : verify.data
                  ? verify.data.ok
                    ? `All ${verify.data.count} entries are intact.`
                    : `The chain is broken at entry ${verify.data.brokenAt ?? 'unknown'}${verify.data.reason ? ` (${verify.data.reason})` : ''}. Please tell whoever looks after your Alongside server.`
                  : ''}
          </p>
        </div>
        <QueryState query={events} what="the audit trail" />
        {events.data && (
          <>
            <table className="nhsuk-table app-responsive-table">
              <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Audit events, newest first</caption>
              <thead className="nhsuk-table__head">
                <tr className="nhsuk-table__row">
                  <th scope="col" className="nhsuk-table__header">Entry</th>
                  <th scope="col" className="nhsuk-table__header">When</th>
                  <th scope="col" className="nhsuk-table__header">What</th>
                  <th scope="col" className="nhsuk-table__header">Record</th>
                  <th scope="col" className="nhsuk-table__header">Outcome</th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {events.data.pages.flatMap((p) =>
                  p.events.map((e) => (
                    <tr className="nhsuk-table__row" key={e.seq}>
                      <td className="nhsuk-table__cell" data-label="Entry">{e.seq}</td>
                      <td className="nhsuk-table__cell" data-label="When">{formatDateTime(e.at)}</td>
                      <td className="nhsuk-table__cell app-break" data-label="What">{describeAction(e.action)}</td>
                      <td className="nhsuk-table__cell app-break" data-label="Record">{e.entityType ? `${e.entityType} ${e.entityId?.slice(0, 8) ?? ''}` : '–'}</td>
                      <td className="nhsuk-table__cell" data-label="Outcome">
                        <strong className={`nhsuk-tag ${OUTCOME_TAGS[e.outcome] ?? ''}`}>{OUTCOME_LABELS[e.outcome] ?? e.outcome}</strong>
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
            {events.hasNextPage && (
              <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
                {events.isFetchingNextPage ? 'Loading…' : 'Show older entries'}
              </button>
            )}
          </>
        )}
      </Page>
    </RequireRole>
  );
}
