import { useEffect, useRef, type ReactNode } from 'react';
import { ApiError } from '../api/errors.js';

/** The two versions a 409 stale_version brings back, when it brings them. */
export function staleVersionsOf<T>(error: unknown): { current: T; submitted: Partial<T> } | null {
  if (error instanceof ApiError && error.status === 409 && error.code === 'stale_version' && error.payload.current) {
    return { current: error.payload.current as T, submitted: (error.payload.submitted ?? {}) as Partial<T> };
  }
  return null;
}

export interface CompareRow {
  label: string;
  theirs: ReactNode;
  yours: ReactNode;
}

/**
 * Someone else saved first. Shows both versions side by side and lets the person choose:
 * keep what is saved now, or save their own over it (knowingly).
 */
export function StaleVersionChoice({ rows, onKeepTheirs, onUseMine, busy }: { rows: CompareRow[]; onKeepTheirs: () => void; onUseMine: () => void; busy?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="nhsuk-warning-callout" role="alert" tabIndex={-1} ref={ref}>
      <h2 className="nhsuk-warning-callout__label">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          Someone else saved a change first
        </span>
      </h2>
      <p>While you were editing, someone else saved this. Nothing has been lost. Compare the two versions and choose which to keep.</p>
      <div className="app-compare">
        {(['theirs', 'yours'] as const).map((side) => (
          <div key={side}>
            <h3 className="nhsuk-heading-s">{side === 'theirs' ? 'Saved now' : 'Your version'}</h3>
            <dl className="nhsuk-summary-list">
              {rows.map((row) => (
                <div className="nhsuk-summary-list__row" key={row.label}>
                  <dt className="nhsuk-summary-list__key">
                    {row.label}
                    {row.theirs !== row.yours && <strong className="nhsuk-tag nhsuk-tag--orange app-differs">Differs</strong>}
                  </dt>
                  <dd className="nhsuk-summary-list__value app-break">{row[side] === '' || row[side] == null ? 'Not given' : row[side]}</dd>
                </div>
              ))}
            </dl>
          </div>
        ))}
      </div>
      <div className="app-actions">
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onKeepTheirs} disabled={busy}>
          Keep the saved version
        </button>
        <button type="button" className="nhsuk-button" onClick={onUseMine} disabled={busy}>
          Save my version instead
        </button>
      </div>
    </div>
  );
}
