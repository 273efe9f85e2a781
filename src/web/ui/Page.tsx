import { useEffect, useRef, type ReactNode } from 'react';
import { Link } from 'react-router';

/** One page: sets document.title, renders the page's only h1, and an optional back link. */
export function Page({ title, caption, back, children, wide }: { title: string; caption?: string; back?: { to: string; text: string }; children: ReactNode; wide?: boolean }) {
  useTitle(title);
  const shown = useRef(title);
  useEffect(() => {
    // Same address, new page (for example "Invitation ready" after the form): start at its heading.
    if (shown.current !== title) document.getElementById('page-heading')?.focus();
    shown.current = title;
  }, [title]);
  return (
    <div className="nhsuk-grid-row">
      <div className={wide ? 'nhsuk-grid-column-full' : 'nhsuk-grid-column-two-thirds'}>
        {back && (
          <div className="nhsuk-back-link">
            <Link className="nhsuk-back-link__link" to={back.to}>
              {back.text}
            </Link>
          </div>
        )}
        <h1 className="nhsuk-heading-l" tabIndex={-1} id="page-heading">
          {caption && <span className="nhsuk-caption-l">{caption} <span className="nhsuk-u-visually-hidden">-</span></span>}
          {title}
        </h1>
        {children}
      </div>
    </div>
  );
}

export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} – Alongside`;
  }, [title]);
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="nhsuk-body" role="status">
      {what}…
    </p>
  );
}
