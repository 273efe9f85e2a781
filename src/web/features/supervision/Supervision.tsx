import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { LAYER_LABELS, type DueState, type MySupervisionOut, type RecordOut, type SupervisingOut, type SupervisionLayer } from '../../../shared/supervision.js';
import { formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import { hasAnyRole, useSession } from '../../session/session.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { SelectField, TextArea, TextField } from '../../ui/fields.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { QueryState } from '../../ui/QueryState.js';
import { servicesWhere } from '../people/access.js';
import { formatDate } from '../people/person-form.js';
import { getMySupervision, getSupervising, mySupervisionKey, recordFor, recordMine, supervisingKey } from './api.js';
import '../debriefs/debriefs.css';

export const DUE_TAGS: Record<DueState, { text: string; colour: string }> = {
  overdue: { text: 'Overdue', colour: 'orange' },
  due_soon: { text: 'Due soon', colour: 'yellow' },
  on_track: { text: 'On track', colour: 'green' },
};

export function DueTag({ state, daysOverdue }: { state: DueState; daysOverdue: number }) {
  const tag = DUE_TAGS[state];
  return <strong className={`nhsuk-tag nhsuk-tag--${tag.colour}`}>{state === 'overdue' ? `Overdue by ${daysOverdue === 1 ? 'a day' : `${daysOverdue} days`}` : tag.text}</strong>;
}

/** Today in the UK, YYYY-MM-DD (the most recent date a session can be recorded for). */
const todayUk = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** Who keeps supervision records here (matrix.json supervision.own): partner crisis responders have theirs at their own organisation. */
const SUPERVISED: ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager', 'clinical_partner', 'org_admin'] = ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager', 'clinical_partner', 'org_admin'];

/** Your supervision: each layer's rhythm and due date, your records, and recording a session. Supervisors also see the people they supervise. */
export default function Supervision() {
  const { data: session } = useSession();
  const allowed = !!session && hasAnyRole(session.user, SUPERVISED);
  const mine = useQuery({ queryKey: mySupervisionKey, queryFn: getMySupervision, enabled: allowed });
  const supervising = useQuery({ queryKey: supervisingKey, queryFn: getSupervising, enabled: allowed });
  const [notice, setNotice] = useState('');
  const managed = session ? servicesWhere(session.user, ['service_manager']) : [];
  if (session && !allowed) {
    return (
      <Page title="Supervision" back={{ to: '/wellbeing', text: 'Back to wellbeing' }}>
        <p>Your supervision is arranged by your own organisation, so it is not kept here. You can still ask for a debrief or use the other wellbeing pages whenever you like.</p>
        <p>
          <Link to="/wellbeing/debriefs">Debriefs</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page title="Supervision" back={{ to: '/wellbeing', text: 'Back to wellbeing' }}>
      <p className="nhsuk-body-l">Support at work comes in layers. Here is how often you can expect each kind of supervision, when the next is due, and what you agreed.</p>
      {managed.length > 0 && (
        <p>
          <Link to="/wellbeing/supervision/team">Your team’s supervision: rhythms and who is due</Link>
        </p>
      )}
      <Notice text={notice} />
      <QueryState query={mine} what="your supervision" />
      {mine.data && <Mine data={mine.data} onDone={setNotice} />}
      {supervising.data && supervising.data.supervisees.length > 0 && <Supervising data={supervising.data} onDone={setNotice} />}
    </Page>
  );
}

function Mine({ data, onDone }: { data: MySupervisionOut; onDone: (text: string) => void }) {
  return (
    <>
      <section aria-labelledby="layers-title">
        <h2 className="nhsuk-heading-m" id="layers-title">
          Your supervision
        </h2>
        {data.layers.length === 0 ? (
          <p>No supervision rhythm has been set up for you yet. Your service manager can set it up with you.</p>
        ) : (
          <table className="nhsuk-table app-responsive-table">
            <caption className="nhsuk-u-visually-hidden">Your supervision, by kind</caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col">Kind</th>
                <th scope="col">With</th>
                <th scope="col">How often</th>
                <th scope="col">Last held</th>
                <th scope="col">Next due</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {data.layers.map((l) => (
                <tr className="nhsuk-table__row" key={l.layer}>
                  <td data-label="Kind">{LAYER_LABELS[l.layer]}</td>
                  <td data-label="With">{l.supervisorName ?? 'Not named yet'}</td>
                  <td data-label="How often">Every {l.everyDays} days</td>
                  <td data-label="Last held">{l.lastHeldOn ? formatDate(l.lastHeldOn) : 'Not yet'}</td>
                  <td data-label="Next due">
                    {formatDate(l.nextDueOn)} <DueTag state={l.state} daysOverdue={l.daysOverdue} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {data.layers.length > 0 && (
        <section aria-labelledby="record-title">
          <h2 className="nhsuk-heading-m" id="record-title">
            Record a session
          </h2>
          <p>Only you and your supervisor can read what you write here. Your manager sees only the dates.</p>
          <RecordForm layers={data.layers.map((l) => l.layer)} onSave={recordMine} onDone={onDone} prefix="mine" />
        </section>
      )}
      <section aria-labelledby="records-title">
        <h2 className="nhsuk-heading-m" id="records-title">
          Your records
        </h2>
        {data.records.length === 0 ? <p>No sessions recorded yet.</p> : <Records records={data.records} />}
      </section>
    </>
  );
}

export function Records({ records }: { records: RecordOut[] }) {
  return (
    <ul className="nhsuk-list">
      {records.map((r) => (
        <li key={r.id}>
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">
                {LAYER_LABELS[r.layer]}, {formatDate(r.heldOn)}
                {r.supervisorName ? ` with ${r.supervisorName}` : ''}
              </span>
            </summary>
            <div className="nhsuk-details__text">
              <h3 className="nhsuk-heading-xs nhsuk-u-margin-bottom-1">Themes</h3>
              <p className="app-break app-pre-line">{r.themes ?? 'Nothing written.'}</p>
              <h3 className="nhsuk-heading-xs nhsuk-u-margin-bottom-1">Agreed actions</h3>
              <p className="app-break app-pre-line nhsuk-u-margin-bottom-0">{r.agreedActions ?? 'Nothing written.'}</p>
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}

type Save = (body: { layer: SupervisionLayer; heldOn: string; themes?: string; agreedActions?: string }) => Promise<unknown>;

function RecordForm({ layers, onSave, onDone, prefix }: { layers: SupervisionLayer[]; onSave: Save; onDone: (text: string) => void; prefix: string }) {
  const client = useQueryClient();
  const [layer, setLayer] = useState<string>(layers.length === 1 ? layers[0]! : '');
  const [heldOn, setHeldOn] = useState(todayUk());
  const [themes, setThemes] = useState('');
  const [actions, setActions] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const f = (n: string) => `${prefix}-${n}`;
  const save = useMutation({
    mutationFn: () => onSave({ layer: layer as SupervisionLayer, heldOn, ...(themes.trim() ? { themes: themes.trim() } : {}), ...(actions.trim() ? { agreedActions: actions.trim() } : {}) }),
    onSuccess: () => {
      setThemes('');
      setActions('');
      setErrors(noErrors);
      onDone('The session is recorded. The next due date has moved on.');
      void client.invalidateQueries({ queryKey: ['supervision'] });
    },
    onError: (error) => setErrors(formErrorsFrom(error, ['layer', 'heldOn', 'themes', 'agreedActions'], { layer: f('layer'), heldOn: f('heldOn'), themes: f('themes'), agreedActions: f('agreedActions') })),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({
      [f('layer')]: !layer && 'Choose the kind of supervision',
      [f('heldOn')]: (!heldOn && 'Enter the date it was held') || (heldOn > todayUk() && 'A session cannot be recorded for a date that has not come yet'),
    });
    if (checks.summary.length) return setErrors(checks);
    save.mutate();
  }
  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={errors} />
      <SelectField name={f('layer')} label="Kind of supervision" value={layer} onChange={setLayer} error={errors.fields[f('layer')]} options={[{ value: '', label: 'Choose one' }, ...layers.map((l) => ({ value: l, label: LAYER_LABELS[l] }))]} />
      <TextField type="date" width={10} name={f('heldOn')} label="Date it was held" hint="Today or earlier." value={heldOn} onChange={setHeldOn} error={errors.fields[f('heldOn')]} max={todayUk()} />
      <TextArea name={f('themes')} label="Themes (optional)" hint="What you talked about, in a few words. Please do not name the people you support." value={themes} onChange={setThemes} error={errors.fields[f('themes')]} rows={3} />
      <TextArea name={f('agreedActions')} label="Agreed actions (optional)" value={actions} onChange={setActions} error={errors.fields[f('agreedActions')]} rows={3} />
      <button type="submit" className="nhsuk-button" disabled={save.isPending}>
        Save the session
      </button>
    </form>
  );
}

function Supervising({ data, onDone }: { data: SupervisingOut; onDone: (text: string) => void }) {
  return (
    <section aria-labelledby="supervising-title">
      <h2 className="nhsuk-heading-m" id="supervising-title">
        People you supervise
      </h2>
      {data.supervisees.map((s) => (
        <div className="nhsuk-card app-debrief" key={`${s.userId}:${s.layer}`} data-testid="supervisee">
          <div className="nhsuk-card__content">
            <h3 className="nhsuk-card__heading nhsuk-heading-s">
              {s.name}: {LAYER_LABELS[s.layer].toLowerCase()}
            </h3>
            <p>
              Every {s.everyDays} days. Last held {s.lastHeldOn ? formatDate(s.lastHeldOn) : 'not yet'}; next due {formatDate(s.nextDueOn)} <DueTag state={s.state} daysOverdue={s.daysOverdue} />
            </p>
            {s.records.length > 0 && <Records records={s.records} />}
            <details className="nhsuk-details">
              <summary className="nhsuk-details__summary">
                <span className="nhsuk-details__summary-text">Record a session with {s.name}</span>
              </summary>
              <div className="nhsuk-details__text">
                <RecordForm layers={[s.layer]} onSave={(body) => recordFor(s.userId, body)} onDone={onDone} prefix={`for-${s.userId}-${s.layer}`} />
              </div>
            </details>
          </div>
        </div>
      ))}
    </section>
  );
}
