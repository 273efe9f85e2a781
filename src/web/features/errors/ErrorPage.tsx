import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { useTitle } from '../../ui/Page.js';

/** Shown when a screen fails to load or throws: calm, with a way back. */
export function ErrorPage({ inLayout }: { inLayout?: boolean }) {
  const error = useRouteError();
  useTitle('Sorry, something went wrong');
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const body = (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1 className="nhsuk-heading-l" id="page-heading" tabIndex={-1}>
          {notFound ? 'Page not found' : 'Sorry, something went wrong'}
        </h1>
        <p>Nothing you did caused this. Anything you had already saved is safe.</p>
        <p>You can try again by reloading the page. If it keeps happening, please tell your service manager or whoever looks after Alongside for you.</p>
        <p>
          <Link to="/">Go to the home page</Link>
        </p>
      </div>
    </div>
  );
  if (inLayout) return body;
  // The layout itself failed: render a bare page with the landmarks.
  return (
    <>
      <header className="nhsuk-header" role="banner">
        <div className="nhsuk-header__container nhsuk-width-container">
          <div className="nhsuk-header__service">
            <a className="app-header__name" href="/app/">
              Alongside
            </a>
          </div>
        </div>
      </header>
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent">
          {body}
        </main>
      </div>
    </>
  );
}
