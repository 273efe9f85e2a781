import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Role } from '../../../shared/roles.js';
import { messageFor } from '../../api/errors.js';
import { hasAnyRole, useSession } from '../../session/session.js';
import { Loading, Page } from '../../ui/Page.js';

/** Shows the page only to people whose roles allow it; others get a kind explanation (the server refuses anyway). */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { data: session } = useSession();
  if (!session) return null;
  if (!hasAnyRole(session.user, roles)) {
    return (
      <Page title="You do not have access to this page">
        <p>This part of Alongside is for organisation administrators and service managers.</p>
        <p>If you need something changed, please ask one of them.</p>
        <p>
          <Link to="/">Go to the home page</Link>
        </p>
      </Page>
    );
  }
  return <>{children}</>;
}

/** Loading and error states for a query, worded kindly. */
export function QueryState({ query, what }: { query: { isPending: boolean; isError: boolean; error: unknown }; what: string }) {
  if (query.isPending) return <Loading what={`Loading ${what}`} />;
  if (query.isError)
    return (
      <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
        <h2 className="nhsuk-error-summary__title">Sorry, we could not load {what}</h2>
        <div className="nhsuk-error-summary__body">
          <p>{messageFor(query.error)}</p>
        </div>
      </div>
    );
  return null;
}

export const ADMIN_ROLES: readonly Role[] = ['org_admin', 'service_manager'];
export const ORG_ADMIN: readonly Role[] = ['org_admin'];
