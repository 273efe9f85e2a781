import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { CHECKIN_KIND_LABELS, SCALE_LABELS, type AskAgain, type CheckinKind, type CheckinOut } from '../../../shared/wellbeing.js';
import { formErrorsFrom, noErrors, type FormErrors } from '../../api/errors.js';
import { useSession } from '../../session/session.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { Checkbox, Fieldset, Radios, SelectField, TextArea } from '../../ui/fields.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { QueryState } from '../../ui/QueryState.js';
import { RequireRoles } from '../people/common.js';
import { formatDateTime } from '../people/person-form.js';
import { WELLBEING_ROLES } from './access.js';
import { checkinsKey, deleteCheckin, getCheckins, postCheckin, shareCheckin } from './api.js';
import { SharedWithList, SharePicker, WellbeingLinks } from './common.js';
import './wellbeing.css';

const SCALE_OPTIONS = ([5, 4, 3, 2, 1] as const).map((n) => ({ value: String(n), label: `${n}: ${SCALE_LABELS[n]}` }));
const KIND_OPTIONS = [
  { value: 'check_in', label: 'Checking in', hint: 'Starting a shift' },
  { value: 'check_out', label: 'Checking out', hint: 'Finishing a shift' },
];

/** The wellbeing hub: check in or out in a few seconds, recent entries, and the other wellbeing pages. */
export default function Wellbeing() {
  const client = useQueryClient();
  const { data: session } = useSession();
  const entries = useInfiniteQuery({
    queryKey: checkinsKey,
    queryFn: ({ pageParam }) => getCheckins(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  // When the page opened: a check-in in the 12 hours before suggests checking out now.
  const [openedAt] = useState(() => Date.now());
  const [notice, setNotice] = useState('');
  const [askAgain, setAskAgain] = useState<AskAgain | null>(null);
  const refresh = (message: string) => {
    setNotice(message);
    void client.invalidateQueries({ queryKey: checkinsKey });
  };
  const latest = entries.data?.pages[0]?.checkins[0];
  const services = (session?.user.memberships ?? []).filter((m) => m.serviceId).map((m) => ({ id: m.serviceId!, name: m.serviceName ?? 'Service' }));
  const uniqueServices = [...new Map(services.map((s) => [s.id, s])).values()];
  const all = entries.data?.pages.flatMap((p) => p.checkins) ?? [];

  return (
    <RequireRoles roles={WELLBEING_ROLES} what="staff wellbeing">
      <Page title="Your wellbeing" caption="Just for you" wide>
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-two-thirds">
            <p>Checking in and out takes a few seconds and is up to you. What you write here is private: nobody else sees it, including managers, unless you choose to share an entry with someone.</p>
            <Notice text={notice} />
            {askAgain ? (
              <AskAgainForm
                ask={askAgain}
                onDone={(message) => {
                  setAskAgain(null);
                  refresh(message);
                }}
              />
            ) : (
              <CheckinForm
                key={latest?.id ?? 'none'}
                suggested={latest?.kind === 'check_in' && openedAt - Date.parse(latest.createdAt) < 12 * 3_600_000 ? 'check_out' : 'check_in'}
                services={uniqueServices}
                onSaved={(ask, message) => {
                  setAskAgain(ask);
                  refresh(ask ? '' : message);
                }}
              />
            )}
          </div>
        </div>

        <h2 className="nhsuk-heading-m">More for you</h2>
        <WellbeingLinks />

        <h2 className="nhsuk-heading-m">Your recent entries</h2>
        <QueryState query={entries} what="your entries" />
        {entries.data && all.length === 0 && <p>You have no entries yet. When you check in or out, it will appear here.</p>}
        <ul className="nhsuk-list app-wellbeing-entries">
          {all.map((entry) => (
            <EntryCard key={entry.id} entry={entry} onChanged={refresh} />
          ))}
        </ul>
        {entries.hasNextPage && (
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void entries.fetchNextPage()} disabled={entries.isFetchingNextPage}>
            Show older entries
          </button>
        )}

      </Page>
    </RequireRoles>
  );
}

function CheckinForm({ suggested, services, onSaved }: { suggested: CheckinKind; services: { id: string; name: string }[]; onSaved: (ask: AskAgain | null, message: string) => void }) {
  const [kind, setKind] = useState<CheckinKind>(suggested);
  const [scale, setScale] = useState('');
  const [words, setWords] = useState('');
  const [hardShift, setHardShift] = useState(false);
  const [serviceId, setServiceId] = useState(services.length === 1 ? services[0]!.id : '');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const save = useMutation({
    mutationFn: () => postCheckin({ kind, scale: scale ? Number(scale) : null, words: words.trim() || null, hardShift, serviceId: serviceId || null }),
    onSuccess: (reply) => {
      setErrors(noErrors);
      onSaved(reply.askAgain, kind === 'check_in' ? 'Thank you for checking in. Look after yourself today.' : 'Thank you for checking out. Rest well.');
    },
    onError: (error) => setErrors(formErrorsFrom(error, ['kind', 'scale', 'words', 'hardShift', 'serviceId'])),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!scale && !words.trim() && !hardShift) {
      const text = 'Choose a number, write a few words, or tick "it was a hard shift"';
      return setErrors({ summary: [{ href: '#scale', text }], fields: { scale: text } });
    }
    save.mutate();
  }
  return (
    <form onSubmit={submit} noValidate className="app-checkin-form">
      <ErrorSummary errors={errors} />
      <Fieldset name="kind" legend="Are you starting or finishing?" legendClass="nhsuk-fieldset__legend--m" error={errors.fields.kind}>
        <Radios name="kind" value={kind} onChange={(v) => setKind(v as CheckinKind)} options={KIND_OPTIONS} inline />
      </Fieldset>
      <Fieldset name="scale" legend="How are you right now?" hint="Optional. 5 is the best, 1 the hardest." error={errors.fields.scale}>
        <Radios name="scale" value={scale} onChange={setScale} options={SCALE_OPTIONS} />
      </Fieldset>
      <TextArea name="words" label="In your own words (optional)" value={words} onChange={setWords} rows={3} error={errors.fields.words} />
      {kind === 'check_out' && (
        <div className="nhsuk-form-group">
          <div className="nhsuk-checkboxes">
            <Checkbox name="hardShift" label="It was a hard shift" hint="Only you see this, unless you share the entry." checked={hardShift} onChange={setHardShift} />
          </div>
        </div>
      )}
      {services.length > 1 && (
        <SelectField name="serviceId" label="Where were you working? (optional)" value={serviceId} onChange={setServiceId} options={[{ value: '', label: 'Not saying' }, ...services.map((s) => ({ value: s.id, label: s.name }))]} error={errors.fields.serviceId} />
      )}
      <button type="submit" className="nhsuk-button" disabled={save.isPending}>
        {kind === 'check_in' ? 'Check in' : 'Check out'}
      </button>
    </form>
  );
}

/** The gentle second question: once, kindly, and easy to skip. */
function AskAgainForm({ ask, onDone }: { ask: AskAgain; onDone: (message: string) => void }) {
  const [words, setWords] = useState('');
  const [scale, setScale] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const ref = useRef<HTMLDivElement>(null);
  // Keyboard and screen reader users land on the question, not on a button that has gone.
  useEffect(() => ref.current?.focus(), []);
  const save = useMutation({
    mutationFn: () => postCheckin({ kind: 'check_out', scale: scale ? Number(scale) : null, words: words.trim() || null, followsUpId: ask.followsUpId }),
    onSuccess: () => onDone('Thank you for telling us. If you would like to talk it through, you can ask for a debrief at any time.'),
    onError: (error) => setErrors(formErrorsFrom(error, ['scale', 'words'])),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!scale && !words.trim()) {
      const text = 'Write a few words or choose a number, or choose "Skip"';
      return setErrors({ summary: [{ href: '#again-words', text }], fields: { words: text } });
    }
    save.mutate();
  }
  return (
    <div className="nhsuk-card app-ask-again" ref={ref} tabIndex={-1}>
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading nhsuk-heading-m">Before you go</h2>
        <p>{ask.prompt}</p>
        <form onSubmit={submit} noValidate>
          <ErrorSummary errors={errors} />
          <TextArea name="again-words" label="How are you really doing?" value={words} onChange={setWords} rows={3} error={errors.fields.words} />
          <Fieldset name="again-scale" legend="Or choose a number (optional)" error={errors.fields.scale}>
            <Radios name="again-scale" value={scale} onChange={setScale} options={SCALE_OPTIONS} />
          </Fieldset>
          <div className="app-actions">
            <button type="submit" className="nhsuk-button" disabled={save.isPending}>
              Send
            </button>
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => onDone('That is fine. Your check-out is saved.')}>
              Skip
            </button>
          </div>
        </form>
        <p className="nhsuk-body-s">
          You can also <Link to="/wellbeing/debriefs">ask for a debrief</Link> whenever you would like one.
        </p>
      </div>
    </div>
  );
}

function EntryCard({ entry, onChanged }: { entry: CheckinOut; onChanged: (message: string) => void }) {
  const remove = useMutation({ mutationFn: () => deleteCheckin(entry.id), onSuccess: () => onChanged('Your entry is deleted.') });
  const what = `your ${CHECKIN_KIND_LABELS[entry.kind].toLowerCase()} from ${formatDateTime(entry.createdAt)}`;
  return (
    <li className="nhsuk-card app-wellbeing-entry">
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-heading-s nhsuk-u-margin-bottom-2">
          {entry.followsUpId ? 'Your answer to the second question' : CHECKIN_KIND_LABELS[entry.kind]}, {formatDateTime(entry.createdAt)}
        </h3>
        {(entry.scaleLabel || entry.hardShift || entry.serviceName) && (
          <p className="nhsuk-body-s">
            {entry.scaleLabel && <strong className="nhsuk-tag nhsuk-tag--blue">{`${entry.scale}: ${entry.scaleLabel}`}</strong>} {entry.hardShift && <strong className="nhsuk-tag nhsuk-tag--grey">Hard shift</strong>}{' '}
            {entry.serviceName && <span>at {entry.serviceName}</span>}
          </p>
        )}
        {entry.words && <p className="app-break">{entry.words}</p>}
        <SharedWithList shares={entry.shares} onChanged={onChanged} what={what} />
        <details className="nhsuk-details nhsuk-u-margin-bottom-2">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">
              Share with…<span className="nhsuk-u-visually-hidden"> {what}</span>
            </span>
          </summary>
          <div className="nhsuk-details__text">
            <SharePicker name={`share-${entry.id}`} what={what} share={(userId) => shareCheckin(entry.id, userId)} onShared={onChanged} />
          </div>
        </details>
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-inline-button" onClick={() => remove.mutate()} disabled={remove.isPending}>
          Delete<span className="nhsuk-u-visually-hidden"> {what}</span>
        </button>
      </div>
    </li>
  );
}
