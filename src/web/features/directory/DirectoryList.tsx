import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { DIRECTORY_STATUS_LABELS, DIRECTORY_STATUSES } from '../../../shared/directory/entries.js';
import { TAXONOMY_TERMS } from '../../../shared/directory/taxonomy.js';
import { Checkbox, SelectField, TextField } from '../../ui/fields.js';
import { Page } from '../../ui/Page.js';
import { QueryState } from '../../ui/QueryState.js';
import { filtersFrom, pageCount, paramsFrom, useDirectoryList, type ListFilters } from './api.js';
import { kindsText, openingText, StatusTag, useDirectoryRights } from './common.js';
import { checkedText } from './entry-form.js';

export default function DirectoryList() {
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const rights = useDirectoryRights();
  const list = useDirectoryList(filters);
  const due = useDirectoryList({ stale: true }, 1);
  const now = new Date();
  const dueCount = due.data?.total ?? 0;

  const pageLink = (page: number) => `?${paramsFrom({ ...filters, page }).toString()}`;
  const filtered = Boolean(filters.q || filters.taxonomy || filters.status || filters.stale);
  const pages = list.data ? pageCount(list.data.total, list.data.perPage) : 1;

  return (
    <Page title="Service directory" wide>
      <p>Local and national services to point people to. Search by name or by the kind of help someone needs.</p>
      {rights.edit && (
        <div className="app-actions">
          <Link className="nhsuk-button" to="/directory/new">
            Add an entry
          </Link>
          {rights.admin && (
            <Link className="nhsuk-button nhsuk-button--secondary" to="/directory/import">
              Import or export
            </Link>
          )}
        </div>
      )}
      {rights.edit && dueCount > 0 && !filters.stale && (
        <div className="app-dir-count">
          <p>
            <Link to="?stale=true">
              {dueCount === 1 ? '1 entry is due a check' : `${dueCount} entries are due a check`}
            </Link>{' '}
            (not checked for 6 months or more).
          </p>
        </div>
      )}
      <SearchForm key={params.toString()} filters={filters} dueCount={due.data ? dueCount : null} onSearch={(f) => setParams(paramsFrom({ ...f, page: 1 }))} />

      <QueryState query={list} what="the directory" />
      {list.data && (
        <>
          <h2 className="nhsuk-heading-m" aria-live="polite">
            {list.data.total === 0 ? 'No entries found' : list.data.total === 1 ? '1 entry' : `${list.data.total} entries`}
            {pages > 1 && <span className="app-dir-muted"> (page {list.data.page} of {pages})</span>}
          </h2>
          {list.data.total === 0 && <p>{filtered ? 'Try fewer words, or another kind of help.' : 'There is nothing in the directory yet.'}</p>}
          {list.data.entries.length > 0 && (
            <table className="nhsuk-table app-responsive-table">
              <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Directory entries</caption>
              <thead className="nhsuk-table__head">
                <tr className="nhsuk-table__row">
                  <th scope="col" className="nhsuk-table__header">Service</th>
                  <th scope="col" className="nhsuk-table__header">Kinds of help</th>
                  <th scope="col" className="nhsuk-table__header">Open</th>
                  <th scope="col" className="nhsuk-table__header">Last checked</th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {list.data.entries.map((e) => (
                  <tr className="nhsuk-table__row" key={e.id}>
                    <td className="nhsuk-table__cell app-break" data-label="Service">
                      <Link to={`/directory/${e.id}`}>{e.name}</Link> <StatusTag status={e.status} />
                      {e.phones[0] && <div className="app-dir-muted">{e.phones[0].number}</div>}
                    </td>
                    <td className="nhsuk-table__cell" data-label="Kinds of help">
                      {kindsText(e.taxonomy) || 'Not given'}
                    </td>
                    <td className="nhsuk-table__cell" data-label="Open">
                      {openingText(e, now)}
                    </td>
                    <td className="nhsuk-table__cell" data-label="Last checked">
                      {e.stale ? <strong>{checkedText(e.lastCheckedAt, e.stale)}</strong> : checkedText(e.lastCheckedAt, e.stale)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {pages > 1 && (
            <nav className="app-dir-pages" aria-label="Pages of entries">
              {list.data.page > 1 ? <Link to={pageLink(list.data.page - 1)}>Previous page</Link> : <span />}
              <p>
                Page {list.data.page} of {pages}
              </p>
              {list.data.page < pages ? <Link to={pageLink(list.data.page + 1)}>Next page</Link> : <span />}
            </nav>
          )}
        </>
      )}
    </Page>
  );
}


function SearchForm({ filters, dueCount, onSearch }: { filters: ListFilters; dueCount: number | null; onSearch: (f: ListFilters) => void }) {
  const [draft, setDraft] = useState<ListFilters>(filters);
  const filtered = Boolean(filters.q || filters.taxonomy || filters.status || filters.stale);
  function apply(event: FormEvent) {
    event.preventDefault();
    onSearch(draft);
  }
  return (
  <div role="search">
    <form onSubmit={apply} noValidate aria-label="Search the directory">
      <div className="app-dir-filters">
        <TextField name="q" label="Words to search for" value={draft.q} onChange={(q) => setDraft({ ...draft, q })} autoComplete="off" />
        <SelectField name="taxonomy" label="Kind of help" value={draft.taxonomy} onChange={(taxonomy) => setDraft({ ...draft, taxonomy })} options={[{ value: '', label: 'Any kind of help' }, ...TAXONOMY_TERMS.map((t) => ({ value: t.code, label: t.label }))]} />
        <SelectField name="status" label="Status" value={draft.status} onChange={(status) => setDraft({ ...draft, status: status as ListFilters['status'] })} options={[{ value: '', label: 'Any status' }, ...DIRECTORY_STATUSES.map((s) => ({ value: s, label: DIRECTORY_STATUS_LABELS[s] }))]} />
      </div>
      <div className="nhsuk-form-group">
        <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
          <Checkbox name="stale" label={`Only entries due a check${dueCount === null ? '' : ` (${dueCount})`}`} hint="Never checked, or not checked for 6 months or more" checked={draft.stale} onChange={(stale) => setDraft({ ...draft, stale })} />
        </div>
      </div>
      <div className="app-actions">
        <button type="submit" className="nhsuk-button">
          Search
        </button>
        {filtered && (
          <Link to="/directory">
            Clear the search
          </Link>
        )}
      </div>
    </form>
  </div>
  );
}
