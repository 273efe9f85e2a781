import { messageFor } from '../api/errors.js';
import { Loading } from './Page.js';

/** Loading and error states for a query, worded kindly. */
export function QueryState({ query, what }: { query: { isPending: boolean; isError: boolean; error: unknown; fetchStatus?: string }; what: string }) {
  if (query.isPending && query.fetchStatus !== 'idle') return <Loading what={`Loading ${what}`} />;
  if (query.isError)
    return (
      <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
        <h2 className="nhsuk-error-summary__title">Sorry, we could not load {what}</h2>
        <div className="nhsuk-error-summary__body">
          <p>{messageFor(query.error)}</p>
        </div>
      </div>
    );
  return null;
}
