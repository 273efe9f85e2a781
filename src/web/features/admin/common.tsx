import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Role } from '../../../shared/roles.js';
import { hasAnyRole, useSession } from '../../session/session.js';
import { Page } from '../../ui/Page.js';

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

export { QueryState } from '../../ui/QueryState.js';

export const ADMIN_ROLES: readonly Role[] = ['org_admin', 'service_manager'];
export const ORG_ADMIN: readonly Role[] = ['org_admin'];
