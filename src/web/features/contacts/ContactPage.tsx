import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { BoardOut } from '../../../shared/board.js';
import type { ContactOut, ContactReply, Under16Service } from '../../../shared/contacts.js';
import { api } from '../../api/client.js';
import { formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import { useSession } from '../../session/session.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { Checkbox, Fieldset, Radios, SelectField, TextArea, TextField } from '../../ui/fields.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { staleVersionsOf, StaleVersionChoice } from '../../ui/StaleVersion.js';
import { QueryState } from '../admin/common.js';
import { boardServicesOf } from '../board/board-helpers.js';
import { boardKey } from '../board/useBoard.js';
import { DirectoryPicker } from '../directory/DirectoryPicker.js';
import { contactPatchFrom, EDIT_ORDER, editChecks, editFormFrom, toLocalInput, type ContactEditForm } from './contact-form.js';
import { DateTimeField } from './DateTimeField.js';
import { CONTACT_KIND_LABELS, CONTACT_OUTCOME_LABELS, CONTACT_OUTCOMES, optionsOf, OTHERWISE_WOULD_HAVE, OTHERWISE_WOULD_HAVE_LABELS, REFERRAL_SOURCE_LABELS } from './labels.js';
import { contactKey } from './RecordContact.js';
import './contacts.css';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' }) : '');

export default function ContactPage() {
  const { serviceId = '', contactId = '' } = useParams();
  const { data: session } = useSession();
  const reply = useQuery({ queryKey: contactKey(serviceId, contactId), queryFn: () => api<ContactReply>(`/services/${encodeURIComponent(serviceId)}/contacts/${encodeURIComponent(contactId)}`) });
  const service = session ? boardServicesOf(session.user.memberships).find((s) => s.id === serviceId) : undefined;
  const back = { to: `/services/${serviceId}/board`, text: 'Back to the live board' };
  if (!reply.data)
    return (
      <Page title="Contact" caption={service?.name} back={back}>
        <QueryState query={reply} what="this contact" />
      </Page>
    );
  return <ContactDetail key={reply.data.contact.id} reply={reply.data} serviceId={serviceId} serviceName={service?.name} back={back} me={session?.user.id ?? ''} />;
}

function Under16Panel({ service }: { service: Under16Service }) {
  return (
    <div className="nhsuk-warning-callout" data-testid="under16-panel">
      <h2 className="nhsuk-warning-callout__label">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          They are under 16
        </span>
      </h2>
      {service.name || service.phone ? (
        <>
          <p>Your organisation directs young people under 16 to:</p>
          <p className="nhsuk-heading-s nhsuk-u-margin-bottom-2">{service.name ?? 'The service your organisation names'}</p>
          {service.phone && (
            <p>
              Phone: <a href={`tel:${service.phone.replace(/[^\d+]/g, '')}`}>{service.phone}</a>
            </p>
          )}
        </>
      ) : (
        <p>Your organisation has not named a service for under-16s yet. Ask your shift lead or service manager where to direct them.</p>
      )}
      <p className="nhsuk-u-margin-bottom-0">Stay with them while you help them get there.</p>
    </div>
  );
}

function ContactDetail({ reply, serviceId, serviceName, back, me }: { reply: ContactReply; serviceId: string; serviceName?: string; back: { to: string; text: string }; me: string }) {
  const client = useQueryClient();
  const [params] = useSearchParams();
  const contact = reply.contact;
  const [form, setForm] = useState<ContactEditForm>(() => editFormFrom(contact));
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [notice, setNotice] = useState(params.get('recorded') ? 'Recorded. They are on the live board now.' : '');
  const [stale, setStale] = useState<{ current: ContactOut; mine: ContactEditForm } | null>(null);
  const set = <K extends keyof ContactEditForm>(key: K, value: ContactEditForm[K]) => setForm((f) => ({ ...f, [key]: value }));

  // Who could be with them: you, the people on shift, and whoever is with them now.
  const board = useQuery({ queryKey: boardKey(serviceId), queryFn: () => api<BoardOut>(`/services/${encodeURIComponent(serviceId)}/board`), staleTime: 30_000 });
  const workers = new Map<string, string>();
  workers.set(me, 'You');
  for (const s of board.data?.onShift ?? []) if (!workers.has(s.userId)) workers.set(s.userId, s.name);
  if (contact.workerUserId && !workers.has(contact.workerUserId)) workers.set(contact.workerUserId, contact.workerName ?? 'Someone');
  const workerName = (id: string) => (id ? (workers.get(id) ?? 'Someone') : 'Nobody yet');

  const save = useMutation({
    mutationFn: ({ body, version }: { body: Record<string, unknown>; version: number }) => api<ContactReply>(`/services/${serviceId}/contacts/${contact.id}`, { method: 'PATCH', body: { version, ...body } }),
    onMutate: () => setNotice(''),
    onSuccess: async (updated) => {
      setStale(null);
      setErrors(noErrors);
      client.setQueryData(contactKey(serviceId, contact.id), updated);
      setForm(editFormFrom(updated.contact));
      setNotice('Your changes are saved.');
      await client.invalidateQueries({ queryKey: boardKey(serviceId) });
    },
    onError: (error) => {
      const versions = staleVersionsOf<ContactOut>(error);
      if (versions) {
        setStale({ current: versions.current, mine: form });
        setErrors(noErrors);
      } else setErrors(formErrorsFrom(error, EDIT_ORDER));
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks(editChecks(form));
    if (checks.summary.length) return setErrors(checks);
    const body = contactPatchFrom(contact, form);
    if (Object.keys(body).length === 0) {
      setErrors(noErrors);
      setNotice('Nothing has changed, so there was nothing to save.');
      return;
    }
    save.mutate({ body, version: contact.version });
  }

  const describe = (f: ContactEditForm) => ({
    firstSeenAt: f.firstSeenAt ? when(new Date(f.firstSeenAt).toISOString()) : '',
    worker: workerName(f.workerUserId),
    reason: f.reason,
    whatHelped: f.whatHelped,
    outcome: f.outcome ? CONTACT_OUTCOME_LABELS[f.outcome] : '',
    outcomeDetail: f.outcomeDetail,
    otherwise: f.otherwiseWouldHave ? OTHERWISE_WOULD_HAVE_LABELS[f.otherwiseWouldHave] : '',
    carers: f.carersPresent ? `Yes${f.carersNote ? `: ${f.carersNote}` : ''}` : 'No',
    leftAt: f.leftAt ? when(new Date(f.leftAt).toISOString()) : '',
    signposted: f.signpostedTo.length === 0 ? '' : f.signpostedTo.length === 1 ? '1 service' : `${f.signpostedTo.length} services`,
  });
  const rowLabels = { firstSeenAt: 'First seen', worker: 'Who is with them', reason: 'What brought them', whatHelped: 'What helped', outcome: 'What happened', signposted: 'Pointed to', outcomeDetail: 'More about what happened', otherwise: 'Where they would have gone otherwise', carers: 'Carer, friend or family with them', leftAt: 'Left' };

  return (
    <Page title={contact.displayName} caption={serviceName ? `Contact at ${serviceName}` : 'Contact'} back={back}>
      <Notice text={notice} />
      {reply.under16Service && <Under16Panel service={reply.under16Service} />}
      <p>
        <Link className="nhsuk-button nhsuk-button--warning" to={`/escalations/new?serviceId=${serviceId}&contactId=${contact.id}&name=${encodeURIComponent(contact.displayName)}`}>
          Raise an escalation
        </Link>
      </p>
      {stale && (
        <StaleVersionChoice
          busy={save.isPending}
          rows={(() => {
            const theirs = describe(editFormFrom(stale.current));
            const yours = describe(stale.mine);
            return (Object.keys(rowLabels) as (keyof typeof rowLabels)[]).map((k) => ({ label: rowLabels[k], theirs: theirs[k], yours: yours[k] }));
          })()}
          onKeepTheirs={() => {
            client.setQueryData(contactKey(serviceId, contact.id), { ...reply, contact: stale.current });
            setForm(editFormFrom(stale.current));
            setStale(null);
          }}
          onUseMine={() => save.mutate({ body: contactPatchFrom(stale.current, stale.mine), version: stale.current.version })}
        />
      )}
      <dl className="nhsuk-summary-list">
        <Row label="Who">
          {contact.personId ? <Link to={`/people/${contact.personId}`}>{contact.displayName}</Link> : contact.displayName}
          {contact.anonymous && <span className="app-contact-muted"> (anonymous)</span>}
        </Row>
        <Row label="How they got in touch">{CONTACT_KIND_LABELS[contact.kind]}</Row>
        <Row label="Who suggested they come">{contact.referralSource === 'other' && contact.referralOther ? contact.referralOther : REFERRAL_SOURCE_LABELS[contact.referralSource]}</Row>
        <Row label="Arrived">{when(contact.arrivedAt)}</Row>
        <Row label="First seen">{contact.firstSeenAt ? when(contact.firstSeenAt) : 'Waiting'}</Row>
        <Row label="Who is with them">{contact.workerUserId === me ? 'You' : (contact.workerName ?? 'Nobody yet')}</Row>
        {contact.leftAt && <Row label="Left">{when(contact.leftAt)}</Row>}
        {contact.under16 && <Row label="Age">Under 16</Row>}
      </dl>

      <h2 className="nhsuk-heading-m">Update</h2>
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate>
        <DateTimeField name="firstSeenAt" label="First seen" hint="Leave empty while they are still waiting." value={form.firstSeenAt} onChange={(v) => set('firstSeenAt', v)} onNow={() => set('firstSeenAt', toLocalInput(new Date().toISOString()))} error={errors.fields.firstSeenAt} />
        <SelectField
          name="workerUserId"
          label="Who is with them"
          value={form.workerUserId}
          onChange={(v) => set('workerUserId', v)}
          options={[{ value: '', label: 'Nobody yet' }, ...[...workers].map(([value, label]) => ({ value, label }))]}
          error={errors.fields.workerUserId}
        />
        <TextArea name="reason" label="What brought them here, in their own words" value={form.reason} onChange={(v) => set('reason', v)} error={errors.fields.reason} />
        <TextArea name="whatHelped" label="What helped" hint="What they found useful, who they have, what they will do next: in their words where you can." value={form.whatHelped} onChange={(v) => set('whatHelped', v)} error={errors.fields.whatHelped} />
        <div className="nhsuk-form-group">
          <div className="nhsuk-checkboxes">
            <Checkbox name="carersPresent" label="A carer, friend or family member is with them" checked={form.carersPresent} onChange={(v) => set('carersPresent', v)} />
          </div>
        </div>
        {form.carersPresent && <TextArea name="carersNote" label="Who is with them, and would they like support themselves?" value={form.carersNote} onChange={(v) => set('carersNote', v)} error={errors.fields.carersNote} rows={3} />}
        <Fieldset name="outcome" legend="What happened in the end" hint="You can fill this in when they are ready to go." error={errors.fields.outcome}>
          <Radios name="outcome" value={form.outcome} onChange={(v) => set('outcome', v as ContactEditForm['outcome'])} options={optionsOf(CONTACT_OUTCOMES, CONTACT_OUTCOME_LABELS)} />
        </Fieldset>
        <DirectoryPicker
          name="signpostedTo"
          legend="Services you pointed them to (optional)"
          hint="From the service directory, so the numbers are ones we have checked."
          chosen={form.signpostedTo}
          onChange={(ids) => set('signpostedTo', ids)}
          error={errors.fields.signpostedTo}
        />
        <TextField name="outcomeDetail" label="More about what happened (optional)" hint="For example, who they were pointed to or referred on to." value={form.outcomeDetail} onChange={(v) => set('outcomeDetail', v)} error={errors.fields.outcomeDetail} />
        <Fieldset name="otherwiseWouldHave" legend="Where would they have gone otherwise?" hint="Ask them, if it feels right. This helps show what the service makes possible." error={errors.fields.otherwiseWouldHave}>
          <Radios name="otherwiseWouldHave" value={form.otherwiseWouldHave} onChange={(v) => set('otherwiseWouldHave', v as ContactEditForm['otherwiseWouldHave'])} options={optionsOf(OTHERWISE_WOULD_HAVE, OTHERWISE_WOULD_HAVE_LABELS)} />
        </Fieldset>
        <DateTimeField name="leftAt" label="When they left" hint="Fill this in when they go. It takes them off the live board." value={form.leftAt} onChange={(v) => set('leftAt', v)} onNow={() => set('leftAt', toLocalInput(new Date().toISOString()))} error={errors.fields.leftAt} />
        <button type="submit" className="nhsuk-button" disabled={save.isPending}>
          Save changes
        </button>
      </form>
    </Page>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value app-break">{children}</dd>
    </div>
  );
}
