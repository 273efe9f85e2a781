import { Link, Navigate } from 'react-router';
import { useSession } from '../../session/session.js';
import { Page } from '../../ui/Page.js';
import { boardServicesOf } from './board-helpers.js';

/** The live boards this person can open: straight to it when there is only one. */
export default function Boards() {
  const { data: session } = useSession();
  if (!session) return null;
  const services = boardServicesOf(session.user.memberships);
  if (services.length === 1) return <Navigate to={`/services/${services[0]!.id}/board`} replace />;
  return (
    <Page title="Live boards">
      {services.length === 0 ? (
        <>
          <p>The live board is for staff who work in a service, and you do not have a role in one yet.</p>
          <p>If you think you should, please ask your service manager.</p>
        </>
      ) : (
        <>
          <p>Choose the service whose board you want to see.</p>
          <ul className="nhsuk-list">
            {services.map((s) => (
              <li key={s.id}>
                <Link to={`/services/${s.id}/board`}>{s.name}: live board</Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}
