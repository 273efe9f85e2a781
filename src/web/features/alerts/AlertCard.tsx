import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { AlertOut } from '../../../shared/alerts.js';
import { messageFor } from '../../api/errors.js';
import { fieldId } from '../../api/errors.js';
import { acknowledgeAlert, alertsKey } from './api.js';
import { countdown, ukClock } from './alert-rules.js';

/**
 * One alert: what happened, where, when, the countdown to the next reminder, and
 * "I'm dealing with this" (the signed-in person, by name, with an optional note).
 */
export function AlertCard({ alert, now, headingLevel = 2, idPrefix }: { alert: AlertOut; now: number; headingLevel?: 2 | 3; idPrefix: string }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState('');
  const ack = useMutation({
    mutationFn: () => acknowledgeAlert(alert, note),
    onMutate: () => setProblem(''),
    onSuccess: () => client.invalidateQueries({ queryKey: alertsKey }),
    onError: (error) => {
      setProblem(messageFor(error));
      void client.invalidateQueries({ queryKey: alertsKey });
    },
  });
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const next = countdown(alert.nextReminderAt, now);
  const noteId = fieldId(`${idPrefix}-note-${alert.id}`);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    ack.mutate();
  };

  return (
    <div className="app-alert-card" data-testid="alert-card">
      <H className="nhsuk-heading-s nhsuk-u-margin-bottom-1 app-break">{alert.title}</H>
      <p className="nhsuk-body-s nhsuk-u-margin-bottom-2">
        {alert.serviceName} · raised at {ukClock(alert.raisedAt)}
        {alert.workerName && <> · {alert.workerName}</>}
        {alert.visit && (
          <>
            <br />
            Visit: <span className="app-break">{alert.visit.location}</span>, expected back by {ukClock(alert.visit.expectedEndAt)}
            {alert.visit.checkedInAt && <> · checked in at {ukClock(alert.visit.checkedInAt)}</>}
          </>
        )}
      </p>
      {alert.sourceType === 'escalation' && alert.sourceId && (
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-2">
          <Link to={`/services/${alert.serviceId}/escalations/${alert.sourceId}`}>
            Open the escalation<span className="nhsuk-u-visually-hidden"> ({alert.title})</span>
          </Link>
        </p>
      )}
      {alert.status === 'open' ? (
        <>
          {next && (
            <p className="nhsuk-body-s nhsuk-u-margin-bottom-2">
              {next === 'now' ? 'Reminding again now' : <>Next reminder in <strong className="app-countdown">{next}</strong></>}
              {alert.reminders > 0 && ` (reminded ${alert.reminders} ${alert.reminders === 1 ? 'time' : 'times'} so far)`}
            </p>
          )}
          {problem && (
            <p className="nhsuk-error-message" role="alert">
              {problem}
            </p>
          )}
          {open ? (
            <form onSubmit={submit} noValidate>
              <div className="nhsuk-form-group nhsuk-u-margin-bottom-2">
                <label className="nhsuk-label nhsuk-label--s" htmlFor={noteId}>
                  What are you doing about it? (optional)
                </label>
                <textarea className="nhsuk-textarea" id={noteId} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
              </div>
              <div className="app-actions app-actions--tight">
                <button type="submit" className="nhsuk-button nhsuk-button--small" disabled={ack.isPending}>
                  Confirm I’m dealing with this
                </button>
                <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => setOpen(false)}>
                  Not yet
                </button>
              </div>
            </form>
          ) : (
            <button type="button" className="nhsuk-button nhsuk-button--small nhsuk-u-margin-bottom-0" onClick={() => setOpen(true)}>
              I’m dealing with this<span className="nhsuk-u-visually-hidden">: {alert.title}</span>
            </button>
          )}
        </>
      ) : (
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">
          <strong>{alert.acknowledgedBy ? `${alert.acknowledgedBy.name} is dealing with this` : 'Dealt with'}</strong>
          {alert.acknowledgedAt && ` (since ${ukClock(alert.acknowledgedAt)})`}
          {alert.note && <>: <span className="app-break">{alert.note}</span></>}
        </p>
      )}
    </div>
  );
}
