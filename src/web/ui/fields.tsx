import type { ReactNode } from 'react';
import { fieldId } from '../api/errors.js';

interface Common {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** A visually bigger label, for a page's single question. */
  labelClass?: string;
}

/** An NHS.UK form group (red edge when in error), findable by field name for the error summary. */
export function Wrapper({ name, error, children }: { name: string; error?: string; children: ReactNode }) {
  return <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`} data-field={name}>{children}</div>;
}

export function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  return hint ? (
    <div className="nhsuk-hint" id={`${id}-hint`}>
      {hint}
    </div>
  ) : null;
}

export function Error({ id, error }: { id: string; error?: string }) {
  return error ? (
    <span className="nhsuk-error-message" id={`${id}-error`}>
      <span className="nhsuk-u-visually-hidden">Error:</span> {error}
    </span>
  ) : null;
}

export const describedBy = (id: string, hint?: ReactNode, error?: string) => [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

export function TextField({
  name,
  label,
  hint,
  error,
  labelClass,
  value,
  onChange,
  type = 'text',
  autoComplete,
  inputMode,
  width,
  spellCheck,
  required,
  max,
}: Common & {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'password' | 'tel' | 'time' | 'date' | 'number' | 'url';
  autoComplete?: string;
  inputMode?: 'numeric' | 'text' | 'email' | 'tel';
  width?: 2 | 3 | 4 | 5 | 10 | 20 | 30;
  spellCheck?: boolean;
  required?: boolean;
  /** The latest value allowed (for a date, YYYY-MM-DD: the picker offers nothing after it). */
  max?: string;
}) {
  const id = fieldId(name);
  return (
    <Wrapper name={name} error={error}>
      <label className={`nhsuk-label${labelClass ? ` ${labelClass}` : ''}`} htmlFor={id}>
        {label}
      </label>
      <Hint id={id} hint={hint} />
      <Error id={id} error={error} />
      <input
        className={`nhsuk-input${width ? ` nhsuk-input--width-${width}` : ''}${error ? ' nhsuk-input--error' : ''}`}
        id={id}
        name={name}
        type={type}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        autoComplete={autoComplete}
        inputMode={inputMode}
        spellCheck={spellCheck}
        max={max}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
      />
    </Wrapper>
  );
}

export function TextArea({ name, label, hint, error, value, onChange, rows = 4 }: Common & { value: string; onChange: (value: string) => void; rows?: number }) {
  const id = fieldId(name);
  return (
    <Wrapper name={name} error={error}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      <Hint id={id} hint={hint} />
      <Error id={id} error={error} />
      <textarea
        className={`nhsuk-textarea${error ? ' nhsuk-textarea--error' : ''}`}
        id={id}
        name={name}
        rows={rows}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
      />
    </Wrapper>
  );
}

export function SelectField({ name, label, hint, error, value, onChange, options }: Common & { value: string; onChange: (value: string) => void; options: readonly { value: string; label: string }[] }) {
  const id = fieldId(name);
  return (
    <Wrapper name={name} error={error}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      <Hint id={id} hint={hint} />
      <Error id={id} error={error} />
      <select
        className={`nhsuk-select${error ? ' nhsuk-select--error' : ''}`}
        id={id}
        name={name}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Wrapper>
  );
}

export function Checkbox({ name, label, hint, checked, onChange }: { name: string; label: ReactNode; hint?: ReactNode; checked: boolean; onChange: (checked: boolean) => void }) {
  const id = fieldId(name);
  return (
    <div className="nhsuk-checkboxes__item">
      <input className="nhsuk-checkboxes__input" id={id} name={name} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
      <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="nhsuk-hint nhsuk-checkboxes__hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
    </div>
  );
}

/** A group of checkboxes or radios with a legend. */
export function Fieldset({ legend, hint, error, name, children, legendClass }: { legend: ReactNode; hint?: ReactNode; error?: string; name: string; children: ReactNode; legendClass?: string }) {
  const id = fieldId(name);
  return (
    <Wrapper name={name} error={error}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(id, hint, error)} id={id} tabIndex={-1}>
        <legend className={`nhsuk-fieldset__legend ${legendClass ?? 'nhsuk-fieldset__legend--s'}`}>{legend}</legend>
        <Hint id={id} hint={hint} />
        <Error id={id} error={error} />
        {children}
      </fieldset>
    </Wrapper>
  );
}

export function Radios({ name, value, onChange, options, inline }: { name: string; value: string; onChange: (value: string) => void; options: readonly { value: string; label: string; hint?: string }[]; inline?: boolean }) {
  return (
    <div className={`nhsuk-radios${inline ? ' nhsuk-radios--inline' : ''}`}>
      {options.map((o) => {
        const id = fieldId(`${name}-${o.value}`);
        return (
          <div className="nhsuk-radios__item" key={o.value}>
            <input className="nhsuk-radios__input" id={id} name={name} type="radio" value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} aria-describedby={o.hint ? `${id}-hint` : undefined} />
            <label className="nhsuk-label nhsuk-radios__label" htmlFor={id}>
              {o.label}
            </label>
            {o.hint && (
              <div className="nhsuk-hint nhsuk-radios__hint" id={`${id}-hint`}>
                {o.hint}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
