import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { CONTACT_LABELS, describeSource, PROFESSIONAL_HELP, type DebriefContactOut, type DebriefOut, type MyDebriefsOut, type SupportingOut } from '../../../shared/debriefs.js';
import { formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { Fieldset, Radios, SelectField } from '../../ui/fields.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { QueryState } from '../../ui/QueryState.js';
import { acceptDebrief, declineDebrief, getMyDebriefs, getSupporting, markContactDone, myDebriefsKey, requestDebrief, supportingKey } from './api.js';
import './debriefs.css';

const DAY_FORMAT = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', day: 'numeric', month: 'long' });
const day = (iso: string) => DAY_FORMAT.format(new Date(iso));

const STATE_TAGS: Record<DebriefContactOut['state'], { text: string; colour: string }> = {
  done: { text: 'Done', colour: 'green' },
  overdue: { text: 'Overdue', colour: 'orange' },
  due: { text: 'Due now', colour: 'blue' },
  upcoming: { text: 'Coming up', colour: 'grey' },
  stopped: { text: 'Not going ahead', colour: 'grey' },
};

/** Debriefs: offers to answer, your follow-up rhythm, asking for one, and the debriefs you support. */
export default function Debriefs() {
  const mine = useQuery({ queryKey: myDebriefsKey, queryFn: getMyDebriefs });
  const supporting = useQuery({ queryKey: supportingKey, queryFn: getSupporting });
  const [notice, setNotice] = useState('');
  return (
    <Page title="Debriefs" back={{ to: '/wellbeing', text: 'Back to wellbeing' }}>
      <p className="nhsuk-body-l">
        After a hard shift, talking it through with a colleague who understands can help. A debrief is always your choice: you can say yes, say no thanks, or come back to it later.
      </p>
      <Notice text={notice} />
      <QueryState query={mine} what="your debriefs" />
      {mine.data && <MyDebriefs data={mine.data} onDone={setNotice} />}
      {supporting.data && supporting.data.debriefs.length > 0 && <Supporting data={supporting.data} onDone={setNotice} />}
      {mine.data && <RequestOne data={mine.data} onDone={setNotice} />}
    </Page>
  );
}

function useRefresh() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: myDebriefsKey });
    void client.invalidateQueries({ queryKey: supportingKey });
  };
}

function MyDebriefs({ data, onDone }: { data: MyDebriefsOut; onDone: (text: string) => void }) {
  const waiting = data.debriefs.filter((d) => d.status === 'offered' || d.status === 'declined');
  const underway = data.debriefs.filter((d) => d.status === 'booked' || d.status === 'done');
  const choicesFor = (serviceId: string) => data.supporterChoices.find((c) => c.serviceId === serviceId)?.people ?? [];
  return (
    <>
      <section aria-labelledby="offers-title">
        <h2 className="nhsuk-heading-m" id="offers-title">
          Offered to you
        </h2>
        {waiting.length === 0 ? (
          <p>There are no debriefs waiting for an answer.</p>
        ) : (
          waiting.map((d) => <Offer key={d.id} debrief={d} people={choicesFor(d.serviceId)} onDone={onDone} />)
        )}
      </section>
      <section aria-labelledby="underway-title">
        <h2 className="nhsuk-heading-m" id="underway-title">
          Your debriefs
        </h2>
        {underway.length === 0 ? <p>You have no debriefs booked.</p> : underway.map((d) => <Booked key={d.id} debrief={d} onDone={onDone} />)}
      </section>
    </>
  );
}

function Offer({ debrief, people, onDone }: { debrief: DebriefOut; people: { id: string; name: string }[]; onDone: (text: string) => void }) {
  const refresh = useRefresh();
  const [supporter, setSupporter] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const field = `supporter-${debrief.id}`;
  const accept = useMutation({
    mutationFn: () => acceptDebrief(debrief.id, supporter),
    onSuccess: (reply) => {
      onDone(`Your debrief is booked with ${reply.debrief.peerSupporter?.name ?? 'your supporter'}. They will be in touch to plan a first chat.`);
      refresh();
    },
    onError: (error) => setErrors(formErrorsFrom(error, [], { peerSupporterId: field })),
  });
  const decline = useMutation({
    mutationFn: () => declineDebrief(debrief.id),
    onSuccess: () => {
      onDone('That is fine. We will not remind you about it. If you change your mind, you can still book it here.');
      refresh();
    },
    onError: (error) => setErrors(formErrorsFrom(error)),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({ [field]: !supporter && 'Choose who you would like to talk to' });
    if (checks.summary.length) return setErrors(checks);
    accept.mutate();
  }
  return (
    <div className="nhsuk-card app-debrief" data-testid="debrief-offer">
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading nhsuk-heading-s">{describeSource(debrief.sourceType, debrief.offeredAt)}</h3>
        <p className="nhsuk-body-s">{debrief.serviceName}</p>
        {debrief.status === 'declined' && debrief.declinedAt && <p>You said no thanks on {day(debrief.declinedAt)}. That is completely fine. If you would like one after all, you can still book it.</p>}
        <ErrorSummary errors={errors} />
        <form onSubmit={submit} noValidate>
          <SelectField
            name={field}
            label="Who would you like to talk to?"
            hint="Choose a peer worker or senior peer you feel comfortable with. They will get in touch to plan a first chat."
            value={supporter}
            onChange={setSupporter}
            error={errors.fields[field]}
            options={[{ value: '', label: 'Choose someone' }, ...people.map((p) => ({ value: p.id, label: p.name }))]}
          />
          <div className="app-button-row">
            <button type="submit" className="nhsuk-button" disabled={accept.isPending}>
              Book my debrief
            </button>
            {debrief.status === 'offered' && (
              <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => decline.mutate()} disabled={decline.isPending}>
                No thanks
              </button>
            )}
          </div>
        </form>
      </div>
    </div>
  );
}

function ContactList({ debrief, onDone, as }: { debrief: DebriefOut; onDone: (text: string) => void; as: 'worker' | 'supporter' }) {
  return (
    <ol className="app-rhythm" aria-label="The follow-up rhythm">
      {debrief.contacts.map((c) => (
        <li key={c.id} className="app-rhythm__item">
          <p className="nhsuk-u-margin-bottom-0">
            <strong>{CONTACT_LABELS[c.kind]}</strong> <strong className={`nhsuk-tag nhsuk-tag--${STATE_TAGS[c.state].colour}`}>{c.state === 'stopped' && debrief.status === 'done' ? 'Not recorded' : STATE_TAGS[c.state].text}</strong>
            <br />
            <span className="app-rhythm__when">{c.doneAt ? `Happened ${day(c.doneAt)}` : `Around ${day(c.dueAt)}`}</span>
          </p>
          {!c.doneAt && debrief.status === 'booked' && <MarkDone debrief={debrief} contact={c} onDone={onDone} as={as} />}
        </li>
      ))}
    </ol>
  );
}

function MarkDone({ debrief, contact, onDone, as }: { debrief: DebriefOut; contact: DebriefContactOut; onDone: (text: string) => void; as: 'worker' | 'supporter' }) {
  const refresh = useRefresh();
  const [answer, setAnswer] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const asks = contact.kind !== 'planning';
  const done = useMutation({
    mutationFn: () => markContactDone(debrief.id, contact.id, answer === 'yes' ? true : answer === 'no' ? false : null),
    onSuccess: () => {
      onDone(`Thank you. “${CONTACT_LABELS[contact.kind]}” is marked as done.`);
      refresh();
    },
    onError: (error) => setErrors(formErrorsFrom(error)),
  });
  const name = `persist-${contact.id}`;
  return (
    <details className="nhsuk-details app-rhythm__done">
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">Mark as done</span>
      </summary>
      <div className="nhsuk-details__text">
        <ErrorSummary errors={errors} />
        {asks && (
          <Fieldset name={name} legend={as === 'worker' ? 'Are things still feeling hard?' : 'Are difficulties carrying on for them?'} hint="It is fine not to answer.">
            <Radios
              name={name}
              value={answer}
              onChange={setAnswer}
              inline
              options={[
                { value: 'yes', label: 'Yes' },
                { value: 'no', label: 'No' },
                { value: '', label: 'Rather not say' },
              ]}
            />
          </Fieldset>
        )}
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => done.mutate()} disabled={done.isPending}>
          It happened today
        </button>
      </div>
    </details>
  );
}

function ProfessionalHelp({ as }: { as: 'worker' | 'supporter' }) {
  return (
    <div className="nhsuk-inset-text app-help-prompt" data-testid="professional-help">
      <p>{as === 'worker' ? PROFESSIONAL_HELP.intro : PROFESSIONAL_HELP.supporterIntro}</p>
      <ul>
        {PROFESSIONAL_HELP.places.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
}

function Booked({ debrief, onDone }: { debrief: DebriefOut; onDone: (text: string) => void }) {
  const refresh = useRefresh();
  const decline = useMutation({
    mutationFn: () => declineDebrief(debrief.id),
    onSuccess: () => {
      onDone('That is fine. Your supporter will not be reminded any more. You can book it again here whenever you like.');
      refresh();
    },
  });
  return (
    <div className="nhsuk-card app-debrief" data-testid="debrief-booked">
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading nhsuk-heading-s">{describeSource(debrief.sourceType, debrief.offeredAt)}</h3>
        <p>
          {debrief.status === 'done' ? 'Finished. ' : ''}Your peer supporter is <strong>{debrief.peerSupporter?.name ?? 'a colleague'}</strong>.
        </p>
        {debrief.professionalHelp && <ProfessionalHelp as="worker" />}
        <ContactList debrief={debrief} onDone={onDone} as="worker" />
        {debrief.status === 'booked' && (
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">I would rather stop</span>
            </summary>
            <div className="nhsuk-details__text">
              <p>You can stop at any time, without giving a reason. Your supporter will not be reminded any more.</p>
              <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => decline.mutate()} disabled={decline.isPending}>
                Stop this debrief
              </button>
            </div>
          </details>
        )}
      </div>
    </div>
  );
}

function RequestOne({ data, onDone }: { data: MyDebriefsOut; onDone: (text: string) => void }) {
  const refresh = useRefresh();
  const services = data.supporterChoices;
  const [serviceId, setServiceId] = useState(services.length === 1 ? services[0]!.serviceId : '');
  const [supporter, setSupporter] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const people = services.find((s) => s.serviceId === serviceId)?.people ?? [];
  const ask = useMutation({
    mutationFn: () => requestDebrief(serviceId, supporter || null),
    onSuccess: (reply) => {
      setSupporter('');
      setErrors(noErrors);
      onDone(reply.debrief.peerSupporter ? `Your debrief is booked with ${reply.debrief.peerSupporter.name}.` : 'Your request is saved. Choose who you would like to talk to when you are ready.');
      refresh();
    },
    onError: (error) => setErrors(formErrorsFrom(error, ['serviceId', 'peerSupporterId'])),
  });
  if (services.length === 0) return null;
  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({ serviceId: !serviceId && 'Choose the service' });
    if (checks.summary.length) return setErrors(checks);
    ask.mutate();
  }
  return (
    <section aria-labelledby="ask-title">
      <h2 className="nhsuk-heading-m" id="ask-title">
        Ask for a debrief
      </h2>
      <p>Anyone can ask, whatever happened and however long ago. You do not need to write anything about it: you can talk it through with your supporter.</p>
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate>
        {services.length > 1 && (
          <SelectField name="serviceId" label="Which service?" value={serviceId} onChange={(v) => (setServiceId(v), setSupporter(''))} error={errors.fields.serviceId} options={[{ value: '', label: 'Choose a service' }, ...services.map((s) => ({ value: s.serviceId, label: s.serviceName }))]} />
        )}
        <SelectField
          name="peerSupporterId"
          label="Who would you like to talk to? (optional)"
          hint="You can choose later."
          value={supporter}
          onChange={setSupporter}
          error={errors.fields.peerSupporterId}
          options={[{ value: '', label: 'Choose later' }, ...people.map((p) => ({ value: p.id, label: p.name }))]}
        />
        <button type="submit" className="nhsuk-button nhsuk-button--secondary" disabled={ask.isPending}>
          Ask for a debrief
        </button>
      </form>
    </section>
  );
}

function Supporting({ data, onDone }: { data: SupportingOut; onDone: (text: string) => void }) {
  return (
    <section aria-labelledby="supporting-title">
      <h2 className="nhsuk-heading-m" id="supporting-title">
        Debriefs you are supporting
      </h2>
      <p>Colleagues who chose you as their peer supporter. You get an email on the day each contact is due.</p>
      {data.debriefs.map((d) => (
        <div className="nhsuk-card app-debrief" key={d.id} data-testid="debrief-supporting">
          <div className="nhsuk-card__content">
            <h3 className="nhsuk-card__heading nhsuk-heading-s">
              {d.worker.name} {d.overdue > 0 && <strong className="nhsuk-tag nhsuk-tag--orange">{d.overdue === 1 ? 'One contact overdue' : `${d.overdue} contacts overdue`}</strong>}
            </h3>
            <p className="nhsuk-body-s">{describeSource(d.sourceType, d.offeredAt, 'theirs')}</p>
            {d.professionalHelp && <ProfessionalHelp as="supporter" />}
            <ContactList debrief={d} onDone={onDone} as="supporter" />
          </div>
        </div>
      ))}
      <p className="nhsuk-body-s">
        Looking after yourself matters too. <Link to="/wellbeing">Your own wellbeing</Link>
      </p>
    </section>
  );
}
