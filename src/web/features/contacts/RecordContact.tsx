import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { ContactReply } from '../../../shared/contacts.js';
import type { PeopleSearchOut } from '../../../shared/people.js';
import { api } from '../../api/client.js';
import { fieldId, formErrorsFrom, formErrorsFromChecks, messageFor, noErrors, type FormErrors } from '../../api/errors.js';
import { useSession } from '../../session/session.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { Checkbox, Fieldset, Radios, TextArea, TextField } from '../../ui/fields.js';
import { Page } from '../../ui/Page.js';
import { boardServicesOf } from '../board/board-helpers.js';
import { boardKey } from '../board/useBoard.js';
import { emptyNewContact, NEW_CONTACT_ORDER, newContactBody, newContactChecks, toLocalInput, type NewContactForm } from './contact-form.js';
import { DateTimeField } from './DateTimeField.js';
import { CONTACT_KIND_LABELS, CONTACT_KINDS, optionsOf, REFERRAL_SOURCE_LABELS, REFERRAL_SOURCES } from './labels.js';
import './contacts.css';

export const contactKey = (serviceId: string, contactId: string) => ['contact', serviceId, contactId] as const;

export default function RecordContact() {
  const { serviceId = '' } = useParams();
  const { data: session } = useSession();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form, setForm] = useState<NewContactForm>(() => emptyNewContact());
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const set = <K extends keyof NewContactForm>(key: K, value: NewContactForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const service = session ? boardServicesOf(session.user.memberships).find((s) => s.id === serviceId) : undefined;

  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<ContactReply>(`/services/${serviceId}/contacts`, { method: 'POST', body }),
    onSuccess: async (reply) => {
      client.setQueryData(contactKey(serviceId, reply.contact.id), reply);
      await client.invalidateQueries({ queryKey: boardKey(serviceId) });
      navigate(`/services/${serviceId}/contacts/${reply.contact.id}?recorded=1`);
    },
    onError: (error) => setErrors(formErrorsFrom(error, NEW_CONTACT_ORDER)),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks(newContactChecks(form));
    if (checks.summary.length) return setErrors(checks);
    setErrors(noErrors);
    create.mutate(newContactBody(form));
  }

  return (
    <Page title="Record someone arriving" caption={service?.name} back={{ to: `/services/${serviceId}/board`, text: 'Back to the live board' }}>
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate>
        <Fieldset name="kind" legend="How did they get in touch?" error={errors.fields.kind}>
          <Radios name="kind" value={form.kind} onChange={(v) => set('kind', v as NewContactForm['kind'])} options={optionsOf(CONTACT_KINDS, CONTACT_KIND_LABELS)} />
        </Fieldset>
        <Fieldset name="referralSource" legend="Who suggested they come?" error={errors.fields.referralSource}>
          <Radios name="referralSource" value={form.referralSource} onChange={(v) => set('referralSource', v as NewContactForm['referralSource'])} options={optionsOf(REFERRAL_SOURCES, REFERRAL_SOURCE_LABELS)} />
        </Fieldset>
        {form.referralSource === 'other' && (
          <TextField name="referralOther" label="Where were they referred from?" value={form.referralOther} onChange={(v) => set('referralOther', v)} error={errors.fields.referralOther} />
        )}
        <Fieldset name="who" legend="Who is it?" hint="People can stay anonymous if they prefer.">
          <Radios
            name="who"
            value={form.who}
            onChange={(v) => set('who', v as NewContactForm['who'])}
            options={[
              { value: 'anonymous', label: 'Keep them anonymous' },
              { value: 'known', label: 'Someone we already know' },
            ]}
          />
        </Fieldset>
        {form.who === 'anonymous' ? (
          <TextField
            name="displayLabel"
            label="How will the team recognise them? (optional)"
            hint="A few words for the board, like ‘woman in a green coat’. No name needed."
            value={form.displayLabel}
            onChange={(v) => set('displayLabel', v)}
            error={errors.fields.displayLabel}
          />
        ) : (
          <FindPerson chosen={form.personId} onChoose={(id) => set('personId', id)} error={errors.fields.personId} />
        )}
        <DateTimeField
          name="arrivedAt"
          label="When did they arrive?"
          hint="This is set to now. Change it if they arrived earlier."
          value={form.arrivedAt}
          onChange={(v) => set('arrivedAt', v)}
          onNow={() => set('arrivedAt', toLocalInput(new Date().toISOString()))}
          error={errors.fields.arrivedAt}
        />
        <TextArea name="reason" label="What brings them here, in their own words (optional)" value={form.reason} onChange={(v) => set('reason', v)} error={errors.fields.reason} />
        <Fieldset name="extra" legend="Anything else to note now">
          <div className="nhsuk-checkboxes">
            <Checkbox name="carersPresent" label="A carer, friend or family member is with them" checked={form.carersPresent} onChange={(v) => set('carersPresent', v)} />
            <Checkbox name="under16" label="They are under 16" hint="We will show you where to direct them, and you can still support them while they are here." checked={form.under16} onChange={(v) => set('under16', v)} />
          </div>
        </Fieldset>
        {form.carersPresent && (
          <TextArea name="carersNote" label="Who is with them (optional)" hint="For example, their relationship and whether they would like support themselves." value={form.carersNote} onChange={(v) => set('carersNote', v)} error={errors.fields.carersNote} rows={3} />
        )}
        <button type="submit" className="nhsuk-button" disabled={create.isPending}>
          Record and add to the board
        </button>
      </form>
    </Page>
  );
}

function FindPerson({ chosen, onChoose, error }: { chosen: string | null; onChoose: (id: string | null) => void; error?: string }) {
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const search = useQuery({
    queryKey: ['people-search', query],
    queryFn: () => api<PeopleSearchOut>(`/people?q=${encodeURIComponent(query)}`),
    enabled: query.length > 0,
  });
  const run = () => {
    const q = text.trim();
    setTooShort(q.length < 2);
    if (q.length >= 2) {
      setQuery(q);
      onChoose(null);
    }
  };
  const id = fieldId('personSearch');
  const shownError = error ?? (tooShort ? 'Enter at least 2 letters of their name' : undefined);
  return (
    <div className={`nhsuk-form-group${shownError ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label" htmlFor={id}>
        Their name
      </label>
      <div className="nhsuk-hint" id={`${id}-hint`}>
        Close spellings are found too.
      </div>
      {shownError && (
        <span className="nhsuk-error-message" id={fieldId('personId')} tabIndex={-1}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {shownError}
        </span>
      )}
      <div className="app-search">
        <input
          className={`nhsuk-input nhsuk-input--width-20${shownError ? ' nhsuk-input--error' : ''}`}
          id={id}
          type="search"
          value={text}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${id}-hint${shownError ? ` ${fieldId('personId')}` : ''}`}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              run();
            }
          }}
        />
        <button type="button" className="nhsuk-button nhsuk-button--secondary app-search__button" onClick={run}>
          Find
        </button>
      </div>
      <div role="status" className="app-search-results">
        {search.isFetching && <p className="nhsuk-body-s">Looking…</p>}
        {search.isError && <p className="nhsuk-error-message">{messageFor(search.error)}</p>}
        {search.data && !search.isFetching && (search.data.people.length === 0 ? <p>Nobody found with that name. You can keep them anonymous for now.</p> : <p className="nhsuk-body-s">{search.data.people.length === 1 ? '1 person found' : `${search.data.people.length} people found`}</p>)}
      </div>
      {search.data && search.data.people.length > 0 && (
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Choose the person</legend>
          <Radios
            name="personId"
            value={chosen ?? ''}
            onChange={(v) => onChoose(v)}
            options={search.data.people.map((p) => ({
              value: p.id,
              label: p.fullName && p.fullName !== p.preferredName ? `${p.preferredName} (${p.fullName})` : p.preferredName,
              hint: [p.dateOfBirth ? `Born ${new Date(p.dateOfBirth).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}` : null, p.postcode, p.lastContactAt ? `Last in touch ${new Date(p.lastContactAt).toLocaleDateString('en-GB')}` : null].filter(Boolean).join(' · ') || undefined,
            }))}
          />
        </fieldset>
      )}
    </div>
  );
}
