import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, Outlet, useLocation, useMatch, useNavigate } from 'react-router';
import { api } from '../api/client.js';
import { canAdminister, forgetSession, hasAnyRole, useMeta, useSession } from '../session/session.js';
import { boardServicesOf } from '../features/board/board-helpers.js';
import { PEER_ROLES, servicesWhere } from '../features/people/access.js';
import { AlertCentre } from '../features/alerts/AlertCentre.js';
import { WELLBEING_ROLES } from '../features/wellbeing/access.js';
import type { Role } from '../../shared/roles.js';

/** Who reads the directory (matrix.json directory.read): not crisis responders, who use staff peer support only. */
const DIRECTORY_ROLES: readonly Role[] = ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager', 'clinical_partner', 'commissioner', 'org_admin'];

/** Skip link, header with navigation, main, footer; the demo banner; focus moves to the h1 on navigation. */
export function Layout() {
  const { data: session } = useSession();
  const { data: meta } = useMeta();
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // After a client-side navigation, put keyboard and screen reader users at the new page's heading.
    const heading = document.getElementById('page-heading');
    heading?.focus();
  }, [location.pathname]);

  const demo = Boolean(meta?.demo || session?.demo);
  const user = session?.stage === 'full' ? session.user : null;

  async function signOut() {
    try {
      await api('/auth/logout', { method: 'POST', expectUnauthorised: true });
    } catch {
      // Signed out already, or offline: either way, forget the session here.
    }
    forgetSession(client);
    navigate('/signin?signedout=1');
  }

  return (
    <>
      <a className="nhsuk-skip-link" href="#maincontent">
        Skip to main content
      </a>
      {demo && (
        <div className="app-demo-banner">
          <div className="nhsuk-width-container">
            <p>
              <strong>Demonstration.</strong> Everything here is made up. Please do not enter real people’s details.
            </p>
          </div>
        </div>
      )}
      <header className="nhsuk-header" role="banner">
        <div className="nhsuk-header__container nhsuk-width-container">
          <div className="nhsuk-header__service">
            <Link className="app-header__name" to="/">
              Alongside
              {user && <span className="nhsuk-u-visually-hidden"> home</span>}
            </Link>
          </div>
          {session && (
            <nav className="nhsuk-header__account" aria-label="Your account">
              <ul className="nhsuk-header__account-list">
                <li className="nhsuk-header__account-item">{session.user.displayName}</li>
                {user && (
                  <li className="nhsuk-header__account-item">
                    <Link className="nhsuk-header__account-link" to="/account">
                      Your account
                    </Link>
                  </li>
                )}
                <li className="nhsuk-header__account-item">
                  <button type="button" className="nhsuk-header__account-button" onClick={signOut}>
                    Sign out
                  </button>
                </li>
              </ul>
            </nav>
          )}
        </div>
        {user && (
          <nav className="nhsuk-header__navigation" aria-label="Menu">
            <div className="nhsuk-header__navigation-container nhsuk-width-container">
              <ul className="nhsuk-header__navigation-list app-nav-list">
                <NavItem to="/" end>
                  Home
                </NavItem>
                {boardServicesOf(user.memberships).length > 0 && <NavItem to="/board">Live board</NavItem>}
                {servicesWhere(user, PEER_ROLES).length > 0 && <NavItem to="/people">People</NavItem>}
                {servicesWhere(user, PEER_ROLES).length > 0 && <NavItem to="/lone-working">Lone working</NavItem>}
                {servicesWhere(user, PEER_ROLES).length === 0 && user.memberships.some((m) => m.role === 'clinical_partner') && <NavItem to="/plans">Crisis plans</NavItem>}
                {hasAnyRole(user, DIRECTORY_ROLES) && <NavItem to="/directory">Directory</NavItem>}
                {hasAnyRole(user, WELLBEING_ROLES) && <NavItem to="/wellbeing">Wellbeing</NavItem>}
                <NavItem to="/account">Your account</NavItem>
                {canAdminister(user) && <NavItem to="/admin">Administration</NavItem>}
              </ul>
            </div>
          </nav>
        )}
      </header>
      {user && <AlertCentre key={user.id} />}
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
      <footer className="nhsuk-footer" role="contentinfo">
        <div className="nhsuk-width-container">
          <div className="nhsuk-footer__meta">
            <h2 className="nhsuk-u-visually-hidden">About Alongside</h2>
            <p className="nhsuk-body-s">
              Alongside{meta ? ` ${meta.version}` : ''}: software for crisis services built around peer support. If you need help now, call NHS 111 and choose the mental health option, or call
              Samaritans free on 116 123. In an emergency, call 999.
            </p>
          </div>
        </div>
      </footer>
    </>
  );
}

function NavItem({ to, end, children }: { to: string; end?: boolean; children: string }) {
  const active = useMatch({ path: to, end: end ?? false }) !== null;
  return (
    <li className={`nhsuk-header__navigation-item${active ? ' nhsuk-header__navigation-item--current' : ''}`}>
      <Link to={to} className="nhsuk-header__navigation-link" aria-current={active ? 'page' : undefined}>
        {active ? <strong className="nhsuk-header__navigation-item-current-fallback">{children}</strong> : children}
      </Link>
    </li>
  );
}
