import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { JournalEntryOut, JournalStatus } from '../../../shared/journal.js';
import { ApiError, formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { Checkbox, TextArea, TextField } from '../../ui/fields.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { QueryState } from '../../ui/QueryState.js';
import { RequireRoles } from '../people/common.js';
import { formatDateTime } from '../people/person-form.js';
import { WELLBEING_ROLES } from '../wellbeing/access.js';
import { createEntry, deleteEntry, deleteJournal, entriesKey, exportHref, getEntries, getStatus, journalKey, lockJournal, recoverJournal, setupJournal, unlockJournal, updateEntry } from './api.js';
import './journal.css';

/**
 * My reflective journal: private to me. The words are encrypted with a key only my password
 * (or my recovery code) opens, so nobody else can read them: not my manager, not an administrator.
 */
export default function Journal() {
  const status = useQuery({ queryKey: journalKey, queryFn: getStatus });
  const [recoveryCode, setRecoveryCode] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  return (
    <RequireRoles roles={WELLBEING_ROLES} what="staff wellbeing">
      <Page title="My reflective journal" back={{ to: '/wellbeing', text: 'Your wellbeing' }}>
        <Notice text={notice} />
        <QueryState query={status} what="your journal" />
        {recoveryCode ? (
          <RecoveryCode code={recoveryCode} onDone={() => setRecoveryCode(null)} />
        ) : (
          status.data && <JournalState status={status.data} onSetUp={setRecoveryCode} onNotice={setNotice} />
        )}
      </Page>
    </RequireRoles>
  );
}

function JournalState({ status, onSetUp, onNotice }: { status: JournalStatus; onSetUp: (code: string) => void; onNotice: (text: string) => void }) {
  if (status.state === 'not_set_up') return <SetUp onSetUp={onSetUp} />;
  if (status.state === 'locked') return <Locked status={status} onNotice={onNotice} />;
  return <Unlocked onNotice={onNotice} />;
}

/** The status changed on the server: read it again. */
function useRefreshStatus() {
  const client = useQueryClient();
  return (next?: JournalStatus) => {
    if (next) client.setQueryData(journalKey, next);
    void client.invalidateQueries({ queryKey: ['journal'] });
  };
}

function SetUp({ onSetUp }: { onSetUp: (code: string) => void }) {
  const refresh = useRefreshStatus();
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const setup = useMutation({
    mutationFn: () => setupJournal(password),
    onSuccess: (reply) => {
      setPassword('');
      onSetUp(reply.recoveryCode);
      refresh(reply.status);
    },
    onError: (error) => setErrors(formErrorsFrom(error, ['password'])),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({ password: !password && 'Enter your password' });
    if (checks.summary.length) return setErrors(checks);
    setup.mutate();
  }
  return (
    <>
      <p>A place to reflect on your work in your own words. It is yours alone:</p>
      <ul>
        <li>what you write is locked with your password before it is saved, so nobody else can read it, including your manager and the people who run the system</li>
        <li>you can mark an entry as something to bring to your reflective practice group</li>
        <li>you can download it or delete it whenever you like</li>
      </ul>
      <p>To set it up, enter the password you sign in with. We will then show you a recovery code, once: it opens your journal if your password is ever reset.</p>
      <form onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} />
        <TextField name="password" label="Your password" type="password" autoComplete="current-password" width={20} value={password} onChange={setPassword} error={errors.fields.password} />
        <button type="submit" className="nhsuk-button" disabled={setup.isPending}>
          Set up my journal
        </button>
      </form>
    </>
  );
}

/** The recovery code, shown this once; the worker confirms they have kept it before going on. */
function RecoveryCode({ code, onDone }: { code: string; onDone: () => void }) {
  const [kept, setKept] = useState(false);
  const [error, setError] = useState('');
  return (
    <div className="nhsuk-card app-recovery-card">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading nhsuk-heading-m">Your recovery code</h2>
        <p>Keep this code somewhere safe and private, such as a password manager or on paper at home. If your password is ever reset, it is the only way to open your journal again.</p>
        <p className="app-recovery-code" data-testid="recovery-code">
          {code}
        </p>
        <p>We will not show it again, and we cannot find it for you: we do not keep it.</p>
        <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
          {error && (
            <span className="nhsuk-error-message" id="kept-error">
              <span className="nhsuk-u-visually-hidden">Error:</span> {error}
            </span>
          )}
          <div className="nhsuk-checkboxes">
            <Checkbox name="kept" label="I have kept my recovery code somewhere safe" checked={kept} onChange={setKept} />
          </div>
        </div>
        <button type="button" className="nhsuk-button" onClick={() => (kept ? onDone() : setError('Tick the box once you have kept your recovery code'))}>
          Continue to my journal
        </button>
      </div>
    </div>
  );
}

function Locked({ status, onNotice }: { status: JournalStatus; onNotice: (text: string) => void }) {
  const refresh = useRefreshStatus();
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [needsRecovery, setNeedsRecovery] = useState(status.needsRecovery);
  const unlock = useMutation({
    mutationFn: () => unlockJournal(password),
    onSuccess: (next) => {
      setPassword('');
      onNotice('');
      refresh(next);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'journal_needs_recovery') setNeedsRecovery(true);
      setErrors(formErrorsFrom(error, ['password']));
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({ password: !password && 'Enter your password' });
    if (checks.summary.length) return setErrors(checks);
    unlock.mutate();
  }
  return (
    <>
      {needsRecovery ? (
        <>
          <p>Your password was changed in a way your journal did not know about (for example, it was reset for you). Your journal is still here, safely locked.</p>
          <p>Open it once with your recovery code, and your password will open it again from then on.</p>
        </>
      ) : (
        <>
          <p>Enter your password to open your journal on this device. It stays open until you lock it or sign out.</p>
          <form onSubmit={submit} noValidate>
            <ErrorSummary errors={errors} />
            <TextField name="password" label="Your password" type="password" autoComplete="current-password" width={20} value={password} onChange={setPassword} error={errors.fields.password} />
            <button type="submit" className="nhsuk-button" disabled={unlock.isPending}>
              Open my journal
            </button>
          </form>
        </>
      )}
      <details className="nhsuk-details" open={needsRecovery}>
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">I cannot open my journal with my password</span>
        </summary>
        <div className="nhsuk-details__text">
          <Recover onNotice={onNotice} />
          <h2 className="nhsuk-heading-s">If you do not have your recovery code</h2>
          <p>Without your password or your recovery code, nobody can open your journal, including us. You can start a new, empty journal instead{status.entryCount === 0 ? '.' : `: your ${status.entryCount === 1 ? 'old entry' : `${status.entryCount} old entries`} will be deleted.`}</p>
          <DeleteJournal label="Delete my old journal and start again" onNotice={onNotice} />
        </div>
      </details>
    </>
  );
}

function Recover({ onNotice }: { onNotice: (text: string) => void }) {
  const refresh = useRefreshStatus();
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const recover = useMutation({
    mutationFn: () => recoverJournal(code, password),
    onSuccess: (next) => {
      onNotice('Your journal is open. From now on your current password opens it.');
      refresh(next);
    },
    onError: (error) => setErrors(formErrorsFrom(error, ['recoveryCode', 'password'])),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({ recoveryCode: !code.trim() && 'Enter your recovery code', password: !password && 'Enter your password' });
    if (checks.summary.length) return setErrors(checks);
    recover.mutate();
  }
  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={errors} />
      <TextField name="recoveryCode" label="Recovery code" hint="The code you were shown when you set up your journal, like 7KQ2-M9XD-4HTA-PW3C-88RZ" autoComplete="off" spellCheck={false} width={30} value={code} onChange={setCode} error={errors.fields.recoveryCode} />
      <TextField name="recoverPassword" label="Your current password" type="password" autoComplete="current-password" width={20} value={password} onChange={setPassword} error={errors.fields.password} />
      <button type="submit" className="nhsuk-button nhsuk-button--secondary" disabled={recover.isPending}>
        Open with my recovery code
      </button>
    </form>
  );
}

function DeleteJournal({ label, onNotice }: { label: string; onNotice: (text: string) => void }) {
  const refresh = useRefreshStatus();
  const [sure, setSure] = useState(false);
  const [error, setError] = useState('');
  const remove = useMutation({
    mutationFn: deleteJournal,
    onSuccess: (next) => {
      onNotice('Your journal and every entry in it have been deleted.');
      refresh(next);
    },
    onError: (e) => setError(formErrorsFrom(e).summary[0]?.text ?? 'That did not work. Please try again.'),
  });
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      {error && (
        <span className="nhsuk-error-message">
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      )}
      <div className="nhsuk-checkboxes">
        <Checkbox name="confirmDelete" label="I understand every entry will be deleted and cannot be brought back" checked={sure} onChange={setSure} />
      </div>
      <button type="button" className="nhsuk-button nhsuk-button--warning app-space-above" disabled={remove.isPending} onClick={() => (sure ? remove.mutate() : setError('Tick the box to confirm you want to delete your whole journal'))}>
        {label}
      </button>
    </div>
  );
}

function Unlocked({ onNotice }: { onNotice: (text: string) => void }) {
  const refresh = useRefreshStatus();
  const [filter, setFilter] = useState<'all' | 'group'>('all');
  const entries = useQuery({ queryKey: entriesKey(filter), queryFn: () => getEntries(filter) });
  const lock = useMutation({
    mutationFn: lockJournal,
    onSuccess: (next) => {
      onNotice('Your journal is locked. Your entries are safe.');
      refresh(next);
    },
  });
  // Locked elsewhere (or the session changed): show the lock screen.
  const lockedElsewhere = entries.error instanceof ApiError && entries.error.status === 423;
  useEffect(() => {
    if (lockedElsewhere) refresh();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- refresh is a new function each render; only the 423 matters
  }, [lockedElsewhere]);
  return (
    <>
      <div className="app-journal-bar">
        <p className="nhsuk-body-s app-journal-open">Your journal is open on this device.</p>
        <button type="button" className="nhsuk-button nhsuk-button--secondary app-inline-button" onClick={() => lock.mutate()} disabled={lock.isPending}>
          Lock my journal
        </button>
      </div>
      <NewEntry onNotice={onNotice} />
      <h2 className="nhsuk-heading-m">Your entries</h2>
      <div className="nhsuk-radios nhsuk-radios--inline app-journal-filter" role="group" aria-label="Which entries to show">
        {(
          [
            ['all', 'All entries'],
            ['group', 'Only those marked for the group'],
          ] as const
        ).map(([value, label]) => (
          <div className="nhsuk-radios__item" key={value}>
            <input className="nhsuk-radios__input" id={`filter-${value}`} name="filter" type="radio" checked={filter === value} onChange={() => setFilter(value)} />
            <label className="nhsuk-label nhsuk-radios__label" htmlFor={`filter-${value}`}>
              {label}
            </label>
          </div>
        ))}
      </div>
      <QueryState query={entries} what="your entries" />
      {entries.data && entries.data.unreadable > 0 && (
        <div className="nhsuk-warning-callout">
          <h3 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>Some entries could not be opened
            </span>
          </h3>
          <p>{entries.data.unreadable === 1 ? 'One entry' : `${entries.data.unreadable} entries`} could not be opened with your key, so {entries.data.unreadable === 1 ? 'it is' : 'they are'} not shown. Nothing you can see has changed.</p>
        </div>
      )}
      {entries.data && entries.data.entries.length === 0 && <p>{filter === 'group' ? 'No entries are marked to bring to the group.' : 'No entries yet. Whatever you write here stays yours.'}</p>}
      {entries.data && entries.data.entries.length > 0 && (
        <ul className="app-journal-entries">
          {entries.data.entries.map((e) => (
            <li key={e.id}>
              <Entry entry={e} onNotice={onNotice} />
            </li>
          ))}
        </ul>
      )}
      <h2 className="nhsuk-heading-m">Download or delete</h2>
      <p>Download your whole journal to keep: only you can do this, and only while it is open.</p>
      <ul className="nhsuk-list">
        <li>
          <a href={exportHref('text')} download>
            Download as a text file
          </a>
        </li>
        <li>
          <a href={exportHref('json')} download>
            Download as data (JSON)
          </a>
        </li>
      </ul>
      <details className="nhsuk-details">
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">Delete my whole journal</span>
        </summary>
        <div className="nhsuk-details__text">
          <p>This deletes every entry and the key that locks them. It cannot be undone. You can set up a new journal afterwards.</p>
          <DeleteJournal label="Delete my whole journal" onNotice={onNotice} />
        </div>
      </details>
      <p>
        <Link to="/wellbeing">Back to your wellbeing</Link>
      </p>
    </>
  );
}

function EntryFields({ prefix, title, words, forGroup, setTitle, setWords, setForGroup, errors }: { prefix: string; title: string; words: string; forGroup: boolean; setTitle: (v: string) => void; setWords: (v: string) => void; setForGroup: (v: boolean) => void; errors: FormErrors }) {
  return (
    <>
      <ErrorSummary errors={errors} />
      <TextField name={`${prefix}title`} label="Title (optional)" width={30} value={title} onChange={setTitle} error={errors.fields.title} />
      <TextArea name={`${prefix}words`} label="What is on your mind" hint="About your work, in your own words. Please leave out anything that could identify the people you support." rows={6} value={words} onChange={setWords} error={errors.fields.words} />
      <div className="nhsuk-form-group">
        <div className="nhsuk-checkboxes">
          <Checkbox name={`${prefix}forGroup`} label="Mark it to bring to the group" hint="A reminder for you. Nobody else sees your entries, marked or not." checked={forGroup} onChange={setForGroup} />
        </div>
      </div>
    </>
  );
}

function NewEntry({ onNotice }: { onNotice: (text: string) => void }) {
  const client = useQueryClient();
  const [title, setTitle] = useState('');
  const [words, setWords] = useState('');
  const [forGroup, setForGroup] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const save = useMutation({
    mutationFn: () => createEntry({ title: title.trim() || null, words, forGroup }),
    onSuccess: () => {
      setTitle('');
      setWords('');
      setForGroup(false);
      setErrors(noErrors);
      onNotice('Your entry is saved, locked with your key.');
      void client.invalidateQueries({ queryKey: ['journal'] });
    },
    onError: (error) => setErrors(formErrorsFrom(error, ['title', 'words'])),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({ words: !words.trim() && 'Write something to save' });
    if (checks.summary.length) return setErrors(checks);
    save.mutate();
  }
  return (
    <form onSubmit={submit} noValidate className="app-journal-new">
      <h2 className="nhsuk-heading-m">Write an entry</h2>
      <EntryFields prefix="" title={title} words={words} forGroup={forGroup} setTitle={setTitle} setWords={setWords} setForGroup={setForGroup} errors={errors} />
      <button type="submit" className="nhsuk-button" disabled={save.isPending}>
        Save entry
      </button>
    </form>
  );
}

function Entry({ entry, onNotice }: { entry: JournalEntryOut; onNotice: (text: string) => void }) {
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [title, setTitle] = useState(entry.title ?? '');
  const [words, setWords] = useState(entry.words);
  const [forGroup, setForGroup] = useState(entry.forGroup);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const done = (message: string) => {
    onNotice(message);
    void client.invalidateQueries({ queryKey: ['journal'] });
  };
  const save = useMutation({
    mutationFn: () => updateEntry(entry.id, { title: title.trim() || null, words, forGroup, version: entry.version }),
    onSuccess: () => {
      setEditing(false);
      setErrors(noErrors);
      done('Your changes are saved.');
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'stale_version') {
        setErrors({ summary: [{ text: 'This entry was changed somewhere else (perhaps on another device). Your words here are not saved: copy them, then reload the page.' }], fields: {} });
        return;
      }
      setErrors(formErrorsFrom(error, ['title', 'words']));
    },
  });
  const mark = useMutation({
    mutationFn: () => updateEntry(entry.id, { title: entry.title, words: entry.words, forGroup: !entry.forGroup, version: entry.version }),
    onSuccess: (saved) => done(saved.forGroup ? 'Marked to bring to the group.' : 'No longer marked for the group.'),
  });
  const remove = useMutation({ mutationFn: () => deleteEntry(entry.id), onSuccess: () => done('The entry is deleted.') });
  const heading = entry.title || formatDateTime(entry.createdAt);
  return (
    <div className="nhsuk-card app-journal-entry">
      <div className="nhsuk-card__content">
        {editing ? (
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              if (!words.trim()) return setErrors(formErrorsFromChecks({ words: 'Write something to save' }));
              save.mutate();
            }}
          >
            <h3 className="nhsuk-heading-s">Change this entry</h3>
            <EntryFields prefix={`e${entry.id}-`} title={title} words={words} forGroup={forGroup} setTitle={setTitle} setWords={setWords} setForGroup={setForGroup} errors={errors} />
            <div className="app-journal-actions">
              <button type="submit" className="nhsuk-button" disabled={save.isPending}>
                Save changes
              </button>
              <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setEditing(false)}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <>
            <h3 className="nhsuk-card__heading nhsuk-heading-s">{heading}</h3>
            <p className="nhsuk-body-s app-journal-meta">
              {entry.title ? `${formatDateTime(entry.createdAt)}` : 'Written'}
              {entry.updatedAt !== entry.createdAt ? ' · changed since' : ''}
              {entry.forGroup && <strong className="nhsuk-tag nhsuk-tag--blue app-journal-tag">To bring to the group</strong>}
            </p>
            <p className="app-journal-words">{entry.words}</p>
            {confirming ? (
              <div className="app-journal-actions">
                <p className="nhsuk-body-s">Delete this entry? It cannot be brought back.</p>
                <button type="button" className="nhsuk-button nhsuk-button--warning nhsuk-button--small" onClick={() => remove.mutate()} disabled={remove.isPending}>
                  Yes, delete it<span className="nhsuk-u-visually-hidden">: {heading}</span>
                </button>
                <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => setConfirming(false)}>
                  Keep it
                </button>
              </div>
            ) : (
              <div className="app-journal-actions">
                <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => setEditing(true)}>
                  Change<span className="nhsuk-u-visually-hidden"> {heading}</span>
                </button>
                <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => mark.mutate()} disabled={mark.isPending}>
                  {entry.forGroup ? 'Unmark for the group' : 'Mark to bring to the group'}
                  <span className="nhsuk-u-visually-hidden"> {heading}</span>
                </button>
                <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => setConfirming(true)}>
                  Delete<span className="nhsuk-u-visually-hidden"> {heading}</span>
                </button>
              </div>
            )}
          </>
        )}
      </div>
    </div>
  );
}
