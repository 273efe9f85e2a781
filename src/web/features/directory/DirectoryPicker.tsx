import { useQueries, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { DirectoryEntryOut, DirectoryListOut } from '../../../shared/directory/entries.js';
import { api } from '../../api/client.js';
import { fieldId } from '../../api/errors.js';
import { describedBy, Error as FieldError, Hint, Wrapper } from '../../ui/fields.js';
import { directoryKey, entryKey, listPath } from './api.js';
import { kindsText, openingText } from './common.js';
import { telHref } from './entry-form.js';

/** Waits until typing pauses before searching. */
function useSettled(value: string, ms = 250): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/** How a chosen entry is shown: its name, and its first phone number to pass on. */
function Chosen({ entry, id, onRemove }: { entry: DirectoryEntryOut | undefined; id: string; onRemove: () => void }) {
  const phone = entry?.phones[0];
  return (
    <li>
      <div>
        <strong>{entry?.name ?? 'A directory entry'}</strong>
        {phone && (
          <>
            {' '}
            <a href={telHref(phone.number)}>{phone.number}</a>
            {phone.label && <span className="app-dir-muted"> ({phone.label})</span>}
          </>
        )}
      </div>
      <button type="button" className="app-link-button" onClick={onRemove}>
        Remove<span className="nhsuk-u-visually-hidden"> {entry?.name ?? id}</span>
      </button>
    </li>
  );
}

/**
 * Choose service directory entries: type a few letters, pick from the open entries found.
 * `single` keeps one choice (a move on); otherwise several (signposting).
 */
export function DirectoryPicker({ name, legend, hint, error, chosen, onChange, single }: { name: string; legend: string; hint?: string; error?: string; chosen: readonly string[]; onChange: (ids: string[], picked?: DirectoryEntryOut) => void; single?: boolean }) {
  const [text, setText] = useState('');
  const q = useSettled(text.trim());
  const id = fieldId(name);
  const found = useQuery({
    queryKey: [...directoryKey, 'pick', q],
    queryFn: () => api<DirectoryListOut>(listPath({ q, status: 'active' }, 8)),
    enabled: q.length >= 2,
    staleTime: 30_000,
  });
  const entries = useQueries({ queries: chosen.map((c) => ({ queryKey: entryKey(c), queryFn: () => api<DirectoryEntryOut>(`/directory/${encodeURIComponent(c)}`), staleTime: 5 * 60_000 })) });
  const now = new Date();
  const results = (found.data?.entries ?? []).filter((e) => !chosen.includes(e.id));
  const choose = (e: DirectoryEntryOut) => {
    onChange(single ? [e.id] : [...chosen, e.id], e);
    setText('');
    document.getElementById(id)?.focus();
  };

  return (
    <Wrapper name={name} error={error}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        <Hint id={id} hint={hint} />
        <FieldError id={id} error={error} />
        {chosen.length > 0 && (
          <ul className="app-dir-chosen" aria-label={single ? 'Chosen' : 'Chosen so far'}>
            {chosen.map((c, i) => (
              <Chosen key={c} id={c} entry={entries[i]?.data} onRemove={() => onChange(chosen.filter((x) => x !== c))} />
            ))}
          </ul>
        )}
        {(!single || chosen.length === 0) && (
          <>
            <label className="nhsuk-label" htmlFor={id}>
              Search the directory
            </label>
            <input className="nhsuk-input nhsuk-input--width-20" id={id} type="search" autoComplete="off" value={text} onChange={(event) => setText(event.target.value)} />
            <p className="nhsuk-body-s app-dir-muted nhsuk-u-margin-top-2" role="status">
              {q.length < 2 ? 'Type at least 2 letters of the service’s or organisation’s name.' : found.isPending ? 'Searching…' : found.isError ? 'We could not search the directory just now. Please try again.' : results.length === 0 ? 'No open services found.' : `${results.length} found.`}
            </p>
            {q.length >= 2 && results.length > 0 && (
              <ul className="app-dir-results">
                {results.map((e) => (
                  <li key={e.id}>
                    <div>
                      <strong>{e.name}</strong>
                      {e.phones[0] && <> {e.phones[0].number}</>}
                      <div className="nhsuk-body-s nhsuk-u-margin-bottom-0 app-dir-muted">
                        {[kindsText(e.taxonomy), openingText(e, now)].filter(Boolean).join('. ')}
                      </div>
                    </div>
                    <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => choose(e)}>
                      Choose<span className="nhsuk-u-visually-hidden"> {e.name}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </fieldset>
    </Wrapper>
  );
}
