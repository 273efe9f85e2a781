import { fieldId } from '../../api/errors.js';
import { describedBy, Error as FieldError, Hint, Wrapper } from '../../ui/fields.js';

/** A date and time in the browser's own clock (datetime-local), with NHS.UK label, hint and error. */
export function DateTimeField({ name, label, hint, error, value, onChange, onNow }: { name: string; label: string; hint?: string; error?: string; value: string; onChange: (value: string) => void; onNow?: () => void }) {
  const id = fieldId(name);
  return (
    <Wrapper name={name} error={error}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      <Hint id={id} hint={hint} />
      <FieldError id={id} error={error} />
      <div className="app-datetime">
        <input
          className={`nhsuk-input app-datetime__input${error ? ' nhsuk-input--error' : ''}`}
          id={id}
          name={name}
          type="datetime-local"
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-describedby={describedBy(id, hint, error)}
          aria-invalid={error ? true : undefined}
        />
        {onNow && (
          <button type="button" className="app-link-button" onClick={onNow}>
            Now<span className="nhsuk-u-visually-hidden"> ({label.toLowerCase()})</span>
          </button>
        )}
      </div>
    </Wrapper>
  );
}
