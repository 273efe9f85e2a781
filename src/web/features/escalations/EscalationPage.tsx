import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useParams, useSearchParams } from 'react-router';
import {
  ATTEMPT_RESULT_LABELS,
  ATTEMPT_RESULTS,
  ESCALATION_STATUS_LABELS,
  PERSPECTIVE_LABELS,
  PERSPECTIVES,
  type EscalationOut,
  type ViewOut,
} from '../../../shared/escalations.js';
import { api } from '../../api/client.js';
import { ApiError, formErrorsFrom, formErrorsFromChecks, messageFor, noErrors, type FormErrors } from '../../api/errors.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { Fieldset, Radios, TextArea } from '../../ui/fields.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { QueryState } from '../../ui/QueryState.js';
import { ukClock } from '../alerts/alert-rules.js';
import { useNow } from '../board/useBoard.js';
import { formatDateTime } from '../people/person-form.js';
import { holdsIn } from '../people/access.js';
import { useSession } from '../../session/session.js';
import { escalationKey, escalationPath, getEscalation } from './api.js';
import { nextText, stepOf, telHref } from './escalation-rules.js';
import '../lone-working/lone-working.css';
import './escalations.css';

type Step = EscalationOut['steps'][number];

const STATUS_TAG = { open: 'nhsuk-tag--red', acknowledged: 'nhsuk-tag--blue', closed: 'nhsuk-tag--grey' } as const;

/**
 * One escalation: the worry, the ladder step by step with numbers to call, each attempt logged,
 * "I'm picking this up", the outcome and closing, and the peer and clinical or social care views
 * side by side (neither overwrites the other).
 */
export default function EscalationPage() {
  const { serviceId = '', escalationId = '' } = useParams();
  const query = useQuery({ queryKey: escalationKey(serviceId, escalationId), queryFn: () => getEscalation(serviceId, escalationId), refetchInterval: 20_000 });
  if (!query.data)
    return (
      <Page title="Escalation">
        <QueryState query={query} what="this escalation" />
      </Page>
    );
  return <EscalationView escalation={query.data} />;
}

function useEscalationChange(e: EscalationOut, onError: (error: unknown) => void) {
  const client = useQueryClient();
  const key = escalationKey(e.serviceId, e.id);
  return useMutation({
    mutationFn: ({ path, method, body }: { path: string; method: 'POST' | 'PATCH'; body: unknown }) => api<EscalationOut>(`${escalationPath(e.serviceId, e.id)}${path}`, { method, body }),
    onSuccess: (updated) => client.setQueryData(key, updated),
    onError: (error) => {
      onError(error);
      void client.invalidateQueries({ queryKey: key });
    },
  });
}

function EscalationView({ escalation: e }: { escalation: EscalationOut }) {
  const [params] = useSearchParams();
  const now = useNow(1000);
  const [notice, setNotice] = useState(params.get('raised') ? 'Escalation raised. Work down the steps below; log each call as you go.' : '');
  const [problem, setProblem] = useState('');
  const change = useEscalationChange(e, (error) => setProblem(messageFor(error)));
  const [ackNote, setAckNote] = useState('');
  const [ackOpen, setAckOpen] = useState(false);
  const next = nextText(e, now);
  // Picking up is for the shift lead, the manager, or a clinical partner the ladder reaches (the server checks).
  const { data: session } = useSession();
  const canPickUp = session ? holdsIn(session.user, e.serviceId, ['shift_lead', 'service_manager', 'clinical_partner', 'org_admin']) : false;
  const back = e.contactId ? { to: `/services/${e.serviceId}/contacts/${e.contactId}`, text: 'Back to the contact' } : e.personId ? { to: `/people/${e.personId}`, text: 'Back to the person' } : { to: '/', text: 'Home' };

  return (
    <Page title="Escalation" caption={e.personName ?? undefined} back={back} wide>
      <Notice text={notice} />
      {problem && (
        <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
          <h2 className="nhsuk-error-summary__title">That did not work</h2>
          <div className="nhsuk-error-summary__body">
            <p>{problem}</p>
          </div>
        </div>
      )}
      <div className="app-esc-head">
        <p className="nhsuk-u-margin-bottom-2">
          <strong className={`nhsuk-tag ${STATUS_TAG[e.status]}`}>{ESCALATION_STATUS_LABELS[e.status]}</strong> <span className="app-esc-step">{stepOf(e)}</span>
        </p>
        <p className="nhsuk-body-l app-break app-esc-concern">“{e.concern}”</p>
        <p className="nhsuk-body-s">
          Raised by {e.raisedBy?.name ?? 'someone'} at {ukClock(e.raisedAt)}
          {e.acknowledgedBy && e.acknowledgedAt ? `. Picked up by ${e.acknowledgedBy.name} at ${ukClock(e.acknowledgedAt)}` : ''}
          {e.closedAt ? `. Closed at ${ukClock(e.closedAt)}${e.closedBy ? ` by ${e.closedBy.name}` : ''}` : ''}.
        </p>
        {next && (
          <p className="app-esc-next" data-testid="escalation-next">
            {next}
          </p>
        )}
        {e.status === 'open' &&
          canPickUp &&
          (ackOpen ? (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                setProblem('');
                change.mutate({ path: '/acknowledge', method: 'POST', body: ackNote.trim() ? { note: ackNote.trim() } : {} }, { onSuccess: () => setNotice('You have picked this up. The steps stop moving on by themselves.') });
              }}
            >
              <TextArea name="ackNote" label="Anything to add? (optional)" value={ackNote} onChange={setAckNote} rows={2} />
              <div className="app-actions">
                <button type="submit" className="nhsuk-button" disabled={change.isPending}>
                  Confirm I’m picking this up
                </button>
                <button type="button" className="app-link-button" onClick={() => setAckOpen(false)}>
                  Not yet
                </button>
              </div>
            </form>
          ) : (
            <button type="button" className="nhsuk-button" onClick={() => setAckOpen(true)}>
              I’m picking this up
            </button>
          ))}
      </div>

      <h2 className="nhsuk-heading-m">The steps</h2>
      <ol className="app-ladder">
        {e.steps.map((step) => (
          <LadderStep key={step.index} step={step} escalation={e} onProblem={setProblem} />
        ))}
      </ol>

      <Views escalation={e} />
      <Outcome escalation={e} onNotice={setNotice} />
    </Page>
  );
}

function LadderStep({ step, escalation: e, onProblem }: { step: Step; escalation: EscalationOut; onProblem: (text: string) => void }) {
  const attempts = e.attempts.filter((a) => a.stepIndex === step.index);
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const change = useEscalationChange(e, (error) => setErrors(formErrorsFrom(error, ['result', 'note'], { result: `attempt-${step.index}-result`, note: `attempt-${step.index}-note` })));
  const numbers = [...(step.phone ? [{ number: step.phone, label: null, name: step.whoLabel }] : []), ...step.contacts.flatMap((c) => c.phones.map((p) => ({ ...p, name: c.name })))];
  const emails = step.contacts.filter((c) => c.email);
  const current = step.status === 'current' && e.status !== 'closed';

  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({ [`attempt-${step.index}-result`]: !result && 'Choose what happened' });
    if (checks.summary.length) return setErrors(checks);
    onProblem('');
    change.mutate(
      { path: '/attempts', method: 'POST', body: { stepIndex: step.index, result, ...(note.trim() ? { note: note.trim() } : {}) } },
      {
        onSuccess: () => {
          setErrors(noErrors);
          setOpen(false);
          setResult('');
          setNote('');
        },
      },
    );
  }

  return (
    <li className={`app-ladder__step app-ladder__step--${step.status}`} aria-current={current ? 'step' : undefined}>
      <h3 className="nhsuk-heading-s nhsuk-u-margin-bottom-1">
        <span className="nhsuk-u-visually-hidden">Step {step.index + 1}: </span>
        {step.label}
        {step.status === 'current' && <strong className="nhsuk-tag nhsuk-tag--blue app-ladder__now">Now</strong>}
        {step.status === 'done' && <span className="app-ladder__done"> (done)</span>}
      </h3>
      <p className="nhsuk-body-s nhsuk-u-margin-bottom-2">
        {step.actionLabel} · {step.whoLabel} · {step.windowMinutes} minutes to answer
      </p>
      {(numbers.length > 0 || step.action === 'call_999' || emails.length > 0) && (
        <ul className="nhsuk-list app-ladder__numbers">
          {step.action === 'call_999' && (
            <li>
              <a className="nhsuk-button nhsuk-button--warning nhsuk-u-margin-bottom-2" href="tel:999">
                Call 999
              </a>
            </li>
          )}
          {numbers.map((n, i) => (
            <li key={`${n.number}-${i}`}>
              <a className="app-tel" href={telHref(n.number)}>
                Call {n.name}: {n.number}
              </a>
              {n.label && <span className="nhsuk-body-s"> ({n.label})</span>}
            </li>
          ))}
          {emails.map((c) => (
            <li key={`${c.id}-email`}>
              <a href={`mailto:${c.email}`}>
                Email {c.name}
              </a>
            </li>
          ))}
        </ul>
      )}
      {attempts.length > 0 && (
        <ul className="nhsuk-list nhsuk-body-s app-ladder__attempts" aria-label={`What happened at step ${step.index + 1}`}>
          {attempts.map((a) => (
            <li key={a.id}>
              <strong>{ATTEMPT_RESULT_LABELS[a.result]}</strong> at {ukClock(a.attemptedAt)}
              {a.recordedBy ? ` (${a.recordedBy.name})` : ''}
              {a.note && <>: <span className="app-break">{a.note}</span></>}
            </li>
          ))}
        </ul>
      )}
      {e.status !== 'closed' &&
        (open ? (
          <form onSubmit={submit} noValidate className="app-ladder__log">
            <ErrorSummary errors={errors} />
            <Fieldset name={`attempt-${step.index}-result`} legend="What happened?" error={errors.fields[`attempt-${step.index}-result`]}>
              <Radios name={`attempt-${step.index}-result`} value={result} onChange={setResult} options={ATTEMPT_RESULTS.map((r) => ({ value: r, label: ATTEMPT_RESULT_LABELS[r] }))} inline />
            </Fieldset>
            <TextArea name={`attempt-${step.index}-note`} label="Note (optional)" hint="Who you spoke to, advice given" value={note} onChange={setNote} error={errors.fields[`attempt-${step.index}-note`]} rows={2} />
            <div className="app-actions">
              <button type="submit" className="nhsuk-button nhsuk-button--secondary" disabled={change.isPending}>
                Log it
              </button>
              <button type="button" className="app-link-button" onClick={() => setOpen(false)}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          // Any step can be logged: a worker who gets no answer moves on down the ladder without waiting.
          <button type="button" className={`nhsuk-button ${current ? '' : 'nhsuk-button--secondary '}nhsuk-button--small nhsuk-u-margin-bottom-0`} onClick={() => setOpen(true)}>
            Log what happened<span className="nhsuk-u-visually-hidden"> at step {step.index + 1}</span>
          </button>
        ))}
    </li>
  );
}

function ViewList({ views, empty }: { views: ViewOut[]; empty: string }) {
  if (views.length === 0) return <p className="app-muted">{empty}</p>;
  return (
    <ul className="nhsuk-list app-views__list">
      {views.map((v) => (
        <li key={v.id}>
          <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
            {PERSPECTIVE_LABELS[v.perspective]}, recorded by {v.recordedBy?.name ?? 'someone'} on {formatDateTime(v.recordedAt)}
            {v.differs && (
              <>
                {' '}
                <strong className="nhsuk-tag nhsuk-tag--orange">Differs</strong>
              </>
            )}
          </p>
          <p className="app-break app-pre-line nhsuk-u-margin-bottom-1">{v.view}</p>
          <p className="app-break app-pre-line nhsuk-body-s">
            <strong>Why:</strong> {v.reasons}
          </p>
        </li>
      ))}
    </ul>
  );
}

function Views({ escalation: e }: { escalation: EscalationOut }) {
  const [perspective, setPerspective] = useState('');
  const [view, setView] = useState('');
  const [reasons, setReasons] = useState('');
  const [differs, setDiffers] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [notice, setNotice] = useState('');
  const change = useEscalationChange(e, (error) => setErrors(formErrorsFrom(error, ['perspective', 'view', 'reasons', 'differs'])));
  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({
      perspective: !perspective && 'Choose whose view this is',
      view: !view.trim() && 'Write the view',
      reasons: !reasons.trim() && 'Say why',
      differs: !differs && 'Say whether this differs from the other view',
    });
    if (checks.summary.length) return setErrors(checks);
    setNotice('');
    change.mutate(
      { path: '/views', method: 'POST', body: { perspective, view: view.trim(), reasons: reasons.trim(), differs: differs === 'yes' } },
      {
        onSuccess: () => {
          setErrors(noErrors);
          setView('');
          setReasons('');
          setDiffers('');
          setNotice('The view is recorded beside the others.');
        },
      },
    );
  }
  return (
    <section aria-labelledby="views-title" className="app-views">
      <h2 className="nhsuk-heading-m" id="views-title">
        Views, side by side {e.views.differ && <strong className="nhsuk-tag nhsuk-tag--orange">Views differ</strong>}
      </h2>
      <p className="nhsuk-body-s">Each view is kept as written. A new one is added beside the others; none replaces another.</p>
      <div className="app-views__grid">
        <div className="app-views__col">
          <h3 className="nhsuk-heading-s">Peer worker’s view</h3>
          <ViewList views={e.views.peer} empty="No peer view recorded yet." />
        </div>
        <div className="app-views__col">
          <h3 className="nhsuk-heading-s">Clinical or social care view</h3>
          <ViewList views={e.views.other} empty="No clinical or social care view recorded yet." />
        </div>
      </div>
      <details className="nhsuk-details">
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">Record a view</span>
        </summary>
        <div className="nhsuk-details__text">
          <form onSubmit={submit} noValidate>
            <Notice text={notice} />
            <ErrorSummary errors={errors} />
            <Fieldset name="perspective" legend="Whose view is this?" hint="If a clinician told you their view, choose theirs and say so in the view." error={errors.fields.perspective}>
              <Radios name="perspective" value={perspective} onChange={setPerspective} options={PERSPECTIVES.map((p) => ({ value: p, label: PERSPECTIVE_LABELS[p] }))} />
            </Fieldset>
            <TextArea name="view" label="The view" value={view} onChange={setView} error={errors.fields.view} rows={3} />
            <TextArea name="reasons" label="The reasons for it" value={reasons} onChange={setReasons} error={errors.fields.reasons} rows={3} />
            <Fieldset name="differs" legend="Does it differ from the other side’s view?" error={errors.fields.differs}>
              <Radios
                name="differs"
                value={differs}
                onChange={setDiffers}
                inline
                options={[
                  { value: 'yes', label: 'Yes, it differs' },
                  { value: 'no', label: 'No' },
                ]}
              />
            </Fieldset>
            <button type="submit" className="nhsuk-button nhsuk-button--secondary" disabled={change.isPending}>
              Record this view
            </button>
          </form>
        </div>
      </details>
    </section>
  );
}

function Outcome({ escalation: e, onNotice }: { escalation: EscalationOut; onNotice: (text: string) => void }) {
  const [outcome, setOutcome] = useState(e.outcome ?? '');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const change = useEscalationChange(e, (error) =>
    setErrors(
      error instanceof ApiError && error.status === 409
        ? { summary: [{ text: 'Someone else changed this escalation a moment ago. The page now shows the latest; check the outcome and try again.' }], fields: {} }
        : formErrorsFrom(error, ['outcome']),
    ),
  );
  if (e.status === 'closed')
    return (
      <section aria-labelledby="outcome-title">
        <h2 className="nhsuk-heading-m" id="outcome-title">
          Outcome
        </h2>
        <p className="app-break app-pre-line">{e.outcome ?? 'No outcome was written.'}</p>
      </section>
    );
  const send = (kind: 'save' | 'close') => {
    const checks = formErrorsFromChecks({ outcome: kind === 'save' && !outcome.trim() && 'Say what happened' });
    if (checks.summary.length) return setErrors(checks);
    const body = { ...(outcome.trim() ? { outcome: outcome.trim() } : {}), version: e.version };
    change.mutate(kind === 'save' ? { path: '', method: 'PATCH', body } : { path: '/close', method: 'POST', body }, {
      onSuccess: () => {
        setErrors(noErrors);
        onNotice(kind === 'save' ? 'The outcome is saved.' : 'The escalation is closed. Everyone involved will be offered a debrief.');
      },
    });
  };
  return (
    <section aria-labelledby="outcome-title">
      <h2 className="nhsuk-heading-m" id="outcome-title">
        Outcome
      </h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          send('save');
        }}
        noValidate
      >
        <ErrorSummary errors={errors} />
        <TextArea name="outcome" label="What happened in the end?" value={outcome} onChange={setOutcome} error={errors.fields.outcome} rows={3} />
        <div className="app-actions">
          <button type="submit" className="nhsuk-button nhsuk-button--secondary" disabled={change.isPending}>
            Save outcome
          </button>
          <button type="button" className="nhsuk-button" disabled={change.isPending} onClick={() => send('close')}>
            Close the escalation
          </button>
        </div>
      </form>
    </section>
  );
}
