import { useQuery } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { DIRECTORY_STATUS_LABELS, DIRECTORY_STATUSES, type DirectoryEntryFormInput } from '../../../shared/directory/entries.js';
import { TAXONOMY_TERMS } from '../../../shared/directory/taxonomy.js';
import { api } from '../../api/client.js';
import { formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import type { ServicesOut } from '../../api/types.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { Checkbox, Fieldset, SelectField, TextArea, TextField } from '../../ui/fields.js';
import { checkEntry, type EntryFormState, type PhoneRow } from './entry-form.js';
import { HolidayEditor, RegularEditor } from './ScheduleEditor.js';

/** Every field of a directory entry; checked with the shared schema before it is sent. */
export function EntryForm({
  form,
  setForm,
  errors,
  setErrors,
  onSubmit,
  submitText,
  busy,
}: {
  form: EntryFormState;
  setForm: (f: EntryFormState) => void;
  errors: FormErrors;
  setErrors: (e: FormErrors) => void;
  onSubmit: (body: DirectoryEntryFormInput) => void;
  submitText: string;
  busy: boolean;
}) {
  const services = useQuery({ queryKey: ['services'], queryFn: () => api<ServicesOut>('/services'), staleTime: 60_000 });
  const set = <K extends keyof EntryFormState>(key: K) => (value: EntryFormState[K]) => setForm({ ...form, [key]: value });
  const e = errors.fields;
  const setPhone = (i: number, p: PhoneRow) => set('phones')(form.phones.map((q, j) => (j === i ? p : q)));

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = checkEntry(form);
    if (!result.ok) return setErrors(formErrorsFromChecks(result.errors));
    setErrors(noErrors);
    onSubmit(result.body);
  }

  const linkedName = services.data?.services.find((s) => s.id === form.serviceId)?.name;

  return (
    <>
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate>
        <h2 className="nhsuk-heading-m">About the service</h2>
        <TextField name="name" label="Name of the service" value={form.name} onChange={set('name')} error={e.name} />
        <TextField name="organisationName" label="Organisation that runs it" hint="For example, Riverside Mind." value={form.organisationName} onChange={set('organisationName')} error={e.organisationName} />
        <TextArea name="description" label="What it offers (optional)" hint="A few plain sentences for staff to read out or pass on." value={form.description} onChange={set('description')} error={e.description} />
        <Fieldset name="taxonomy" legend="Kinds of help" hint="Choose all that fit. Staff filter the directory by these." error={e.taxonomy}>
          <div className="nhsuk-checkboxes nhsuk-checkboxes--small app-dir-columns">
            {TAXONOMY_TERMS.map((t) => (
              <Checkbox key={t.code} name={`taxonomy-${t.code}`} label={t.label} checked={form.taxonomy.includes(t.code)} onChange={(on) => set('taxonomy')(on ? [...form.taxonomy, t.code] : form.taxonomy.filter((c) => c !== t.code))} />
            ))}
          </div>
        </Fieldset>
        <SelectField name="status" label="Status" value={form.status} onChange={(v) => set('status')(v as EntryFormState['status'])} options={DIRECTORY_STATUSES.map((s) => ({ value: s, label: DIRECTORY_STATUS_LABELS[s] }))} error={e.status} />

        <h2 className="nhsuk-heading-m">How to get in touch</h2>
        <Fieldset name="phones" legend="Phone numbers" hint="Add what each number is for, like “Text SHOUT to” or “Press option 2”." error={e.phones}>
          {form.phones.length === 0 && <p>No phone numbers.</p>}
          {form.phones.map((p, i) => (
            <div className="app-period" key={i}>
              <TextField name={`phones.${i}.number`} label={<>Phone number<span className="nhsuk-u-visually-hidden"> {i + 1}</span></>} type="tel" width={10} value={p.number} onChange={(number) => setPhone(i, { ...p, number })} error={e[`phones.${i}.number`]} autoComplete="off" />
              <TextField name={`phones.${i}.label`} label={<>What it is for (optional)<span className="nhsuk-u-visually-hidden">, phone number {i + 1}</span></>} width={20} value={p.label} onChange={(label) => setPhone(i, { ...p, label })} error={e[`phones.${i}.label`]} />
              <button type="button" className="app-link-button nhsuk-u-margin-bottom-3" onClick={() => set('phones')(form.phones.filter((_, j) => j !== i))}>
                Remove<span className="nhsuk-u-visually-hidden"> phone number {i + 1}</span>
              </button>
            </div>
          ))}
          {form.phones.length < 10 && (
            <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => set('phones')([...form.phones, { number: '', label: '' }])}>
              Add {form.phones.length ? 'another' : 'a'} phone number
            </button>
          )}
        </Fieldset>
        <TextField name="email" label="Email address (optional)" type="email" spellCheck={false} value={form.email} onChange={set('email')} error={e.email} />
        <TextField name="url" label="Website (optional)" hint="Starting with https://" type="url" spellCheck={false} value={form.url} onChange={set('url')} error={e.url} />
        <TextField name="organisationUrl" label="Organisation’s website (optional)" type="url" spellCheck={false} value={form.organisationUrl} onChange={set('organisationUrl')} error={e.organisationUrl} />

        <h2 className="nhsuk-heading-m">Where it is</h2>
        <TextField name="locationName" label="Name of the place (optional)" hint="For example, Riverside Wellbeing Centre. Leave the address empty for phone and online services." value={form.locationName} onChange={set('locationName')} error={e.locationName} />
        <TextField name="addressLine1" label="Address line 1 (optional)" value={form.addressLine1} onChange={set('addressLine1')} error={e.addressLine1} autoComplete="off" />
        <TextField name="addressLine2" label="Address line 2 (optional)" value={form.addressLine2} onChange={set('addressLine2')} error={e.addressLine2} autoComplete="off" />
        <TextField name="town" label="Town or city (optional)" width={20} value={form.town} onChange={set('town')} error={e.town} autoComplete="off" />
        <TextField name="postcode" label="Postcode (optional)" width={10} value={form.postcode} onChange={set('postcode')} error={e.postcode} autoComplete="off" />
        <TextArea name="howToGetThere" label="How to get there (optional)" hint="Buses, parking, which door to use." rows={3} value={form.howToGetThere} onChange={set('howToGetThere')} error={e.howToGetThere} />
        <TextArea name="accessibility" label="Accessibility (optional)" hint="One a line, like “Step-free entrance” or “Hearing loop at reception”." rows={3} value={form.accessibility} onChange={set('accessibility')} error={e.accessibility} />

        <h2 className="nhsuk-heading-m">Who it is for</h2>
        <TextArea name="whoFor" label="Who it is for (optional)" hint="In plain words, like “Anyone 16 or over who lives in Riverside”." rows={2} value={form.whoFor} onChange={set('whoFor')} error={e.whoFor} />
        <div className="app-period">
          <TextField name="minAge" label="Youngest age (optional)" width={3} inputMode="numeric" value={form.minAge} onChange={set('minAge')} error={e.minAge} />
          <TextField name="maxAge" label="Oldest age (optional)" width={3} inputMode="numeric" value={form.maxAge} onChange={set('maxAge')} error={e.maxAge} />
        </div>
        <TextArea name="serviceAreas" label="Areas it covers (optional)" hint="One a line." rows={2} value={form.serviceAreas} onChange={set('serviceAreas')} error={e.serviceAreas} />
        <TextArea name="languages" label="Languages spoken (optional)" hint="One a line, or with commas, like English, Urdu, Polish." rows={2} value={form.languages} onChange={set('languages')} error={e.languages} />

        <h2 className="nhsuk-heading-m">Opening hours</h2>
        <SelectField
          name="serviceId"
          label="Is this one of our own services?"
          hint="Choose the service if it is one of ours. Its opening hours, set on the service page, are then used here."
          value={form.serviceId}
          onChange={set('serviceId')}
          options={[{ value: '', label: 'No, another organisation’s service' }, ...(services.data?.services ?? []).filter((s) => !s.archived || s.id === form.serviceId).map((s) => ({ value: s.id, label: s.name }))]}
          error={e.serviceId}
        />
        {form.serviceId ? (
          <div className="nhsuk-inset-text">
            <p>The opening hours come from {linkedName ?? 'our own service'}. Change them on that service’s page in Administration.</p>
          </div>
        ) : (
          <>
            <RegularEditor rows={form.regular} onChange={set('regular')} errors={e} />
            <HolidayEditor rows={form.holidays} onChange={set('holidays')} errors={e} />
            <div className="nhsuk-form-group">
              <div className="nhsuk-checkboxes">
                <Checkbox name="observesBankHolidays" label="Closed on bank holidays" hint="England and Wales bank holidays, unless a special date above says otherwise." checked={form.observesBankHolidays} onChange={set('observesBankHolidays')} />
              </div>
            </div>
          </>
        )}
        <button type="submit" className="nhsuk-button" disabled={busy}>
          {submitText}
        </button>
      </form>
    </>
  );
}
