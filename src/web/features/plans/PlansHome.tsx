import { Link } from 'react-router';
import { useSession } from '../../session/session.js';
import { Page } from '../../ui/Page.js';
import { PEER_ROLES, servicesWhere } from '../people/access.js';
import { PARTNER_ROLES, REPORT_ROLES, REVIEW_ROLES, servicePath } from './partner.js';
import './plans.css';

/** Where crisis plans are found, for each role: by person for peer workers, by service for partners and managers. */
export default function PlansHome() {
  const { data: session } = useSession();
  if (!session) return null;
  const user = session.user;
  const peer = servicesWhere(user, PEER_ROLES).length > 0;
  const partner = servicesWhere(user, PARTNER_ROLES);
  const review = servicesWhere(user, REVIEW_ROLES);
  const reports = user.memberships.some((m) => REPORT_ROLES.includes(m.role));
  return (
    <Page title="Crisis plans">
      <p>Crisis plans are written with the person, in their own words. They choose who sees them.</p>
      {peer && (
        <>
          <h2 className="nhsuk-heading-m">Someone you support</h2>
          <p>
            Each person’s plan is on their page. <Link to="/people">Find the person</Link>, then choose “Crisis plan”.
          </p>
        </>
      )}
      {partner.map((s) => (
        <section key={s.id} aria-labelledby={`partner-${s.id}`}>
          <h2 className="nhsuk-heading-m" id={`partner-${s.id}`}>
            {s.name}
          </h2>
          <ul className="nhsuk-list">
            <li>
              <Link to={servicePath(s.id, '/shared-plans')}>Plans shared with {s.name}</Link>
            </li>
            <li>
              <Link to={servicePath(s.id, '/break-glass')}>
                Emergency access to a plan<span className="nhsuk-u-visually-hidden"> at {s.name}</span>
              </Link>
            </li>
          </ul>
        </section>
      ))}
      {review.map((s) => (
        <p key={s.id}>
          <Link to={servicePath(s.id, '/break-glass-reviews')}>Emergency access at {s.name}: review</Link>
        </p>
      ))}
      {reports && (
        <p>
          <Link to="/reports">How many people have a plan</Link>
        </p>
      )}
    </Page>
  );
}
