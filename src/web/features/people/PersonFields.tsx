import {
  DISABILITY_ANSWERS,
  DISABILITY_LABELS,
  EQUALITY_QUESTIONS,
  ETHNICITIES,
  ETHNICITY_LABELS,
  GENDER_LABELS,
  GENDERS,
  RELIGION_LABELS,
  RELIGIONS,
  SEXUAL_ORIENTATION_LABELS,
  SEXUAL_ORIENTATIONS,
  TRANS_HISTORY,
  TRANS_HISTORY_LABELS,
  type EqualityOut,
} from '../../../shared/people.js';
import { SelectField, TextArea, TextField } from '../../ui/fields.js';
import type { PersonFormState } from './person-form.js';

const options = <T extends string>(values: readonly T[], labels: Record<T, string>) => values.map((value) => ({ value, label: value === 'not_asked' ? 'Not asked yet' : labels[value] }));

const EQUALITY: { key: keyof EqualityOut; options: { value: string; label: string }[] }[] = [
  { key: 'ethnicity', options: options(ETHNICITIES, ETHNICITY_LABELS) },
  { key: 'gender', options: options(GENDERS, GENDER_LABELS) },
  { key: 'transHistory', options: options(TRANS_HISTORY, TRANS_HISTORY_LABELS) },
  { key: 'sexualOrientation', options: options(SEXUAL_ORIENTATIONS, SEXUAL_ORIENTATION_LABELS) },
  { key: 'disability', options: options(DISABILITY_ANSWERS, DISABILITY_LABELS) },
  { key: 'religion', options: options(RELIGIONS, RELIGION_LABELS) },
];

/** Every field of a person's record, shared by "Add a person" and "Change their details". */
export function PersonFields({ form, onChange, errors }: { form: PersonFormState; onChange: (next: PersonFormState) => void; errors: Record<string, string> }) {
  const set = (key: Exclude<keyof PersonFormState, 'equality'>) => (value: string) => onChange({ ...form, [key]: value });
  return (
    <>
      <TextField name="preferredName" label="The name they would like to be called" value={form.preferredName} onChange={set('preferredName')} error={errors.preferredName} autoComplete="off" required />
      <TextField name="fullName" label="Full name (optional)" hint="Only if they want to give it" value={form.fullName} onChange={set('fullName')} error={errors.fullName} autoComplete="off" />
      <TextField name="pronouns" label="Pronouns (optional)" hint="For example, she/her, they/them" value={form.pronouns} onChange={set('pronouns')} error={errors.pronouns} width={10} autoComplete="off" />
      <TextField name="dateOfBirth" label="Date of birth (optional)" hint="Year, month and day, like 1990-04-27" value={form.dateOfBirth} onChange={set('dateOfBirth')} error={errors.dateOfBirth} width={10} autoComplete="off" />
      <TextField name="approximateAge" label="Or their age, roughly (optional)" hint="If they would rather not give a date of birth" value={form.approximateAge} onChange={set('approximateAge')} error={errors.approximateAge} width={3} inputMode="numeric" autoComplete="off" />
      <h2 className="nhsuk-heading-s">Getting in touch</h2>
      <TextField name="phone" label="Phone (optional)" type="tel" value={form.phone} onChange={set('phone')} error={errors.phone} width={20} autoComplete="off" />
      <TextField name="email" label="Email (optional)" type="email" value={form.email} onChange={set('email')} error={errors.email} autoComplete="off" spellCheck={false} />
      <TextArea name="address" label="Address (optional)" value={form.address} onChange={set('address')} error={errors.address} rows={3} />
      <TextField name="postcode" label="Postcode (optional)" value={form.postcode} onChange={set('postcode')} error={errors.postcode} width={10} autoComplete="off" />
      <h2 className="nhsuk-heading-s">Language and communication</h2>
      <TextField name="preferredLanguage" label="Language they prefer (optional)" value={form.preferredLanguage} onChange={set('preferredLanguage')} error={errors.preferredLanguage} width={20} autoComplete="off" />
      <TextArea name="communicationNeeds" label="Communication needs (optional)" hint="For example, an interpreter, British Sign Language, easy read, or more time" value={form.communicationNeeds} onChange={set('communicationNeeds')} error={errors.communicationNeeds} rows={3} />
      <TextField name="nhsNumber" label="NHS number (optional)" hint="10 digits, like 943 476 5919. Not needed for peer support." value={form.nhsNumber} onChange={set('nhsNumber')} error={errors.nhsNumber} width={10} inputMode="numeric" autoComplete="off" />
      <TextArea name="whatHelps" label="What helps, in their own words (optional)" hint="What they have told you helps them when things are hard" value={form.whatHelps} onChange={set('whatHelps')} error={errors.whatHelps} rows={5} />
      <details className="nhsuk-details" open={EQUALITY.some((q) => errors[`equality.${q.key}`]) || undefined}>
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">Equality monitoring (optional)</span>
        </summary>
        <div className="nhsuk-details__text">
          <p>These questions help the service see whether it reaches everyone. Each one is optional, and “prefers not to say” is always a fine answer.</p>
          {EQUALITY.map((q) => (
            <SelectField
              key={q.key}
              name={`equality.${q.key}`}
              label={EQUALITY_QUESTIONS[q.key]}
              value={form.equality[q.key]}
              onChange={(value) => onChange({ ...form, equality: { ...form.equality, [q.key]: value } })}
              options={q.options}
              error={errors[`equality.${q.key}`]}
            />
          ))}
        </div>
      </details>
    </>
  );
}
