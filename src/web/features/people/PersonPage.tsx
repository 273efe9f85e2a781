import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import {
  DISABILITY_LABELS,
  EQUALITY_QUESTIONS,
  ETHNICITY_LABELS,
  GENDER_LABELS,
  RELIGION_LABELS,
  SEXUAL_ORIENTATION_LABELS,
  todayUtc,
  TRANS_HISTORY_LABELS,
  type EqualityOut,
  type MergeOut,
  type MergeUndoOut,
  type PersonOut,
  type TimelineItem,
} from '../../../shared/people.js';
import { api } from '../../api/client.js';
import { formErrorsFrom, formErrorsFromChecks, messageFor, noErrors, type FormErrors } from '../../api/errors.js';
import { hasAnyRole, useSession } from '../../session/session.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { staleVersionsOf, StaleVersionChoice } from '../../ui/StaleVersion.js';
import { MERGE_ROLES, PEER_ROLES, UNDO_MERGE_ROLES } from './access.js';
import { getPerson, getTimeline, personKey, searchParamsFor, searchPeople, timelineKey } from './api.js';
import { QueryState, RequireRoles, Row } from './common.js';
import { PersonLine } from './People.js';
import { PersonFields } from './PersonFields.js';
import { checkPersonForm, describeAge, describeTimelineItem, formatDateTime, formatNhsNumber, formFromPerson, patchBodyFrom, PERSON_FIELD_ORDER, type PersonFormState } from './person-form.js';

export default function PersonPage() {
  const { personId = '' } = useParams();
  const person = useQuery({ queryKey: personKey(personId), queryFn: () => getPerson(personId) });
  return (
    <RequireRoles roles={PEER_ROLES} what="people’s records">
      {person.data ? (
        <PersonView key={person.data.id} person={person.data} />
      ) : (
        <Page title="Person" back={{ to: '/people', text: 'People' }}>
          <QueryState query={person} what="this person’s record" />
        </Page>
      )}
    </RequireRoles>
  );
}

const EQUALITY_ROWS: { key: keyof EqualityOut; labels: Record<string, string> }[] = [
  { key: 'ethnicity', labels: ETHNICITY_LABELS },
  { key: 'gender', labels: GENDER_LABELS },
  { key: 'transHistory', labels: TRANS_HISTORY_LABELS },
  { key: 'sexualOrientation', labels: SEXUAL_ORIENTATION_LABELS },
  { key: 'disability', labels: DISABILITY_LABELS },
  { key: 'religion', labels: RELIGION_LABELS },
];

function PersonView({ person }: { person: PersonOut }) {
  const [params, setParams] = useSearchParams();
  const { data: session } = useSession();
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState(params.get('added') ? `${person.preferredName} has been added.` : '');
  const [lastMerge, setLastMerge] = useState<MergeOut | null>(null);
  useEffect(() => {
    // "Added" is said once: a reload or a shared link does not say it again.
    if (params.get('added')) setParams({}, { replace: true });
  }, [params, setParams]);
  const canMerge = session ? hasAnyRole(session.user, MERGE_ROLES) : false;
  const canUndo = session ? hasAnyRole(session.user, UNDO_MERGE_ROLES) : false;

  if (person.mergedIntoId) {
    return (
      <Page title={person.preferredName} caption="Person" back={{ to: '/people', text: 'People' }}>
        <div className="nhsuk-inset-text">
          <p>This record was joined with another record of the same person{person.mergedAt ? ` on ${formatDateTime(person.mergedAt)}` : ''}. Everything is kept together there now.</p>
          <p>
            <Link to={`/people/${person.mergedIntoId}`}>Go to the record that was kept</Link>
          </p>
        </div>
      </Page>
    );
  }

  return (
    <Page title={person.preferredName} caption="Person" back={{ to: '/people', text: 'People' }} wide>
      <Notice text={notice} />
      {lastMerge && <UndoMerge merge={lastMerge} canUndo={canUndo} onUndone={() => setLastMerge(null)} />}
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <p>
            <Link className="nhsuk-button" to={`/people/${person.id}/offer`}>
              Offer peer support
            </Link>
            {' '}
            <Link className="nhsuk-button nhsuk-button--secondary" to={`/people/${person.id}/plan`}>
              Crisis plan
            </Link>
            {' '}
            <Link className="nhsuk-button nhsuk-button--warning" to={`/escalations/new?personId=${person.id}&name=${encodeURIComponent(person.preferredName)}`}>
              Raise an escalation
            </Link>
          </p>
          {editing ? (
            <EditPerson
              person={person}
              onDone={(saved) => {
                setEditing(false);
                if (saved) setNotice('Your changes are saved.');
              }}
            />
          ) : (
            <section aria-labelledby="details-title">
              <h2 className="nhsuk-heading-m" id="details-title">
                About {person.preferredName}
              </h2>
              <dl className="nhsuk-summary-list">
                <Row label="Likes to be called">{person.preferredName}</Row>
                <Row label="Full name">{person.fullName}</Row>
                <Row label="Pronouns">{person.pronouns}</Row>
                <Row label="Age">{person.dateOfBirth || person.ageNow != null ? describeAge(person) : null}</Row>
                <Row label="Phone">{person.phone}</Row>
                <Row label="Email">{person.email}</Row>
                <Row label="Address">{[person.address, person.postcode].filter(Boolean).join('\n')}</Row>
                <Row label="Language">{person.preferredLanguage}</Row>
                <Row label="Communication needs">{person.communicationNeeds}</Row>
                <Row label="NHS number">{person.nhsNumber ? formatNhsNumber(person.nhsNumber) : null}</Row>
                <Row label="What helps, in their words">{person.whatHelps}</Row>
              </dl>
              <details className="nhsuk-details">
                <summary className="nhsuk-details__summary">
                  <span className="nhsuk-details__summary-text">Equality monitoring</span>
                </summary>
                <div className="nhsuk-details__text">
                  <dl className="nhsuk-summary-list">
                    {EQUALITY_ROWS.map((r) => (
                      <Row key={r.key} label={EQUALITY_QUESTIONS[r.key]}>
                        {person.equality[r.key] === 'not_asked' ? 'Not asked yet' : r.labels[person.equality[r.key]]}
                      </Row>
                    ))}
                  </dl>
                </div>
              </details>
              <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => { setNotice(''); setEditing(true); }}>
                Change their details
              </button>
            </section>
          )}
        </div>
      </div>
      <Timeline personId={person.id} />
      {canMerge && (
        <Merge
          person={person}
          onMerged={(merge) => {
            setLastMerge(merge);
            setNotice('');
          }}
        />
      )}
    </Page>
  );
}

function EditPerson({ person, onDone }: { person: PersonOut; onDone: (saved: boolean) => void }) {
  const client = useQueryClient();
  const start = formFromPerson(person);
  const [form, setForm] = useState<PersonFormState>(start);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [stale, setStale] = useState<PersonOut | null>(null);

  const save = useMutation({
    mutationFn: ({ base, version }: { base: PersonFormState; version: number }) => api<PersonOut>(`/people/${person.id}`, { method: 'PATCH', body: patchBodyFrom(base, form, version) }),
    onSuccess: (updated) => {
      client.setQueryData(personKey(person.id), updated);
      onDone(true);
    },
    onError: (error) => {
      const versions = staleVersionsOf<PersonOut>(error);
      if (versions) setStale(versions.current);
      else setErrors(formErrorsFrom(error, PERSON_FIELD_ORDER));
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks(checkPersonForm(form, todayUtc()));
    if (checks.summary.length) return setErrors(checks);
    setErrors(noErrors);
    save.mutate({ base: start, version: person.version });
  }

  if (stale) {
    const theirs = formFromPerson(stale);
    const rows = (
      [
        ['Likes to be called', 'preferredName'],
        ['Full name', 'fullName'],
        ['Pronouns', 'pronouns'],
        ['Date of birth', 'dateOfBirth'],
        ['Age, roughly', 'approximateAge'],
        ['Phone', 'phone'],
        ['Email', 'email'],
        ['Address', 'address'],
        ['Postcode', 'postcode'],
        ['Language', 'preferredLanguage'],
        ['Communication needs', 'communicationNeeds'],
        ['NHS number', 'nhsNumber'],
        ['What helps', 'whatHelps'],
      ] as const
    ).map(([label, key]) => ({ label, theirs: theirs[key], yours: form[key] }));
    return (
      <StaleVersionChoice
        rows={rows}
        busy={save.isPending}
        onKeepTheirs={() => {
          client.setQueryData(personKey(person.id), stale);
          onDone(false);
        }}
        onUseMine={() => save.mutate({ base: theirs, version: stale.version })}
      />
    );
  }

  return (
    <section aria-labelledby="edit-title">
      <h2 className="nhsuk-heading-m" id="edit-title">
        Change their details
      </h2>
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate>
        <PersonFields form={form} onChange={setForm} errors={errors.fields} />
        <div className="app-actions">
          <button type="submit" className="nhsuk-button" disabled={save.isPending}>
            Save changes
          </button>
          <button type="button" className="app-link-button" onClick={() => onDone(false)}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

function Timeline({ personId }: { personId: string }) {
  const timeline = useQuery({ queryKey: timelineKey(personId), queryFn: () => getTimeline(personId) });
  return (
    <section aria-labelledby="timeline-title" className="nhsuk-u-margin-top-5">
      <h2 className="nhsuk-heading-m" id="timeline-title">
        Timeline
      </h2>
      <QueryState query={timeline} what="the timeline" />
      {timeline.data &&
        (timeline.data.items.length === 0 ? (
          <p>Nothing recorded yet. Contacts, peer support and moves on to other services will appear here, newest first.</p>
        ) : (
          <ol className="app-timeline" reversed>
            {timeline.data.items.map((item) => (
              <TimelineEntry key={`${item.type}-${item.id}`} item={item} />
            ))}
          </ol>
        ))}
    </section>
  );
}

function TimelineEntry({ item }: { item: TimelineItem }) {
  const { title, detail } = describeTimelineItem(item);
  const episodeId = item.type === 'episode' ? item.id : item.episodeId;
  return (
    <li>
      <h3 className="nhsuk-heading-xs">{episodeId ? <Link to={`/services/${item.serviceId}/episodes/${episodeId}`}>{title}</Link> : title}</h3>
      <p className="nhsuk-body-s app-muted">
        <time dateTime={item.at}>{formatDateTime(item.at)}</time>
        {detail ? ` · ${detail}` : ''}
      </p>
    </li>
  );
}

function Merge({ person, onMerged }: { person: PersonOut; onMerged: (merge: MergeOut) => void }) {
  const client = useQueryClient();
  const [input, setInput] = useState('');
  const [searched, setSearched] = useState('');
  const [chosen, setChosen] = useState<{ id: string; preferredName: string } | null>(null);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const params = searchParamsFor(searched);
  const results = useQuery({ queryKey: ['people', 'search', searched], queryFn: () => searchPeople(params!), enabled: params !== null });

  const merge = useMutation({
    mutationFn: (otherPersonId: string) => api<MergeOut>(`/people/${person.id}/merge`, { method: 'POST', body: { otherPersonId, version: person.version } }),
    onSuccess: async (result) => {
      client.setQueryData(personKey(person.id), result.person);
      await client.invalidateQueries({ queryKey: timelineKey(person.id) });
      setChosen(null);
      setSearched('');
      setInput('');
      onMerged(result);
    },
    onError: (error) => setErrors(formErrorsFrom(error)),
  });

  function find(event: FormEvent) {
    event.preventDefault();
    if (!input.trim()) return setErrors(formErrorsFromChecks({ 'merge-search': 'Enter a name, date of birth or NHS number' }));
    setErrors(noErrors);
    setSearched(input.trim());
  }

  const others = results.data?.people.filter((p) => p.id !== person.id) ?? [];
  return (
    <section aria-labelledby="merge-title" className="nhsuk-u-margin-top-5">
      <h2 className="nhsuk-heading-m" id="merge-title">
        This is the same person as…
      </h2>
      <p>If {person.preferredName} has a second record, join the two so everything about them is in one place. This record is kept; the other’s contacts and peer support move here. A service manager can undo it.</p>
      <ErrorSummary errors={errors} />
      {chosen ? (
        <div className="nhsuk-warning-callout">
          <h3 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>Check before joining
            </span>
          </h3>
          <p>
            Join {chosen.preferredName}’s record into {person.preferredName}’s? Only do this when you are sure they are the same person.
          </p>
          <div className="app-actions">
            <button type="button" className="nhsuk-button" onClick={() => merge.mutate(chosen.id)} disabled={merge.isPending}>
              Yes, join the records
            </button>
            <button type="button" className="app-link-button" onClick={() => setChosen(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <>
          <form onSubmit={find} noValidate role="search" aria-label="Find the other record" className="app-inline-form">
            <div className={`nhsuk-form-group${errors.fields['merge-search'] ? ' nhsuk-form-group--error' : ''}`}>
              <label className="nhsuk-label" htmlFor="field-merge-search">
                Find their other record
              </label>
              {errors.fields['merge-search'] && (
                <span className="nhsuk-error-message" id="field-merge-search-error">
                  <span className="nhsuk-u-visually-hidden">Error:</span> {errors.fields['merge-search']}
                </span>
              )}
              <input className="nhsuk-input nhsuk-input--width-20" id="field-merge-search" type="search" value={input} onChange={(e) => setInput(e.target.value)} autoComplete="off" aria-describedby={errors.fields['merge-search'] ? 'field-merge-search-error' : undefined} />
            </div>
            <button type="submit" className="nhsuk-button nhsuk-button--secondary">
              Find
            </button>
          </form>
          {params && <QueryState query={results} what="the search results" />}
          {results.data &&
            (others.length === 0 ? (
              <p role="status">No other record found for “{searched}”.</p>
            ) : (
              <ul className="nhsuk-list app-candidates nhsuk-u-margin-top-4">
                {others.map((p) => (
                  <li key={p.id}>
                    <PersonLine person={p} />
                    <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setChosen(p)}>
                      This is the same person<span className="nhsuk-u-visually-hidden">: {p.preferredName}</span>
                    </button>
                  </li>
                ))}
              </ul>
            ))}
        </>
      )}
    </section>
  );
}

function UndoMerge({ merge, canUndo, onUndone }: { merge: MergeOut; canUndo: boolean; onUndone: () => void }) {
  const client = useQueryClient();
  const undo = useMutation({
    mutationFn: () => api<MergeUndoOut>(`/people/merges/${merge.mergeId}/undo`, { method: 'POST' }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['person'] });
      onUndone();
    },
  });
  const moved = merge.moved.contacts + merge.moved.episodes;
  return (
    <div className="nhsuk-inset-text" role="status">
      <p>
        The records are joined. {moved === 0 ? 'Nothing needed to move.' : `${merge.moved.contacts} contact${merge.moved.contacts === 1 ? '' : 's'} and ${merge.moved.episodes} episode${merge.moved.episodes === 1 ? '' : 's'} of peer support moved here.`}
      </p>
      {undo.isError && (
        <p className="nhsuk-error-message" role="alert">
          {messageFor(undo.error)}
        </p>
      )}
      {canUndo ? (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => undo.mutate()} disabled={undo.isPending}>
          Undo this merge
        </button>
      ) : (
        <p>If this was a mistake, a service manager can undo it.</p>
      )}
    </div>
  );
}
