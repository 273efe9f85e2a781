import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { BoardCallback, BoardContact, BoardOut } from '../../../shared/board.js';
import { api } from '../../api/client.js';
import { ApiError, messageFor } from '../../api/errors.js';
import { useSession } from '../../session/session.js';
import { Page } from '../../ui/Page.js';
import { QueryState } from '../admin/common.js';
import { CONTACT_KIND_LABELS, type CallbackStatusCode } from '../contacts/labels.js';
import { boardServicesOf, clockTime, timeSince } from './board-helpers.js';
import { boardKey, useLiveBoard, useNow, type Connection } from './useBoard.js';
import { BoardAlerts } from '../alerts/BoardAlerts.js';
import { holdsIn, LEAD_ROLES } from '../people/access.js';
import './board.css';

const CONNECTION_TEXT: Record<Connection, string> = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' };

export default function BoardPage() {
  const { serviceId = '' } = useParams();
  const { data: session } = useSession();
  const { board, connection, announcement } = useLiveBoard(serviceId);
  const now = useNow(30_000);
  const [problem, setProblem] = useState('');
  if (!session) return null;
  const me = session.user;
  const service = boardServicesOf(me.memberships).find((s) => s.id === serviceId);

  return (
    <Page title="Live board" caption={service?.name ?? 'Service'} wide>
      <div className="app-board-bar">
        <p className="app-connection nhsuk-body-s">
          <span className="nhsuk-u-visually-hidden">Connection: </span>
          <strong className={`nhsuk-tag ${connection === 'live' ? 'nhsuk-tag--green' : 'nhsuk-tag--orange'}`}>{CONNECTION_TEXT[connection]}</strong>
          {connection === 'reconnecting' && <span> The board may be out of date until we reconnect.</span>}
        </p>
        <Link className="nhsuk-button app-board-record" to={`/services/${serviceId}/contacts/new`}>
          Record someone arriving
        </Link>
      </div>
      <p className="nhsuk-body-s app-board-links">
        <Link to={`/lone-working?service=${serviceId}`}>Lone working</Link>
        {holdsIn(me, serviceId, LEAD_ROLES) && (
          <>
            {' · '}
            <Link to={`/services/${serviceId}/handover`}>Shift handover: open escalations and visits</Link>
          </>
        )}
        {holdsIn(me, serviceId, ['service_manager', 'org_admin']) && (
          <>
            {' · '}
            <Link to={`/services/${serviceId}/escalation-ladder`}>Escalation ladder</Link>
          </>
        )}
      </p>
      <div className="nhsuk-u-visually-hidden" aria-live="polite" aria-atomic="true" data-testid="board-announcer">
        {announcement}
      </div>
      <QueryState query={board} what="the board" />
      {problem && (
        <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
          <h2 className="nhsuk-error-summary__title">That did not work</h2>
          <div className="nhsuk-error-summary__body">
            <p>{problem}</p>
          </div>
        </div>
      )}
      {board.data && <BoardBody board={board.data} serviceId={serviceId} me={me.id} now={now} onProblem={setProblem} />}
    </Page>
  );
}

function BoardBody({ board, serviceId, me, now, onProblem }: { board: BoardOut; serviceId: string; me: string; now: number; onProblem: (text: string) => void }) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: boardKey(serviceId) });
  const explain = (error: unknown) => {
    onProblem(
      error instanceof ApiError && error.status === 409
        ? 'Someone else changed this a moment ago. The board now shows the latest; please check and try again if you still need to.'
        : messageFor(error),
    );
    void refresh();
  };
  const seeThem = useMutation({
    mutationFn: (c: BoardContact) =>
      api(`/services/${serviceId}/contacts/${c.id}`, { method: 'PATCH', body: { version: c.version, workerUserId: me, ...(c.firstSeenAt ? {} : { firstSeenAt: new Date().toISOString() }) } }),
    onMutate: () => onProblem(''),
    onSuccess: refresh,
    onError: explain,
  });
  const moveCallback = useMutation({
    mutationFn: ({ c, status }: { c: BoardCallback; status: CallbackStatusCode }) => api(`/services/${serviceId}/callbacks/${c.id}`, { method: 'PATCH', body: { version: c.version, status } }),
    onMutate: () => onProblem(''),
    onSuccess: refresh,
    onError: explain,
  });
  const onShift = board.onShift.some((s) => s.userId === me);
  const shift = useMutation({
    mutationFn: () => api(`/services/${serviceId}/shifts/${onShift ? 'end' : 'start'}`, { method: 'POST', body: {} }),
    onMutate: () => onProblem(''),
    onSuccess: refresh,
    onError: explain,
  });
  const busy = seeThem.isPending || moveCallback.isPending;

  return (
    <>
      {/* The count comes from the alerts this person may see: a silent alert is never counted on the board of the worker it is about. */}
      <BoardAlerts serviceId={serviceId} openAlerts={board.openAlerts} />
      <div className="app-board">
        <section aria-labelledby="here-title" className="app-board__main">
          <h2 className="nhsuk-heading-m" id="here-title">
            Here now or waiting <span className="app-count">({board.here.length})</span>
          </h2>
          {board.here.length === 0 ? (
            <p>Nobody is here or waiting right now.</p>
          ) : (
            <table className="nhsuk-table app-responsive-table app-board-table">
              <caption className="nhsuk-u-visually-hidden">People here now or waiting, longest waiting first</caption>
              <thead className="nhsuk-table__head">
                <tr className="nhsuk-table__row">
                  <th scope="col">Who</th>
                  <th scope="col">How they came</th>
                  <th scope="col">Here for</th>
                  <th scope="col">Seen</th>
                  <th scope="col">With</th>
                  <th scope="col">
                    <span className="nhsuk-u-visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {board.here.map((c) => (
                  <tr className="nhsuk-table__row" key={c.id}>
                    <td data-label="Who" className="app-break">
                      <Link to={`/services/${serviceId}/contacts/${c.id}`}>{c.displayName}</Link>
                      {c.under16 && (
                        <>
                          {' '}
                          <strong className="nhsuk-tag nhsuk-tag--purple">Under 16</strong>
                        </>
                      )}
                    </td>
                    <td data-label="How they came">{CONTACT_KIND_LABELS[c.kind]}</td>
                    <td data-label="Here for" className="app-nowrap">
                      <time dateTime={c.arrivedAt}>{timeSince(c.arrivedAt, now)}</time>
                    </td>
                    <td data-label="Seen">{c.firstSeenAt ? `First seen ${clockTime(c.firstSeenAt)}` : <strong className="nhsuk-tag nhsuk-tag--yellow">Waiting</strong>}</td>
                    <td data-label="With">{c.workerUserId === me ? 'You' : (c.workerName ?? 'Nobody yet')}</td>
                    <td>
                      {!c.workerUserId && (
                        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-board-button" aria-label={`I’ll see them: ${c.displayName}`} disabled={busy} onClick={() => seeThem.mutate(c)}>
                          I’ll see them
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <div className="app-board__side">
          <section aria-labelledby="callbacks-title">
            <h2 className="nhsuk-heading-m" id="callbacks-title">
              Callback requests <span className="app-count">({board.callbacks.length})</span>
            </h2>
            {board.callbacks.length === 0 ? (
              <p>No call backs waiting.</p>
            ) : (
              <ul className="nhsuk-list app-board-list">
                {board.callbacks.map((c) => (
                  <li key={c.id}>
                    <p className="nhsuk-u-margin-bottom-1 app-break">
                      <strong>{c.name}</strong>
                    </p>
                    <p className="nhsuk-body-s nhsuk-u-margin-bottom-2">
                      {c.source === 'public' ? 'Asked on the help page' : 'Asked'} {timeSince(c.createdAt, now)} ago{c.goodTime ? `. Good time: ${c.goodTime}` : ''}
                      <br />
                      {c.status === 'in_progress' ? (c.handledBy === me ? 'You are calling back' : `${c.handledByName ?? 'Someone'} is calling back`) : 'Waiting for someone to call'}
                    </p>
                    <div className="app-actions app-actions--tight">
                      {c.status === 'waiting' && (
                        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" aria-label={`Take this one: ${c.name}`} disabled={busy} onClick={() => moveCallback.mutate({ c, status: 'in_progress' })}>
                          Take this one
                        </button>
                      )}
                      {c.status === 'in_progress' && c.handledBy === me && (
                        <>
                          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" aria-label={`Done: ${c.name}`} disabled={busy} onClick={() => moveCallback.mutate({ c, status: 'done' })}>
                            Done
                          </button>
                          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" aria-label={`Could not reach: ${c.name}`} disabled={busy} onClick={() => moveCallback.mutate({ c, status: 'could_not_reach' })}>
                            Could not reach
                          </button>
                        </>
                      )}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="shift-title">
            <h2 className="nhsuk-heading-m" id="shift-title">
              On shift now <span className="app-count">({board.onShift.length})</span>
            </h2>
            {board.onShift.length === 0 ? (
              <p>Nobody has started a shift yet.</p>
            ) : (
              <ul className="nhsuk-list app-board-list">
                {board.onShift.map((s) => (
                  <li key={s.userId}>
                    {s.userId === me ? `${s.name} (you)` : s.name} <span className="nhsuk-body-s app-board-muted">since {clockTime(s.startedAt)}</span>
                  </li>
                ))}
              </ul>
            )}
            <button type="button" className={`nhsuk-button${onShift ? ' nhsuk-button--secondary' : ''}`} disabled={shift.isPending} onClick={() => shift.mutate()}>
              {onShift ? 'End my shift' : 'Start my shift'}
            </button>
          </section>
        </div>
      </div>
    </>
  );
}
