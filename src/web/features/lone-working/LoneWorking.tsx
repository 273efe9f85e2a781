import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { BoardOut } from '../../../shared/board.js';
import type { HelpNowReply, VisitOut } from '../../../shared/lone-working.js';
import { api } from '../../api/client.js';
import { formErrorsFrom, formErrorsFromChecks, messageFor, noErrors, type FormErrors } from '../../api/errors.js';
import { useSession } from '../../session/session.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { Fieldset, Radios, SelectField, TextField } from '../../ui/fields.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { QueryState } from '../../ui/QueryState.js';
import { ukClock } from '../alerts/alert-rules.js';
import { boardKey, useNow } from '../board/useBoard.js';
import { PEER_ROLES, servicesWhere } from '../people/access.js';
import { RequireRoles } from '../people/common.js';
import { getMyVisits, helpNow, myVisitsKey, startVisit, visitAction } from './api.js';
import { emptyStartForm, EXTEND_CHOICES, expectedEndFrom, extendedEnd, lengthLabel, LENGTH_CHOICES, startChecks, visitTimeText, type StartForm } from './visit-rules.js';
import './lone-working.css';

const START_ORDER = ['location', 'length', 'otherMinutes', 'expectedEndAt', 'contactUserId'];

/**
 * Lone working on a phone: start a visit (where, how long, my contact), then big clear buttons —
 * check in, extend, end, I need help now — and cancel, which asks for a code. A visit cancelled
 * with the safety code looks exactly like any other cancel here.
 */
export default function LoneWorking() {
  const { data: session } = useSession();
  const [params, setParams] = useSearchParams();
  const services = session ? servicesWhere(session.user, PEER_ROLES) : [];
  const serviceId = services.find((s) => s.id === params.get('service'))?.id ?? services[0]?.id ?? '';
  return (
    <RequireRoles roles={PEER_ROLES} what="lone working">
      <Page title="Lone working" caption={services.length > 1 ? undefined : services[0]?.name}>
        {services.length > 1 && (
          <SelectField name="service" label="Service" value={serviceId} onChange={(v) => setParams({ service: v }, { replace: true })} options={services.map((s) => ({ value: s.id, label: s.name }))} />
        )}
        {serviceId && <ServiceVisits key={serviceId} serviceId={serviceId} me={session?.user.id ?? ''} />}
      </Page>
    </RequireRoles>
  );
}

function ServiceVisits({ serviceId, me }: { serviceId: string; me: string }) {
  const client = useQueryClient();
  const visits = useQuery({ queryKey: myVisitsKey(serviceId), queryFn: () => getMyVisits(serviceId), refetchInterval: 30_000 });
  const [notice, setNotice] = useState('');
  const active = visits.data?.visits.find((v) => v.status === 'active') ?? null;
  const done = (text: string) => {
    setNotice(text);
    void client.invalidateQueries({ queryKey: myVisitsKey(serviceId) });
  };
  return (
    <>
      <Notice text={notice} />
      <HelpNow serviceId={serviceId} visitId={active?.id ?? null} />
      <QueryState query={visits} what="your visits" />
      {visits.data && (active ? <ActiveVisit key={active.id} visit={active} onDone={done} /> : <StartVisit serviceId={serviceId} me={me} onStarted={() => done('Your visit has started. We will remind you before your time is up.')} />)}
      <p className="nhsuk-body-s">
        <Link to="/account/safety-code">Your safety code</Link>
      </p>
    </>
  );
}

function HelpNow({ serviceId, visitId }: { serviceId: string; visitId: string | null }) {
  const [sent, setSent] = useState<HelpNowReply | null>(null);
  const help = useMutation({ mutationFn: () => helpNow(serviceId, visitId), onSuccess: setSent });
  return (
    <div className="app-help-now">
      <button type="button" className="nhsuk-button app-help-now__button" disabled={help.isPending} onClick={() => help.mutate()}>
        I need help now
      </button>
      <div role="status" aria-live="assertive">
        {sent && (
          <div className="nhsuk-warning-callout nhsuk-u-margin-top-0">
            <h2 className="nhsuk-warning-callout__label">
              <span role="text">Help is on its way</span>
            </h2>
            <p>
              {sent.peopleTold > 0 ? `We have told ${sent.peopleTold === 1 ? 'one person' : `${sent.peopleTold} people`} at ${ukClock(sent.raisedAt)}. Someone will be in touch.` : 'We could not reach anyone in Alongside.'}
            </p>
            <p className="nhsuk-u-margin-bottom-0">
              If you are in danger, call <a href="tel:999">999</a>.
            </p>
          </div>
        )}
        {help.isError && (
          <p className="nhsuk-error-message">
            {messageFor(help.error)} If you are in danger, call <a href="tel:999">999</a>.
          </p>
        )}
      </div>
    </div>
  );
}

function StartVisit({ serviceId, me, onStarted }: { serviceId: string; me: string; onStarted: () => void }) {
  const client = useQueryClient();
  const [form, setForm] = useState<StartForm>(emptyStartForm);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const set = <K extends keyof StartForm>(key: K, value: StartForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  // Who can be my contact: colleagues on shift in this service now.
  const board = useQuery({ queryKey: boardKey(serviceId), queryFn: () => api<BoardOut>(`/services/${encodeURIComponent(serviceId)}/board`), staleTime: 30_000 });
  const colleagues = (board.data?.onShift ?? []).filter((s) => s.userId !== me);
  const start = useMutation({
    mutationFn: (body: unknown) => startVisit(serviceId, body),
    onSuccess: async (reply) => {
      client.setQueryData(myVisitsKey(serviceId), { visits: [reply.visit] });
      onStarted();
    },
    onError: (error) => setErrors(formErrorsFrom(error, START_ORDER, { expectedEndAt: form.length === 'other' ? 'otherMinutes' : 'length' })),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const now = Date.now();
    const checks = formErrorsFromChecks(startChecks(form, now));
    if (checks.summary.length) return setErrors(checks);
    const end = expectedEndFrom(form, now);
    if (!('iso' in end)) return;
    setErrors(noErrors);
    start.mutate({ location: form.location.trim(), expectedEndAt: end.iso, contactUserId: form.contactUserId });
  }
  return (
    <form onSubmit={submit} noValidate>
      <h2 className="nhsuk-heading-m">Start a visit</h2>
      <ErrorSummary errors={errors} />
      <TextField name="location" label="Where are you going?" hint="An address or a description someone could find you by" value={form.location} onChange={(v) => set('location', v)} error={errors.fields.location} autoComplete="off" />
      <Fieldset name="length" legend="How long do you expect to be?" error={errors.fields.length}>
        <Radios name="length" value={form.length} onChange={(v) => set('length', v)} options={LENGTH_CHOICES} />
      </Fieldset>
      {form.length === 'other' && (
        <TextField name="otherMinutes" label="How many minutes?" value={form.otherMinutes} onChange={(v) => set('otherMinutes', v)} error={errors.fields.otherMinutes} inputMode="numeric" width={4} />
      )}
      {board.isPending ? (
        <p>Loading who is on shift…</p>
      ) : colleagues.length === 0 ? (
        <div className="nhsuk-inset-text" data-field="contactUserId">
          <p id="field-contactUserId" tabIndex={-1}>
            Nobody else is on shift in this service right now. Ask your shift lead who your contact should be, and ask them to start their shift on the live board.
          </p>
        </div>
      ) : (
        <Fieldset name="contactUserId" legend="Who is your contact for this visit?" hint="They are told if you do not check in." error={errors.fields.contactUserId}>
          <Radios name="contactUserId" value={form.contactUserId} onChange={(v) => set('contactUserId', v)} options={colleagues.map((c) => ({ value: c.userId, label: c.name }))} />
        </Fieldset>
      )}
      <button type="submit" className="nhsuk-button app-big-button" disabled={start.isPending}>
        Start visit
      </button>
    </form>
  );
}

function ActiveVisit({ visit, onDone }: { visit: VisitOut; onDone: (text: string) => void }) {
  const client = useQueryClient();
  const now = useNow(15_000);
  const [panel, setPanel] = useState<'none' | 'extend' | 'cancel'>('none');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [said, setSaid] = useState('');
  const act = useMutation({
    mutationFn: ({ action, body }: { action: 'check-in' | 'end' | 'extend' | 'cancel'; body?: unknown }) => visitAction(visit.serviceId, visit.id, action, body),
    onMutate: () => setErrors(noErrors),
    onSuccess: (reply, { action }) => {
      client.setQueryData(myVisitsKey(visit.serviceId), { visits: reply.visit.status === 'active' ? [reply.visit] : [] });
      setPanel('none');
      setCode('');
      if (action === 'check-in') setSaid(`Checked in at ${ukClock(reply.visit.checkedInAt ?? new Date().toISOString())}. Thank you.`);
      if (action === 'extend') setSaid(`Extended. Check in or end the visit by ${ukClock(reply.visit.expectedEndAt)}.`);
      // Ended or cancelled (with any code): the same calm words either way.
      if (action === 'end') onDone('Visit ended. Thank you for letting us know you are safe.');
      if (action === 'cancel') onDone('Visit cancelled.');
    },
    onError: (error) => setErrors(formErrorsFrom(error, ['confirmation', 'expectedEndAt'])),
  });
  const busy = act.isPending;
  function cancel(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({ confirmation: !code.trim() && 'Type your code to confirm' });
    if (checks.summary.length) return setErrors(checks);
    act.mutate({ action: 'cancel', body: { confirmation: code.trim() } });
  }
  return (
    <section aria-labelledby="visit-title" className="app-visit">
      <h2 className="nhsuk-heading-m" id="visit-title">
        Your visit
      </h2>
      <dl className="nhsuk-summary-list">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Where</dt>
          <dd className="nhsuk-summary-list__value app-break">{visit.location}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Your contact</dt>
          <dd className="nhsuk-summary-list__value">{visit.contactName ?? 'Your shift lead'}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Started</dt>
          <dd className="nhsuk-summary-list__value">{ukClock(visit.startedAt)}</dd>
        </div>
      </dl>
      <p className={`app-visit__time${visit.overdue ? ' app-visit__time--late' : ''}`} data-testid="visit-time">
        {visitTimeText(visit, now, ukClock)}
      </p>
      <Notice text={said} />
      <ErrorSummary errors={errors} />
      <div className="app-visit__buttons">
        <button type="button" className="nhsuk-button app-big-button" disabled={busy} onClick={() => act.mutate({ action: 'check-in' })}>
          Check in
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary app-big-button" aria-expanded={panel === 'extend'} disabled={busy} onClick={() => setPanel(panel === 'extend' ? 'none' : 'extend')}>
          Extend
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary app-big-button" disabled={busy} onClick={() => act.mutate({ action: 'end' })}>
          End visit
        </button>
      </div>
      {panel === 'extend' && (
        <div className="app-visit__panel">
          <h3 className="nhsuk-heading-s">How much longer?</h3>
          <div className="app-actions">
            {EXTEND_CHOICES.map((m) => (
              <button key={m} type="button" className="nhsuk-button nhsuk-button--secondary" disabled={busy} onClick={() => act.mutate({ action: 'extend', body: { version: visit.version, expectedEndAt: extendedEnd(visit.expectedEndAt, Date.now(), m) } })}>
                {lengthLabel(m)} more
              </button>
            ))}
          </div>
        </div>
      )}
      {panel === 'cancel' ? (
        <form className="app-visit__panel" onSubmit={cancel} noValidate>
          <h3 className="nhsuk-heading-s">Cancel this visit</h3>
          <TextField name="confirmation" label="Type your code to confirm" value={code} onChange={setCode} error={errors.fields.confirmation} inputMode="numeric" autoComplete="off" width={10} type="password" />
          <div className="app-actions">
            <button type="submit" className="nhsuk-button nhsuk-button--warning" disabled={busy}>
              Cancel visit
            </button>
            <button type="button" className="app-link-button" onClick={() => setPanel('none')}>
              Keep the visit going
            </button>
          </div>
        </form>
      ) : (
        <p>
          <button type="button" className="app-link-button" onClick={() => setPanel('cancel')}>
            Cancel this visit
          </button>
        </p>
      )}
    </section>
  );
}
