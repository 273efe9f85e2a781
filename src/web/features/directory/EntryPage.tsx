import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { DIRECTORY_STATUS_LABELS, type DirectoryEntryOut } from '../../../shared/directory/entries.js';
import { describeHours, hoursOn, localDate } from '../../../shared/directory/schedules.js';
import { api } from '../../api/client.js';
import { ApiError, messageFor } from '../../api/errors.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { QueryState } from '../../ui/QueryState.js';
import { directoryKey, entryKey, ROUTES, useEntry } from './api.js';
import { kindsText, openingText, Row, StatusTag, useDirectoryRights } from './common.js';
import { agesText, checkedText, londonDate, telHref } from './entry-form.js';

const back = { to: '/directory', text: 'Service directory' };

export default function EntryPage() {
  const { entryId = '' } = useParams();
  const entry = useEntry(entryId);
  if (!entry.data)
    return (
      <Page title="Directory entry" back={back}>
        <QueryState query={entry} what="this entry" />
      </Page>
    );
  return <EntryDetail entry={entry.data} />;
}

/** The next seven days' hours in London, from today. */
function weekHours(entry: DirectoryEntryOut, now: Date): { day: string; text: string }[] {
  const today = localDate(now);
  const start = Date.parse(`${today}T12:00:00Z`);
  return Array.from({ length: 7 }, (_, i) => {
    const date = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    const name = i === 0 ? 'Today' : i === 1 ? 'Tomorrow' : new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
    const hours = hoursOn(entry.schedules, date);
    const text = describeHours(hours, '').replace(/\s+/g, ' ').trim();
    return { day: name, text: `${text}${hours.bankHoliday ? ` (${hours.bankHoliday})` : ''}` };
  });
}

function EntryDetail({ entry }: { entry: DirectoryEntryOut }) {
  const client = useQueryClient();
  const rights = useDirectoryRights();
  const [params] = useSearchParams();
  const [notice, setNotice] = useState(params.get('saved') ? 'Your changes are saved.' : params.get('created') ? 'The entry has been added to the directory.' : '');
  const now = new Date();

  const act = useMutation({
    mutationFn: (what: 'checked' | 'archive') => api<DirectoryEntryOut>(ROUTES[what].path(entry.id), { method: 'POST', body: { version: entry.version } }),
    onMutate: () => setNotice(''),
    onSuccess: async (updated, what) => {
      client.setQueryData(entryKey(entry.id), updated);
      setNotice(what === 'checked' ? 'Marked as checked today.' : 'The entry is archived. It no longer shows to the public or when signposting.');
      await client.invalidateQueries({ queryKey: [...directoryKey, 'list'] });
    },
    onError: async (error) => {
      if (error instanceof ApiError && error.status === 409) await client.invalidateQueries({ queryKey: entryKey(entry.id) });
    },
  });
  const staleError = act.error instanceof ApiError && act.error.status === 409;
  const hasHours = entry.hoursFromService || entry.schedules.regular_schedules.length > 0 || entry.schedules.holiday_schedules.length > 0;
  const address = [entry.locationName, ...entry.addressLines, entry.town, entry.postcode].filter(Boolean);

  return (
    <Page title={entry.name} caption="Service directory" back={back}>
      <Notice text={notice} />
      {act.isError && (
        <p className="nhsuk-error-message" role="alert">
          {staleError ? 'Someone else changed this entry just now. It has been reloaded: please look again and try once more.' : messageFor(act.error)}
        </p>
      )}
      <p>
        <StatusTag status={entry.status} /> {openingText(entry, now)}
      </p>
      {rights.edit &&
        (entry.stale ? (
          <div className="app-dir-count">
            <p>
              <strong>{checkedText(entry.lastCheckedAt, entry.stale)}.</strong> Please check the details with the service, then mark it as checked.
            </p>
          </div>
        ) : (
          <p>
            {checkedText(entry.lastCheckedAt, entry.stale)}
            {entry.lastCheckedByName ? ` by ${entry.lastCheckedByName}` : ''}.
          </p>
        ))}
      {rights.edit && (
        <div className="app-actions">
          <Link className="nhsuk-button" to={`/directory/${entry.id}/edit`}>
            Edit<span className="nhsuk-u-visually-hidden"> {entry.name}</span>
          </Link>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={act.isPending} onClick={() => act.mutate('checked')}>
            Mark as checked today
          </button>
          {entry.status !== 'inactive' && (
            <button type="button" className="app-link-button" disabled={act.isPending} onClick={() => act.mutate('archive')}>
              Archive this entry
            </button>
          )}
        </div>
      )}

      <h2 className="nhsuk-heading-m">About</h2>
      <dl className="nhsuk-summary-list">
        <Row label="What it offers">{entry.description}</Row>
        <Row label="Run by">{entry.organisationUrl ? <a href={entry.organisationUrl}>{entry.organisationName}</a> : entry.organisationName}</Row>
        <Row label="Kinds of help">{kindsText(entry.taxonomy)}</Row>
        {entry.otherTaxonomy.length > 0 && <Row label="Other terms (from an import)">{entry.otherTaxonomy.map((t) => t.name).join(', ')}</Row>}
        <Row label="Status">{DIRECTORY_STATUS_LABELS[entry.status]}</Row>
        {entry.linkedServiceName && <Row label="One of our own services">{entry.linkedServiceName}</Row>}
      </dl>

      <h2 className="nhsuk-heading-m">Getting in touch</h2>
      <dl className="nhsuk-summary-list">
        <Row label="Phone">
          {entry.phones.length > 0 && (
            <ul className="nhsuk-list">
              {entry.phones.map((p, i) => (
                <li key={i}>
                  {p.label && <>{p.label}: </>}
                  <a href={telHref(p.number)}>{p.number}</a>
                </li>
              ))}
            </ul>
          )}
        </Row>
        <Row label="Email">{entry.email && <a href={`mailto:${entry.email}`}>{entry.email}</a>}</Row>
        <Row label="Website">{entry.url && <a href={entry.url}>{entry.url}</a>}</Row>
        <Row label="Address">
          {address.length > 0 && (
            <>
              {address.map((line, i) => (
                <span key={i}>
                  {line}
                  {i < address.length - 1 && <br />}
                </span>
              ))}
            </>
          )}
        </Row>
        <Row label="How to get there">{entry.howToGetThere}</Row>
        <Row label="Accessibility">{entry.accessibility.length > 0 && <ul className="nhsuk-list">{entry.accessibility.map((a, i) => <li key={i}>{a}</li>)}</ul>}</Row>
      </dl>

      <h2 className="nhsuk-heading-m">Who it is for</h2>
      <dl className="nhsuk-summary-list">
        <Row label="Who it is for">{entry.whoFor}</Row>
        <Row label="Ages">{agesText(entry.minAge, entry.maxAge) || 'Any age'}</Row>
        <Row label="Areas">{entry.serviceAreas.join(', ')}</Row>
        <Row label="Languages">{entry.languages.join(', ')}</Row>
      </dl>

      <h2 className="nhsuk-heading-m">Opening hours</h2>
      {entry.hoursFromService && <p>These are the opening hours of our own service, {entry.linkedServiceName ?? 'linked to this entry'}. Change them on that service’s page in Administration.</p>}
      {hasHours ? (
        <dl className="nhsuk-summary-list">
          {weekHours(entry, now).map((d) => (
            <Row key={d.day} label={d.day}>
              {d.text}
            </Row>
          ))}
        </dl>
      ) : (
        <p>No opening hours given. Check with the service before sending someone there.</p>
      )}
      {entry.schedules.observes_bank_holidays && <p>Closed on bank holidays.</p>}
      {entry.schedules.holiday_schedules.length > 0 && (
        <>
          <h3 className="nhsuk-heading-s">Special dates</h3>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {entry.schedules.holiday_schedules.map((h, i) => (
              <li key={i}>
                {h.start_date === h.end_date ? londonDate(`${h.start_date}T12:00:00Z`) : `${londonDate(`${h.start_date}T12:00:00Z`)} to ${londonDate(`${h.end_date}T12:00:00Z`)}`}: {h.closed ? 'closed' : `open ${h.opens_at?.slice(0, 5) ?? ''} to ${h.closes_at?.slice(0, 5) ?? ''}`}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="nhsuk-body-s app-dir-muted">
        Added {londonDate(entry.createdAt)}. Last changed {londonDate(entry.updatedAt)}.
      </p>
    </Page>
  );
}
