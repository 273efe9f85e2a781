import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { LAYER_LABELS, MAX_EVERY_DAYS, MIN_EVERY_DAYS, SUPERVISION_LAYERS, type OverdueOut, type RhythmsOut, type SupervisionLayer } from '../../../shared/supervision.js';
import { formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import { useSession } from '../../session/session.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { SelectField, TextField } from '../../ui/fields.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { QueryState } from '../../ui/QueryState.js';
import { servicesWhere } from '../people/access.js';
import { RequireRoles } from '../people/common.js';
import { formatDate } from '../people/person-form.js';
import type { DebriefSummaryOut } from '../../../shared/debriefs.js';
import { debriefSummaryKey, getDebriefSummary } from '../debriefs/api.js';
import { getOverdue, getRhythms, overdueKey, rhythmsKey, setRhythm } from './api.js';
import { DueTag } from './Supervision.js';

const MANAGER: ['service_manager'] = ['service_manager'];

/** A service manager's view: who is due or overdue (dates only, never what was talked about), and each worker's rhythms. */
export default function SupervisionTeam() {
  const { data: session } = useSession();
  const services = session ? servicesWhere(session.user, MANAGER) : [];
  const [params, setParams] = useSearchParams();
  const serviceId = params.get('service') ?? services[0]?.id ?? '';
  const service = services.find((s) => s.id === serviceId);
  return (
    <RequireRoles roles={MANAGER} what="your team’s supervision">
      <Page title="Team supervision and debriefs" caption={service?.name} back={{ to: '/wellbeing/supervision', text: 'Back to supervision' }} wide>
        {services.length > 1 && (
          <SelectField name="service" label="Service" value={serviceId} onChange={(v) => setParams({ service: v })} options={services.map((s) => ({ value: s.id, label: s.name }))} />
        )}
        {serviceId && <TeamBody serviceId={serviceId} />}
      </Page>
    </RequireRoles>
  );
}

function TeamBody({ serviceId }: { serviceId: string }) {
  const overdue = useQuery({ queryKey: overdueKey(serviceId), queryFn: () => getOverdue(serviceId) });
  const rhythms = useQuery({ queryKey: rhythmsKey(serviceId), queryFn: () => getRhythms(serviceId) });
  const debriefs = useQuery({ queryKey: debriefSummaryKey(serviceId), queryFn: () => getDebriefSummary(serviceId) });
  return (
    <>
      <QueryState query={overdue} what="who is due" />
      {overdue.data && <OverdueTable data={overdue.data} />}
      <QueryState query={rhythms} what="the rhythms" />
      {rhythms.data && <Rhythms data={rhythms.data} serviceId={serviceId} />}
      <QueryState query={debriefs} what="the debrief counts" />
      {debriefs.data && <DebriefCounts data={debriefs.data} />}
    </>
  );
}

function OverdueTable({ data }: { data: OverdueOut }) {
  const late = data.rows.filter((r) => r.state === 'overdue').length;
  return (
    <section aria-labelledby="due-title">
      <h2 className="nhsuk-heading-m" id="due-title">
        Who is due
      </h2>
      <p>
        {late === 0 ? 'Nobody is overdue.' : late === 1 ? 'One supervision is overdue.' : `${late} supervisions are overdue.`} You see dates only: what is talked about stays between each worker and their supervisor.
      </p>
      {data.rows.length > 0 && (
        <table className="nhsuk-table app-responsive-table" data-testid="overdue-table">
          <caption className="nhsuk-u-visually-hidden">Supervision due dates by worker and kind, overdue first</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col">Worker</th>
              <th scope="col">Kind</th>
              <th scope="col">With</th>
              <th scope="col">Last held</th>
              <th scope="col">Due</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {data.rows.map((r) => (
              <tr className="nhsuk-table__row" key={`${r.userId}:${r.layer}`}>
                <td data-label="Worker">{r.name}</td>
                <td data-label="Kind">{LAYER_LABELS[r.layer]}</td>
                <td data-label="With">{r.supervisorName ?? 'Not named'}</td>
                <td data-label="Last held">{r.lastHeldOn ? formatDate(r.lastHeldOn) : 'Not yet'}</td>
                <td data-label="Due">
                  {formatDate(r.nextDueOn)} <DueTag state={r.state} daysOverdue={r.daysOverdue} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Rhythms({ data, serviceId }: { data: RhythmsOut; serviceId: string }) {
  const client = useQueryClient();
  const [userId, setUserId] = useState('');
  const [layer, setLayer] = useState<string>('');
  const [every, setEvery] = useState('28');
  const [supervisorId, setSupervisorId] = useState('');
  const [supervisorName, setSupervisorName] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [notice, setNotice] = useState('');
  const nameOf = (id: string | null) => data.colleagues.find((c) => c.id === id)?.name ?? 'a colleague';
  const external = layer === 'external_peer';

  /** Picking a worker and kind fills in what is set already. */
  function choose(nextUser: string, nextLayer: string) {
    setUserId(nextUser);
    setLayer(nextLayer);
    const current = data.workers.find((w) => w.id === nextUser)?.rhythms.find((r) => r.layer === nextLayer);
    setEvery(current ? String(current.everyDays) : '28');
    setSupervisorId(current?.supervisorId ?? '');
    setSupervisorName(current?.supervisorName ?? '');
  }

  const save = useMutation({
    mutationFn: (stop: boolean) =>
      setRhythm(serviceId, {
        userId,
        layer: layer as SupervisionLayer,
        everyDays: stop ? null : Number(every),
        ...(external ? { supervisorName: supervisorName.trim() || null } : { supervisorId: supervisorId || null }),
      }),
    onMutate: () => setNotice(''),
    onSuccess: (reply) => {
      setErrors(noErrors);
      setNotice(reply.rhythm ? 'The rhythm is saved. Reminders will go a week before each due date and on the day.' : 'That rhythm has stopped; no more reminders will be sent for it.');
      void client.invalidateQueries({ queryKey: ['supervision'] });
    },
    onError: (error) => setErrors(formErrorsFrom(error, ['userId', 'layer', 'everyDays', 'supervisorId', 'supervisorName'])),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const n = Number(every);
    const checks = formErrorsFromChecks({
      userId: !userId && 'Choose a worker',
      layer: !layer && 'Choose a kind of supervision',
      everyDays: (!Number.isInteger(n) || n < MIN_EVERY_DAYS || n > MAX_EVERY_DAYS) && `Enter a whole number of days from ${MIN_EVERY_DAYS} to ${MAX_EVERY_DAYS}`,
      supervisorId: !external && !supervisorId && 'Choose who gives this supervision',
      supervisorName: external && !supervisorName.trim() && 'Write the supervisor’s name and organisation',
    });
    if (checks.summary.length) return setErrors(checks);
    save.mutate(false);
  }
  const current = data.workers.find((w) => w.id === userId)?.rhythms.find((r) => r.layer === layer);
  return (
    <section aria-labelledby="rhythms-title">
      <h2 className="nhsuk-heading-m" id="rhythms-title">
        Rhythms
      </h2>
      {data.workers.length === 0 ? (
        <p>Nobody works in this service yet.</p>
      ) : (
        <table className="nhsuk-table app-responsive-table" data-testid="rhythms-table">
          <caption className="nhsuk-u-visually-hidden">Each worker’s supervision rhythms</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col">Worker</th>
              <th scope="col">Rhythms</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {data.workers.map((w) => (
              <tr className="nhsuk-table__row" key={w.id}>
                <td data-label="Worker">{w.name}</td>
                <td data-label="Rhythms">
                  {w.rhythms.length === 0
                    ? 'None set'
                    : w.rhythms.map((r) => (
                        <span key={r.layer} className="app-rhythm-line">
                          {LAYER_LABELS[r.layer]}: every {r.everyDays} days with {r.supervisorName ?? nameOf(r.supervisorId)}
                        </span>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3 className="nhsuk-heading-s">Set or change a rhythm</h3>
      <Notice text={notice} />
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate className="app-rhythm-form">
        <SelectField name="userId" label="Worker" value={userId} onChange={(v) => choose(v, layer)} error={errors.fields.userId} options={[{ value: '', label: 'Choose a worker' }, ...data.workers.map((w) => ({ value: w.id, label: w.name }))]} />
        <SelectField name="layer" label="Kind of supervision" value={layer} onChange={(v) => choose(userId, v)} error={errors.fields.layer} options={[{ value: '', label: 'Choose one' }, ...SUPERVISION_LAYERS.map((l) => ({ value: l, label: LAYER_LABELS[l] }))]} />
        <TextField name="everyDays" label="How often, in days" hint={`For example 28 for every four weeks (${MIN_EVERY_DAYS} to ${MAX_EVERY_DAYS}).`} value={every} onChange={setEvery} error={errors.fields.everyDays} inputMode="numeric" width={3} />
        {external ? (
          <TextField name="supervisorName" label="Supervisor’s name and organisation" value={supervisorName} onChange={setSupervisorName} error={errors.fields.supervisorName} width={30} />
        ) : (
          <SelectField name="supervisorId" label="Supervisor" value={supervisorId} onChange={setSupervisorId} error={errors.fields.supervisorId} options={[{ value: '', label: 'Choose a colleague' }, ...data.colleagues.filter((c) => c.id !== userId).map((c) => ({ value: c.id, label: c.name }))]} />
        )}
        <div className="app-button-row">
          <button type="submit" className="nhsuk-button" disabled={save.isPending}>
            Save rhythm
          </button>
          {current && (
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => save.mutate(true)} disabled={save.isPending}>
              Stop this rhythm
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

/** Debriefs in the service as counts only: never who, never what (docs/wellbeing.md). */
function DebriefCounts({ data }: { data: DebriefSummaryOut }) {
  const rows: [string, number][] = [
    ['Waiting for an answer', data.counts.offered],
    ['Booked, under way', data.counts.booked],
    ['Said no thanks', data.counts.declined],
    ['Finished', data.counts.done],
  ];
  return (
    <section aria-labelledby="debriefs-title">
      <h2 className="nhsuk-heading-m" id="debriefs-title">
        Debriefs
      </h2>
      <p>
        {data.events === 0
          ? 'No escalations or alarms have led to debrief offers yet.'
          : `${data.offeredAfterEvents === 1 ? 'One person was' : `${data.offeredAfterEvents} people were`} offered a debrief after ${data.events === 1 ? 'one escalation or alarm' : `${data.events} escalations or alarms`}.`}{' '}
        {data.requests === 0 ? '' : `${data.requests === 1 ? 'One person' : `${data.requests} people`} asked for one.`} Counts only: who said yes or no, and what was talked about, stays with each worker and their supporter.
      </p>
      <dl className="nhsuk-summary-list" data-testid="debrief-counts">
        {rows.map(([label, n]) => (
          <div className="nhsuk-summary-list__row" key={label}>
            <dt className="nhsuk-summary-list__key">{label}</dt>
            <dd className="nhsuk-summary-list__value">{n}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
