import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { PersonMatch } from '../../../shared/people.js';
import { hasAnyRole, useSession } from '../../session/session.js';
import { Page } from '../../ui/Page.js';
import { QueryState, RequireRoles } from './common.js';
import { PEER_ROLES } from './access.js';
import { searchParamsFor, searchPeople } from './api.js';
import { describeAge, formatDate, formatNhsNumber } from './person-form.js';

/** Find a person by name (typos are fine), date of birth or NHS number; or add someone new. */
export default function People() {
  const [params, setParams] = useSearchParams();
  const searched = params.get('q') ?? '';
  const [input, setInput] = useState(searched);
  const query = searchParamsFor(searched);
  const results = useQuery({ queryKey: ['people', 'search', searched], queryFn: () => searchPeople(query!), enabled: query !== null });
  const { data: session } = useSession();

  function submit(event: FormEvent) {
    event.preventDefault();
    setParams(input.trim() ? { q: input.trim() } : {});
  }

  return (
    <RequireRoles roles={PEER_ROLES} what="people’s records">
      <Page title="People" wide>
        <p>Find someone your services have met, or add a new person.</p>
        <form onSubmit={submit} role="search" aria-label="People" noValidate className="app-search">
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="people-search">
              Name, date of birth or NHS number
            </label>
            <div className="nhsuk-hint" id="people-search-hint">
              Spelling does not need to be exact. Dates like 27/04/1990 or 1990-04-27.
            </div>
            <input className="nhsuk-input nhsuk-input--width-30" id="people-search" name="q" type="search" value={input} onChange={(e) => setInput(e.target.value)} aria-describedby="people-search-hint" autoComplete="off" />
          </div>
          <button type="submit" className="nhsuk-button">
            Search
          </button>
        </form>
        {session && hasAnyRole(session.user, PEER_ROLES) && (
          <p>
            <Link to="/people/new">Add a new person</Link>
          </p>
        )}
        {query && <QueryState query={results} what="the search results" />}
        {results.data && <Results people={results.data.people} searched={searched} />}
      </Page>
    </RequireRoles>
  );
}

function Results({ people, searched }: { people: PersonMatch[]; searched: string }) {
  if (people.length === 0)
    return (
      <div role="status">
        <h2 className="nhsuk-heading-m">No one found for “{searched}”</h2>
        <p>Try another spelling, their date of birth, or add them as a new person.</p>
      </div>
    );
  return (
    <section aria-labelledby="results-title">
      {/* The count is announced (status) and stays a heading: a role on the h2 itself would replace its heading role. */}
      <div role="status">
        <h2 className="nhsuk-heading-m" id="results-title">
          {people.length === 1 ? 'One person found' : `${people.length} people found`}
        </h2>
      </div>
      <ul className="nhsuk-list app-result-list">
        {people.map((p) => (
          <li key={p.id}>
            <PersonLine person={p} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A person in a list: name linking to their record, and what tells them apart. */
export function PersonLine({ person }: { person: Pick<PersonMatch, 'id' | 'preferredName' | 'fullName' | 'dateOfBirth' | 'approximateAge' | 'lastContactAt'> & { nhsNumber?: string | null; postcode?: string | null } }) {
  const facts = [
    person.fullName && person.fullName !== person.preferredName ? person.fullName : null,
    person.dateOfBirth || person.approximateAge != null ? `Age: ${describeAge(person)}` : null,
    person.nhsNumber ? `NHS number ${formatNhsNumber(person.nhsNumber)}` : null,
    person.postcode ? `Postcode ${person.postcode}` : null,
    person.lastContactAt ? `Last in touch ${formatDate(person.lastContactAt)}` : null,
  ].filter(Boolean);
  return (
    <>
      <Link className="nhsuk-heading-s app-result-name" to={`/people/${person.id}`}>
        {person.preferredName}
      </Link>
      <p className="nhsuk-body-s app-muted">{facts.length > 0 ? facts.join(' · ') : 'No other details recorded yet'}</p>
    </>
  );
}
