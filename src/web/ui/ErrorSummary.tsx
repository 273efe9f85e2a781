import { useEffect, useRef } from 'react';
import type { FormErrors } from '../api/errors.js';

/**
 * The NHS.UK error summary: takes focus when errors appear (so they are announced), and its links
 * move focus to the field itself.
 */
export function ErrorSummary({ errors, title = 'There is a problem' }: { errors: FormErrors; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const count = errors.summary.length;
  useEffect(() => {
    if (count > 0) ref.current?.focus();
  }, [errors, count]);
  if (count === 0) return null;
  return (
    <div className="nhsuk-error-summary" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref}>
      <div role="alert">
        <h2 className="nhsuk-error-summary__title" id="error-summary-title">
          {title}
        </h2>
        <div className="nhsuk-error-summary__body">
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {errors.summary.map((item, i) => (
              <li key={`${item.href ?? ''}${i}`}>
                {item.href ? (
                  <a
                    href={item.href}
                    onClick={(event) => {
                      const target = document.getElementById(item.href!.slice(1));
                      if (target) {
                        event.preventDefault();
                        target.scrollIntoView({ block: 'center' });
                        target.focus();
                      }
                    }}
                  >
                    {item.text}
                  </a>
                ) : (
                  item.text
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
