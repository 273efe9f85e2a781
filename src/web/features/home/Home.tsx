import { Link, useSearchParams } from 'react-router';
import { ROLE_LABELS } from '../../../shared/roles.js';
import { rolesOf, useSession } from '../../session/session.js';
import { Page } from '../../ui/Page.js';
import { capabilitiesFor, greetingFor } from './capabilities.js';
import { boardServicesOf } from '../board/board-helpers.js';

export default function Home() {
  const { data: session } = useSession();
  const [params] = useSearchParams();
  if (!session) return null;
  const { user } = session;
  const firstName = user.displayName.split(/\s+/)[0] ?? user.displayName;
  const capabilities = capabilitiesFor(rolesOf(user));
  const boards = boardServicesOf(user.memberships);

  return (
    <Page title={`${greetingFor(new Date().getHours())}, ${firstName}`} caption={user.organisationName} wide>
      {params.get('mfa') && (
        <div className="nhsuk-inset-text" role="status">
          <p>Your second factor is on. From now on you will enter a code from your app when you sign in.</p>
        </div>
      )}
      <h2 className="nhsuk-heading-m">Your roles</h2>
      {user.memberships.length === 0 ? (
        <p>You do not have a role in any service yet. Your service manager can add you to one.</p>
      ) : (
        <ul className="nhsuk-list nhsuk-list--bullet">
          {user.memberships.map((m) => (
            <li key={m.id}>
              {ROLE_LABELS[m.role]}
              {m.serviceName ? ` at ${m.serviceName}` : ' across the organisation'}
            </li>
          ))}
        </ul>
      )}
      {boards.length > 0 && (
        <>
          <h2 className="nhsuk-heading-m">Live boards</h2>
          <ul className="nhsuk-list">
            {boards.map((b) => (
              <li key={b.id}>
                <Link to={`/services/${b.id}/board`}>{b.name}: live board</Link>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2 className="nhsuk-heading-m">What you can do here</h2>
      <ul className="app-card-grid">
        {capabilities.map((c) => (
          <li key={c.key}>
            <div className={`nhsuk-card${c.to ? ' nhsuk-card--clickable' : ''}`}>
              <div className="nhsuk-card__content">
                <h3 className="nhsuk-card__heading nhsuk-heading-s">
                  {c.to ? (
                    <Link className="nhsuk-card__link" to={c.to}>
                      {c.title}
                    </Link>
                  ) : (
                    c.title
                  )}
                </h3>
                <p className="nhsuk-card__description">{c.description}</p>
                {!c.to && (
                  <p className="nhsuk-body-s nhsuk-u-margin-bottom-0 nhsuk-u-margin-top-2">
                    <strong className="nhsuk-tag nhsuk-tag--grey">Coming soon</strong> <span className="app-coming-soon">We are building this next.</span>
                  </p>
                )}
              </div>
            </div>
          </li>
        ))}
      </ul>
    </Page>
  );
}
