import { isOrgAdmin, useSession } from '../../session/session.js';
import { CardLinks, type CardLink } from '../../ui/CardLinks.js';
import { Page } from '../../ui/Page.js';
import { ADMIN_ROLES, RequireRole } from './common.js';

export default function AdminHome() {
  const { data: session } = useSession();
  const admin = session ? isOrgAdmin(session.user) : false;
  const items = [
    admin && { to: '/admin/organisation', title: 'Organisation', description: 'Your organisation’s name, and where under-16s are pointed.' },
    { to: '/admin/services', title: 'Services and teams', description: admin ? 'Add and change services, their opening hours and teams.' : 'The services you manage, their opening hours and teams.' },
    { to: '/admin/users', title: 'Staff accounts', description: admin ? 'Invite people, give and remove roles, disable accounts.' : 'The people in your services, and inviting new ones.' },
    admin && { to: '/admin/audit', title: 'Audit trail', description: 'Who did what, and when. Check that nothing in it has been altered.' },
  ].filter(Boolean) as CardLink[];
  return (
    <RequireRole roles={ADMIN_ROLES}>
      <Page title="Administration" wide>
        <CardLinks links={items} headingLevel={2} />
      </Page>
    </RequireRole>
  );
}
