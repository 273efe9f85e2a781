import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import type { UsersOut } from '../../api/types.js';
import { Page } from '../../ui/Page.js';
import { ADMIN_ROLES, QueryState, RequireRole } from './common.js';
import { describeMembership } from './memberships.js';

export const usersKey = ['users'] as const;

export const STATUS_LABELS = { invited: 'Invited', active: 'Active', disabled: 'Disabled' } as const;
export const STATUS_TAGS = { invited: 'nhsuk-tag--blue', active: 'nhsuk-tag--green', disabled: 'nhsuk-tag--grey' } as const;

export default function Users() {
  const users = useQuery({ queryKey: usersKey, queryFn: () => api<UsersOut>('/users') });
  return (
    <RequireRole roles={ADMIN_ROLES}>
      <Page title="Staff accounts" back={{ to: '/admin', text: 'Administration' }} wide>
        <Link className="nhsuk-button" to="/admin/users/new">
          Invite someone
        </Link>
        <QueryState query={users} what="staff accounts" />
        {users.data && (
          <table className="nhsuk-table app-responsive-table">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Staff accounts</caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">Name</th>
                <th scope="col" className="nhsuk-table__header">Email</th>
                <th scope="col" className="nhsuk-table__header">Roles</th>
                <th scope="col" className="nhsuk-table__header">Status</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {users.data.users.map((u) => (
                <tr className="nhsuk-table__row" key={u.id}>
                  <td className="nhsuk-table__cell" data-label="Name">
                    <Link to={`/admin/users/${u.id}`}>{u.displayName}</Link>
                  </td>
                  <td className="nhsuk-table__cell app-break" data-label="Email">{u.email}</td>
                  <td className="nhsuk-table__cell" data-label="Roles">
                    {u.memberships.length === 0 ? 'No roles' : u.memberships.map((m) => <div key={m.id}>{describeMembership(m)}</div>)}
                  </td>
                  <td className="nhsuk-table__cell" data-label="Status">
                    <strong className={`nhsuk-tag ${STATUS_TAGS[u.status]}`}>{STATUS_LABELS[u.status]}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Page>
    </RequireRole>
  );
}
