import { Link } from 'react-router';
import { isOrgAdmin, useSession } from '../../session/session.js';
import { Page } from '../../ui/Page.js';
import { ADMIN_ROLES, RequireRole } from './common.js';

export default function AdminHome() {
  const { data: session } = useSession();
  const admin = session ? isOrgAdmin(session.user) : false;
  const items = [
    admin && { to: '/admin/organisation', title: 'Organisation', text: 'Your organisation’s name, and where under-16s are pointed.' },
    { to: '/admin/services', title: 'Services and teams', text: admin ? 'Add and change services, their opening hours and teams.' : 'The services you manage, their opening hours and teams.' },
    { to: '/admin/users', title: 'Staff accounts', text: admin ? 'Invite people, give and remove roles, disable accounts.' : 'The people in your services, and inviting new ones.' },
    admin && { to: '/admin/audit', title: 'Audit trail', text: 'Who did what, and when. Check that nothing in it has been altered.' },
  ].filter(Boolean) as { to: string; title: string; text: string }[];
  return (
    <RequireRole roles={ADMIN_ROLES}>
      <Page title="Administration" wide>
        <ul className="app-card-grid">
          {items.map((item) => (
            <li key={item.to}>
              <div className="nhsuk-card nhsuk-card--clickable">
                <div className="nhsuk-card__content">
                  <h2 className="nhsuk-card__heading nhsuk-heading-s">
                    <Link className="nhsuk-card__link" to={item.to}>
                      {item.title}
                    </Link>
                  </h2>
                  <p className="nhsuk-card__description">{item.text}</p>
                </div>
              </div>
            </li>
          ))}
        </ul>
      </Page>
    </RequireRole>
  );
}
