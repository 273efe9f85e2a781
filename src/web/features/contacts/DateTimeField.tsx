import { fieldId } from '../../api/errors.js';

/** A date and time in the browser's own clock (datetime-local), with NHS.UK label, hint and error. */
export function DateTimeField({ name, label, hint, error, value, onChange, onNow }: { name: string; label: string; hint?: string; error?: string; value: string; onChange: (value: string) => void; onNow?: () => void }) {
  const id = fieldId(name);
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`} data-field={name}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <span className="nhsuk-error-message" id={`${id}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      )}
      <div className="app-datetime">
        <input
          className={`nhsuk-input app-datetime__input${error ? ' nhsuk-input--error' : ''}`}
          id={id}
          name={name}
          type="datetime-local"
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
        />
        {onNow && (
          <button type="button" className="app-link-button" onClick={onNow}>
            Now<span className="nhsuk-u-visually-hidden"> ({label.toLowerCase()})</span>
          </button>
        )}
      </div>
    </div>
  );
}
