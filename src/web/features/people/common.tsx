import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Role } from '../../../shared/roles.js';
import { hasAnyRole, useSession } from '../../session/session.js';
import { Page } from '../../ui/Page.js';
import './people.css';

/** Shows the page only to people whose roles allow it; others get a kind explanation (the server refuses anyway). */
export function RequireRoles({ roles, what, children }: { roles: readonly Role[]; what: string; children: ReactNode }) {
  const { data: session } = useSession();
  if (!session) return null;
  if (!hasAnyRole(session.user, roles)) {
    return (
      <Page title="You do not have access to this page">
        <p>Your role does not include {what}.</p>
        <p>If you think it should, please ask your service manager.</p>
        <p>
          <Link to="/">Go to the home page</Link>
        </p>
      </Page>
    );
  }
  return <>{children}</>;
}

export { QueryState } from '../../ui/QueryState.js';

/** A row of a summary list. */
export function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value app-break app-pre-line">{children === '' || children == null ? <span className="app-muted">Not given</span> : children}</dd>
    </div>
  );
}
