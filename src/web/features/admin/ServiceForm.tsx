import { useState, type FormEvent } from 'react';
import { SERVICE_TYPE_LABELS, SERVICE_TYPES } from '../../../shared/roles.js';
import { formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { SelectField, TextArea, TextField } from '../../ui/fields.js';
import { OpeningHoursEditor } from './OpeningHoursEditor.js';
import { FIELD_ORDER, serviceBodyFromForm, slugFrom, type ServiceBody, type ServiceFormState } from './service-form.js';

/** Orders field errors as the form does, so the summary reads top to bottom. */
function ordered(fields: Record<string, string>): Record<string, string> {
  const rank = (k: string) => {
    const i = FIELD_ORDER.findIndex((o) => k === o || k.startsWith(`${o}.`));
    return i === -1 ? FIELD_ORDER.length : i;
  };
  return Object.fromEntries(Object.entries(fields).sort(([a], [b]) => rank(a) - rank(b)));
}

export function ServiceForm({
  form,
  setForm,
  errors,
  setErrors,
  onSubmit,
  submitText,
  busy,
  suggestSlug,
}: {
  form: ServiceFormState;
  setForm: (f: ServiceFormState) => void;
  errors: FormErrors;
  setErrors: (e: FormErrors) => void;
  onSubmit: (body: ServiceBody) => void;
  submitText: string;
  busy: boolean;
  suggestSlug?: boolean;
}) {
  const [slugTouched, setSlugTouched] = useState(!suggestSlug);
  const set = <K extends keyof ServiceFormState>(key: K, value: ServiceFormState[K]) => setForm({ ...form, [key]: value });

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = serviceBodyFromForm(form);
    if (!result.ok) return setErrors(formErrorsFromChecks(ordered(result.errors)));
    setErrors(noErrors);
    onSubmit(result.value);
  }

  return (
    <>
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate>
        <TextField
          name="name"
          label="Service name"
          value={form.name}
          onChange={(name) => setForm({ ...form, name, slug: slugTouched ? form.slug : slugFrom(name) })}
          error={errors.fields.name}
        />
        <TextField
          name="slug"
          label="Web address name"
          hint="Used in the service’s public web addresses. Lower-case letters, numbers and hyphens, like north-safe-haven."
          spellCheck={false}
          value={form.slug}
          onChange={(slug) => {
            setSlugTouched(true);
            set('slug', slug);
          }}
          error={errors.fields.slug}
        />
        <SelectField name="type" label="Kind of service" value={form.type} onChange={(type) => set('type', type as ServiceFormState['type'])} options={SERVICE_TYPES.map((t) => ({ value: t, label: SERVICE_TYPE_LABELS[t] }))} error={errors.fields.type} />
        <TextField name="area" label="Area it covers" hint="For example, Leeds and Wakefield. Anyone in crisis in this area can use the service." value={form.area} onChange={(area) => set('area', area)} error={errors.fields.area} />
        <TextArea name="description" label="Description (optional)" hint="A few words for staff and partners about what the service offers." value={form.description} onChange={(description) => set('description', description)} error={errors.fields.description} />
        <TextField
          name="sessionLimit"
          label="Peer support sessions before a review"
          hint="How many sessions an episode of peer support offers before you review it together. Usually 10."
          inputMode="numeric"
          width={3}
          value={form.sessionLimit}
          onChange={(sessionLimit) => set('sessionLimit', sessionLimit)}
          error={errors.fields.sessionLimit}
        />
        <OpeningHoursEditor value={form.hours} onChange={(hours) => set('hours', hours)} errors={errors.fields} />
        <button type="submit" className="nhsuk-button" disabled={busy}>
          {submitText}
        </button>
      </form>
    </>
  );
}
