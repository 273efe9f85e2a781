import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { ESCALATION_STATUS_LABELS, type HandoverOut } from '../../../shared/escalations.js';
import { formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import { useSession } from '../../session/session.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { TextArea } from '../../ui/fields.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { QueryState } from '../../ui/QueryState.js';
import { ukClock } from '../alerts/alert-rules.js';
import { LEAD_ROLES, servicesWhere } from '../people/access.js';
import { RequireRoles } from '../people/common.js';
import { formatDateTime } from '../people/person-form.js';
import { getHandover, handoverKey, writeHandover } from './api.js';
import '../board/board.css';
import '../escalations/escalations.css';

/** For the incoming shift lead: open escalations and visits still under way, the last notes, and a note to write. */
export default function Handover() {
  const { serviceId = '' } = useParams();
  const { data: session } = useSession();
  const service = session ? servicesWhere(session.user, LEAD_ROLES).find((s) => s.id === serviceId) : undefined;
  const handover = useQuery({ queryKey: handoverKey(serviceId), queryFn: () => getHandover(serviceId), refetchInterval: 60_000 });
  return (
    <RequireRoles roles={LEAD_ROLES} what="shift handover">
      <Page title="Shift handover" caption={service?.name} back={{ to: `/services/${serviceId}/board`, text: 'Back to the live board' }} wide>
        <QueryState query={handover} what="the handover" />
        {handover.data && <HandoverBody data={handover.data} serviceId={serviceId} />}
      </Page>
    </RequireRoles>
  );
}

function HandoverBody({ data, serviceId }: { data: HandoverOut; serviceId: string }) {
  const last = data.notes[0];
  return (
    <>
      <p className="nhsuk-body-l">
        {data.openAlerts === 0 ? 'No alerts are waiting for someone.' : `${data.openAlerts === 1 ? 'One alert is' : `${data.openAlerts} alerts are`} waiting for someone: see the live board.`}
      </p>
      <section aria-labelledby="open-escalations-title">
        <h2 className="nhsuk-heading-m" id="open-escalations-title">
          Open escalations <span className="app-count">({data.openEscalations.length})</span>
        </h2>
        {data.openEscalations.length === 0 ? (
          <p>No escalations are open.</p>
        ) : (
          <ul className="nhsuk-list app-board-list">
            {data.openEscalations.map((e) => (
              <li key={e.id}>
                <Link to={`/services/${serviceId}/escalations/${e.id}`}>
                  {e.personName ?? 'Someone'}: step {Math.min(e.stepIndex + 1, e.stepCount)} of {e.stepCount}, {e.currentStepLabel}
                </Link>
                <br />
                <span className="nhsuk-body-s">
                  {ESCALATION_STATUS_LABELS[e.status]}. Raised at {ukClock(e.raisedAt)}
                  {e.raisedBy ? ` by ${e.raisedBy.name}` : ''}
                  {e.acknowledgedBy ? `; picked up by ${e.acknowledgedBy.name}` : ''}.
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="visits-title">
        <h2 className="nhsuk-heading-m" id="visits-title">
          Visits under way <span className="app-count">({data.activeVisits.length})</span>
        </h2>
        {data.activeVisits.length === 0 ? (
          <p>Nobody is out on a visit.</p>
        ) : (
          <table className="nhsuk-table app-responsive-table">
            <caption className="nhsuk-u-visually-hidden">Lone-working visits under way, soonest due first</caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col">Who</th>
                <th scope="col">Where</th>
                <th scope="col">Expected back</th>
                <th scope="col">Contact</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {data.activeVisits.map((v) => (
                <tr className="nhsuk-table__row" key={v.id}>
                  <td data-label="Who">{v.worker?.name ?? 'A worker'}</td>
                  <td data-label="Where" className="app-break">
                    {v.location}
                  </td>
                  <td data-label="Expected back">
                    {ukClock(v.expectedEndAt)} {v.overdue && <strong className="nhsuk-tag nhsuk-tag--red">Not checked in</strong>}
                    {v.checkedInAt && <span className="nhsuk-body-s"> (checked in {ukClock(v.checkedInAt)})</span>}
                  </td>
                  <td data-label="Contact">{v.contact?.name ?? 'Nobody named'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="notes-title">
        <h2 className="nhsuk-heading-m" id="notes-title">
          Handover notes
        </h2>
        {last ? (
          <div className="nhsuk-inset-text" data-testid="last-handover">
            <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
              Latest, from {last.from?.name ?? 'someone'} on {formatDateTime(last.createdAt)}
              {last.to ? ` to ${last.to.name}` : ''}:
            </p>
            <p className="app-break app-pre-line nhsuk-u-margin-bottom-0">{last.note}</p>
          </div>
        ) : (
          <p>No handover notes yet.</p>
        )}
        {data.notes.length > 1 && (
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">Earlier notes ({data.notes.length - 1})</span>
            </summary>
            <div className="nhsuk-details__text">
              {data.notes.slice(1).map((n) => (
                <p key={n.id} className="app-break app-pre-line">
                  <strong>
                    {n.from?.name ?? 'Someone'}, {formatDateTime(n.createdAt)}:
                  </strong>{' '}
                  {n.note}
                </p>
              ))}
            </div>
          </details>
        )}
        <WriteNote serviceId={serviceId} />
      </section>
    </>
  );
}

function WriteNote({ serviceId }: { serviceId: string }) {
  const client = useQueryClient();
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [notice, setNotice] = useState('');
  const write = useMutation({
    mutationFn: () => writeHandover(serviceId, note.trim()),
    onMutate: () => setNotice(''),
    onSuccess: () => {
      setNote('');
      setErrors(noErrors);
      setNotice('Your handover note is saved.');
      void client.invalidateQueries({ queryKey: handoverKey(serviceId) });
    },
    onError: (error) => setErrors(formErrorsFrom(error, ['note'])),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({ note: !note.trim() && 'Write the handover note' });
    if (checks.summary.length) return setErrors(checks);
    write.mutate();
  }
  return (
    <form onSubmit={submit} noValidate>
      <Notice text={notice} />
      <ErrorSummary errors={errors} />
      <TextArea name="note" label="Write a handover note" hint="What the next shift lead needs to know: who is still out, what is still open, what you promised." value={note} onChange={setNote} error={errors.fields.note} rows={5} />
      <button type="submit" className="nhsuk-button">
        Save handover note
      </button>
    </form>
  );
}
