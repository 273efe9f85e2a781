import { Link } from 'react-router';
import { Page } from '../../ui/Page.js';

export default function NotFound() {
  return (
    <Page title="Page not found">
      <p>We could not find a page at this address. If you typed it, check it is right. If you followed a link, it may be out of date.</p>
      <p>
        <Link to="/">Go to the home page</Link>
      </p>
    </Page>
  );
}
