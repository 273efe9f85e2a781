import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { messageFor } from '../../api/errors.js';
import type { AuditPage, AuditVerify, UsersOut } from '../../api/types.js';
import { Page } from '../../ui/Page.js';
import { formatDateTime } from '../account/format.js';
import { ORG_ADMIN, QueryState, RequireRole } from './common.js';

const OUTCOME_TAGS: Record<string, string> = { success: 'nhsuk-tag--green', denied: 'nhsuk-tag--orange', failure: 'nhsuk-tag--red' };
const OUTCOME_LABELS: Record<string, string> = { success: 'Done', denied: 'Refused', failure: 'Failed' };

const ACTIONS: Record<string, string> = {
  'auth.login': 'Sign-in',
  'auth.logout': 'Sign-out',
  'access.csrf': 'Request without its security token',
  'account.password': 'Password change',
  'account.reauthenticate': 'Password check before a sensitive change',
  'account.totp.start': 'Second factor set-up started',
  'account.totp.confirm': 'Second factor turned on',
  'account.totp.disable': 'Second factor turned off',
  'setup.complete': 'First-time setup',
  'invitation.accept': 'Invitation accepted',
};

/** A readable name for an action code; unknown codes read well enough with the dots gone. */
export const describeAction = (action: string): string => ACTIONS[action] ?? action.replace(/[._]/g, ' ').replace(/^./, (c) => c.toUpperCase());

export default function Audit() {
  const events = useInfiniteQuery({
    queryKey: ['audit'],
    queryFn: ({ pageParam }) => api<AuditPage>(`/audit?limit=50${pageParam ? `&before=${pageParam}` : ''}`),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  // Names for the "who" column: ids only are stored in the trail itself.
  const users = useQuery({ queryKey: ['users'], queryFn: () => api<UsersOut>('/users') });
  const names = new Map(users.data?.users.map((u) => [u.id, u.displayName]) ?? []);
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
                  <th scope="col" className="nhsuk-table__header">Who</th>
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
                      <td className="nhsuk-table__cell" data-label="Who">{e.actorUserId ? (names.get(e.actorUserId) ?? 'A former account') : 'No one signed in'}</td>
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
