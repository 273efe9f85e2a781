import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import {
  CLOSING_REASON_LABELS,
  CLOSING_REASONS,
  CONSENT_HOW_LABELS,
  EPISODE_STATUS_LABELS,
  GOAL_STATUS_LABELS,
  SESSION_TEXT_FIELDS,
  TRANSITION_STATUS_LABELS,
  type EpisodeOut,
  type EpisodePatch,
  type EpisodeSessionOut,
  type GoalEdit,
  type ServiceCaseloadsOut,
  type TransitionOut,
  type TransitionPatch,
  type TransitionStatus,
} from '../../../shared/episodes.js';
import { api } from '../../api/client.js';
import { ApiError, formErrorsFrom, formErrorsFromChecks, messageFor, noErrors, type FormErrors } from '../../api/errors.js';
import { useSession } from '../../session/session.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { Checkbox, Fieldset, Radios, SelectField, TextArea, TextField } from '../../ui/fields.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { staleVersionsOf, StaleVersionChoice } from '../../ui/StaleVersion.js';
import { holdsIn, LEAD_ROLES, PEER_ROLES } from '../people/access.js';
import { timelineKey } from '../people/api.js';
import { QueryState, RequireRoles, Row } from '../people/common.js';
import { formatDate, formatDateTime } from '../people/person-form.js';
import { describeCaseload } from '../caseload/caseload-rules.js';
import { episodeKey, episodePath, getEpisode } from './api.js';
import { DirectoryPicker } from '../directory/DirectoryPicker.js';
import { episodeCompareRows, mineOnTop, transitionCompareRows, type EpisodeChange, type EpisodeSaved, type TransitionChange, type TransitionSaved } from './episode-stale.js';
import { closingChecks, limitMessage, localParts, nextIsBeyondLimit, sessionBody, sessionOf, transitionBody, type SessionFormState, type TransitionFormState } from './episode-rules.js';

const STATUS_TAGS = { offered: 'nhsuk-tag--blue', accepted: 'nhsuk-tag--green', declined: 'nhsuk-tag--grey', closed: 'nhsuk-tag--grey' } as const;

/** The prompts of a session record: strengths first, in the person's words. */
const SESSION_PROMPTS: Record<(typeof SESSION_TEXT_FIELDS)[number], { label: string; hint: string }> = {
  whatHasBeenHappening: { label: 'What has been happening', hint: 'In their words: what they wanted to talk about' },
  strengthsAndResources: { label: 'Strengths and resources you noticed', hint: 'What they did, have or know that helped' },
  peopleAndNetworks: { label: 'People and networks around them', hint: 'Friends, family, groups, places that matter to them' },
  helpFromServices: { label: 'What would help from services', hint: 'What they would like from us or from others' },
  nextSteps: { label: 'Next steps', hint: 'What they, and you, will do before you next meet' },
};

export default function EpisodePage() {
  const { serviceId = '', episodeId = '' } = useParams();
  const episode = useQuery({ queryKey: episodeKey(serviceId, episodeId), queryFn: () => getEpisode(serviceId, episodeId) });
  return (
    <RequireRoles roles={PEER_ROLES} what="peer support episodes">
      {episode.data ? (
        <EpisodeView episode={episode.data} />
      ) : (
        <Page title="Peer support" back={{ to: '/people', text: 'People' }}>
          <QueryState query={episode} what="this episode of peer support" />
        </Page>
      )}
    </RequireRoles>
  );
}

/** Someone else saved the episode first: their version, the change this person tried, and what to do once it is saved. */
interface StaleEdit {
  current: EpisodeSaved;
  mine: EpisodeChange;
  seen: EpisodeSaved;
  done: () => void;
}

/**
 * PATCH the episode. A stale version hands both versions to `onStale` (null when the server sent
 * none: the saved version is reloaded instead), and does not reach the form's own error handler.
 */
function usePatchEpisode(episode: EpisodeOut, onStale: (stale: StaleEdit | null) => void) {
  const client = useQueryClient();
  const key = episodeKey(episode.serviceId, episode.id);
  const mutation = useMutation({
    mutationFn: (body: EpisodePatch) => api<EpisodeOut>(episodePath(episode.serviceId, episode.id), { method: 'PATCH', body }),
    onSuccess: async (updated) => {
      client.setQueryData(key, updated);
      await client.invalidateQueries({ queryKey: timelineKey(episode.personId) });
    },
  });
  const send = (change: EpisodeChange, done: () => void, failed: (error: unknown) => void, version = episode.version) =>
    mutation.mutate(mineOnTop({ version }, change), {
      onSuccess: done,
      onError: async (error) => {
        const versions = staleVersionsOf<EpisodeSaved>(error);
        if (versions) return onStale({ current: versions.current, mine: change, seen: episode, done });
        if (error instanceof ApiError && error.code === 'stale_version') {
          await client.invalidateQueries({ queryKey: key });
          return onStale(null);
        }
        failed(error);
      },
    });
  return { send, isPending: mutation.isPending };
}

function EpisodeView({ episode }: { episode: EpisodeOut }) {
  const [notice, setNotice] = useState('');
  const open = episode.status === 'offered' || episode.status === 'accepted';
  const warning = limitMessage(episode.limitWarning, episode.sessionsUsed, episode.sessionLimit);
  const client = useQueryClient();
  const [staleEdit, setStaleEdit] = useState<StaleEdit | null>(null);
  const stale = (edit: StaleEdit | null) => {
    if (edit) {
      setNotice('');
      setStaleEdit(edit);
    } else setNotice('Someone else changed this episode while you were working. We have loaded what is saved now: please check it and try again.');
  };
  const again = usePatchEpisode(episode, stale);
  const name = episode.personPreferredName;
  return (
    <Page title={`Peer support with ${name}`} back={{ to: `/people/${episode.personId}`, text: `Back to ${name}` }} wide>
      <Notice text={notice} />
      {staleEdit && (
        <StaleVersionChoice
          rows={episodeCompareRows(staleEdit.current, staleEdit.mine, staleEdit.seen)}
          busy={again.isPending}
          onKeepTheirs={() => {
            setStaleEdit(null);
            setNotice('You kept the version saved by someone else. Your change was not saved.');
            void client.invalidateQueries({ queryKey: episodeKey(episode.serviceId, episode.id) });
          }}
          onUseMine={() =>
            again.send(
              staleEdit.mine,
              () => {
                setStaleEdit(null);
                staleEdit.done();
              },
              (error) => {
                setStaleEdit(null);
                setNotice(messageFor(error));
                void client.invalidateQueries({ queryKey: episodeKey(episode.serviceId, episode.id) });
              },
              staleEdit.current.version,
            )
          }
        />
      )}
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <dl className="nhsuk-summary-list">
            <Row label="Status">
              <strong className={`nhsuk-tag ${STATUS_TAGS[episode.status]}`}>{EPISODE_STATUS_LABELS[episode.status]}</strong>
            </Row>
            <Row label="Offered">{formatDateTime(episode.offeredAt)}</Row>
            <Row label="Sessions">{`${episode.sessionsUsed} of ${episode.sessionLimit}`}</Row>
            {episode.declinedReason && <Row label="Why not, for now">{episode.declinedReason}</Row>}
            {episode.closingReason && <Row label="Why it ended">{CLOSING_REASON_LABELS[episode.closingReason]}</Row>}
            {episode.closingNote && <Row label="About the ending">{episode.closingNote}</Row>}
          </dl>
          {warning && open && (
            <div className="nhsuk-warning-callout">
              <h2 className="nhsuk-warning-callout__label">
                <span role="text">
                  <span className="nhsuk-u-visually-hidden">Important: </span>
                  {episode.limitWarning === 'near' ? 'Nearing the session limit' : 'Session limit reached'}
                </span>
              </h2>
              <p>{warning}</p>
            </div>
          )}
          {episode.status === 'offered' && <Answer episode={episode} onStale={stale} onSaved={setNotice} />}
          <Workers episode={episode} onSaved={setNotice} />
          <Goals episode={episode} open={open} onStale={stale} />
          <Sessions episode={episode} open={episode.status === 'accepted'} onSaved={setNotice} />
          <Transitions episode={episode} open={open} onSaved={setNotice} />
          {open && <Close episode={episode} onStale={stale} onSaved={setNotice} />}
        </div>
      </div>
    </Page>
  );
}

function Answer({ episode, onStale, onSaved }: { episode: EpisodeOut; onStale: (stale: StaleEdit | null) => void; onSaved: (text: string) => void }) {
  const patch = usePatchEpisode(episode, onStale);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  function decline(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({ declinedReason: !reason.trim() && 'Say a little about why, in their words if they are happy to' });
    if (checks.summary.length) return setErrors(checks);
    patch.send({ status: 'declined', declinedReason: reason.trim() }, () => onSaved('Saved: they would rather not, for now.'), (e) => setErrors(formErrorsFrom(e, ['declinedReason'])));
  }
  return (
    <section aria-labelledby="answer-title" className="nhsuk-u-margin-bottom-5">
      <h2 className="nhsuk-heading-m" id="answer-title">
        What did they decide?
      </h2>
      <ErrorSummary errors={errors} />
      {declining ? (
        <form onSubmit={decline} noValidate>
          <TextArea name="declinedReason" label="Why not, for now?" hint="In their words, if they are happy to say" value={reason} onChange={setReason} error={errors.fields.declinedReason} rows={3} />
          <div className="app-actions">
            <button type="submit" className="nhsuk-button" disabled={patch.isPending}>
              Save
            </button>
            <button type="button" className="app-link-button" onClick={() => setDeclining(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="app-actions">
          <button type="button" className="nhsuk-button" disabled={patch.isPending} onClick={() => patch.send({ status: 'accepted' }, () => onSaved('Saved: peer support has started.'), (e) => setErrors(formErrorsFrom(e)))}>
            They would like peer support
          </button>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setDeclining(true)}>
            They would rather not
          </button>
        </div>
      )}
    </section>
  );
}

function Workers({ episode, onSaved }: { episode: EpisodeOut; onSaved: (text: string) => void }) {
  const { data: session } = useSession();
  const client = useQueryClient();
  const canAllocate = session ? holdsIn(session.user, episode.serviceId, LEAD_ROLES) : false;
  const [changing, setChanging] = useState(false);
  const [chosen, setChosen] = useState<string[]>(episode.workers.map((w) => w.userId));
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const caseloads = useQuery({
    queryKey: ['caseloads', episode.serviceId],
    queryFn: () => api<ServiceCaseloadsOut>(`/services/${episode.serviceId}/caseloads`),
    enabled: canAllocate && changing,
  });
  const save = useMutation({
    mutationFn: () => api<EpisodeOut>(`${episodePath(episode.serviceId, episode.id)}/workers`, { method: 'PUT', body: { workerUserIds: chosen } }),
    onSuccess: async (updated) => {
      client.setQueryData(episodeKey(episode.serviceId, episode.id), updated);
      await client.invalidateQueries({ queryKey: ['caseloads', episode.serviceId] });
      setChanging(false);
      setErrors(noErrors);
      onSaved('The allocation is saved.');
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'caseload_full') setErrors({ summary: [{ href: '#field-workers', text: error.message }], fields: { workers: error.message } });
      else setErrors(formErrorsFrom(error, ['workers'], { workerUserIds: 'workers' }));
    },
  });
  const open = episode.status === 'offered' || episode.status === 'accepted';
  return (
    <section aria-labelledby="workers-title" className="nhsuk-u-margin-bottom-5">
      <h2 className="nhsuk-heading-m" id="workers-title">
        Peer support worker{episode.workers.length === 1 ? '' : 's'}
      </h2>
      {episode.workers.length === 0 ? <p>No one is allocated yet.</p> : <ul className="nhsuk-list">{episode.workers.map((w) => <li key={w.userId}>{w.displayName}</li>)}</ul>}
      {canAllocate && open && !changing && (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setChanging(true)}>
          Change who is allocated
        </button>
      )}
      {changing && (
        <>
          <ErrorSummary errors={errors} title="This allocation was not saved" />
          <QueryState query={caseloads} what="the team’s caseloads" />
          {caseloads.data && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                save.mutate();
              }}
              noValidate
            >
              <Fieldset name="workers" legend="Who will offer peer support?" hint="Each person’s current caseload is shown beside their name" error={errors.fields.workers}>
                <div className="nhsuk-checkboxes">
                  {caseloads.data.workers.map((w) => (
                    <Checkbox
                      key={w.userId}
                      name={`worker-${w.userId}`}
                      label={w.displayName}
                      hint={`Supporting ${describeCaseload(w.count, w.max).replace(/^No one/, 'no one')}${w.full ? ' (full)' : ''}`}
                      checked={chosen.includes(w.userId)}
                      onChange={(on) => setChosen(on ? [...chosen, w.userId] : chosen.filter((id) => id !== w.userId))}
                    />
                  ))}
                </div>
              </Fieldset>
              <div className="app-actions">
                <button type="submit" className="nhsuk-button" disabled={save.isPending}>
                  Save allocation
                </button>
                <button type="button" className="app-link-button" onClick={() => setChanging(false)}>
                  Cancel
                </button>
              </div>
            </form>
          )}
        </>
      )}
    </section>
  );
}

function Goals({ episode, open, onStale }: { episode: EpisodeOut; open: boolean; onStale: (stale: StaleEdit | null) => void }) {
  const patch = usePatchEpisode(episode, onStale);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const current: GoalEdit[] = episode.goals.map((g) => ({ id: g.id, text: g.text, status: g.status }));
  const send = (goals: GoalEdit[], after?: () => void) =>
    patch.send(
      { goals },
      () => {
        setErrors(noErrors);
        after?.();
      },
      (e) => setErrors(formErrorsFrom(e, ['goal'], { 'goals.': 'goal' })),
    );
  function add(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) return setErrors(formErrorsFromChecks({ goal: 'Write the goal in their words' }));
    send([...current, { text: text.trim(), status: 'working_on' }], () => setText(''));
  }
  return (
    <section aria-labelledby="goals-title" className="nhsuk-u-margin-bottom-5">
      <h2 className="nhsuk-heading-m" id="goals-title">
        What they want to work on
      </h2>
      {episode.goals.length === 0 ? (
        <p>No goals written yet.</p>
      ) : (
        <ul className="nhsuk-list app-result-list">
          {episode.goals.map((g) => (
            <li key={g.id}>
              <p className="app-break">
                {g.text} <strong className={`nhsuk-tag ${g.status === 'achieved' ? 'nhsuk-tag--green' : g.status === 'set_aside' ? 'nhsuk-tag--grey' : 'nhsuk-tag--blue'}`}>{GOAL_STATUS_LABELS[g.status]}</strong>
              </p>
              {open && (
                <p className="app-goal-actions">
                  {g.status !== 'achieved' && (
                    <button type="button" className="app-link-button" disabled={patch.isPending} onClick={() => send(current.map((c) => (c.id === g.id ? { ...c, status: 'achieved' } : c)))}>
                      Mark as achieved<span className="nhsuk-u-visually-hidden">: {g.text}</span>
                    </button>
                  )}
                  {g.status !== 'set_aside' && (
                    <button type="button" className="app-link-button" disabled={patch.isPending} onClick={() => send(current.map((c) => (c.id === g.id ? { ...c, status: 'set_aside' } : c)))}>
                      Set aside for now<span className="nhsuk-u-visually-hidden">: {g.text}</span>
                    </button>
                  )}
                  {g.status !== 'working_on' && (
                    <button type="button" className="app-link-button" disabled={patch.isPending} onClick={() => send(current.map((c) => (c.id === g.id ? { ...c, status: 'working_on' } : c)))}>
                      Still working on it<span className="nhsuk-u-visually-hidden">: {g.text}</span>
                    </button>
                  )}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {open && (
        <>
          <ErrorSummary errors={errors} />
          <form onSubmit={add} noValidate className="app-inline-form">
            <TextField name="goal" label="Add a goal, in their words" value={text} onChange={setText} error={errors.fields.goal} autoComplete="off" />
            <button type="submit" className="nhsuk-button nhsuk-button--secondary" disabled={patch.isPending}>
              Add goal
            </button>
          </form>
        </>
      )}
    </section>
  );
}

const emptySession = (): SessionFormState => ({ ...localParts(), whatHasBeenHappening: '', strengthsAndResources: '', peopleAndNetworks: '', helpFromServices: '', nextSteps: '', beyondLimitReason: '' });

function Sessions({ episode, open, onSaved }: { episode: EpisodeOut; open: boolean; onSaved: (text: string) => void }) {
  const client = useQueryClient();
  const [recording, setRecording] = useState(false);
  const [form, setForm] = useState<SessionFormState>(emptySession);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const beyond = nextIsBeyondLimit(episode);
  const order = ['date', ...SESSION_TEXT_FIELDS, 'beyondLimitReason'];
  const save = useMutation({
    mutationFn: (body: object) => api<EpisodeSessionOut>(`${episodePath(episode.serviceId, episode.id)}/sessions`, { method: 'POST', body }),
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: episodeKey(episode.serviceId, episode.id) });
      await client.invalidateQueries({ queryKey: timelineKey(episode.personId) });
      setRecording(false);
      setForm(emptySession());
      onSaved(`Session ${saved.number} is saved.`);
    },
    onError: (error) => setErrors(formErrorsFrom(error, order, { heldAt: 'date' })),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const result = sessionBody(form, beyond);
    if (!result.ok) return setErrors(formErrorsFromChecks(result.errors));
    setErrors(noErrors);
    save.mutate(result.body);
  }
  const set = (key: keyof SessionFormState) => (value: string) => setForm({ ...form, [key]: value });
  const sessions = [...episode.sessions].sort((a, b) => b.number - a.number);
  return (
    <section aria-labelledby="sessions-title" className="nhsuk-u-margin-bottom-5">
      <h2 className="nhsuk-heading-m" id="sessions-title">
        Sessions
      </h2>
      {open && !recording && (
        <button type="button" className="nhsuk-button" onClick={() => { setErrors(noErrors); setRecording(true); }}>
          Record a session
        </button>
      )}
      {recording && (
        <div className="nhsuk-card">
          <div className="nhsuk-card__content">
            <h3 className="nhsuk-heading-m">Record {sessionOf(episode.sessionsUsed + 1, episode.sessionLimit).toLowerCase()}</h3>
            <p>Write it with them, in their words. Start with what is going well.</p>
            <ErrorSummary errors={errors} />
            <form onSubmit={submit} noValidate>
              <div className="app-inline-form nhsuk-u-margin-bottom-4">
                <TextField name="date" label="Date" hint="Like 2026-03-14" value={form.date} onChange={set('date')} error={errors.fields.date} width={10} autoComplete="off" />
                <TextField name="time" label="Time" hint="24-hour clock" type="time" value={form.time} onChange={set('time')} width={10} />
              </div>
              {SESSION_TEXT_FIELDS.map((key) => (
                <TextArea key={key} name={key} label={SESSION_PROMPTS[key].label} hint={SESSION_PROMPTS[key].hint} value={form[key]} onChange={set(key)} error={errors.fields[key]} rows={key === 'nextSteps' ? 3 : 4} />
              ))}
              {beyond && (
                <TextArea
                  name="beyondLimitReason"
                  label="Why a further session will help"
                  hint={`This goes beyond the ${episode.sessionLimit} sessions agreed, so please say why`}
                  value={form.beyondLimitReason}
                  onChange={set('beyondLimitReason')}
                  error={errors.fields.beyondLimitReason}
                  rows={3}
                />
              )}
              <div className="app-actions">
                <button type="submit" className="nhsuk-button" disabled={save.isPending}>
                  Save session
                </button>
                <button type="button" className="app-link-button" onClick={() => setRecording(false)}>
                  Cancel
                </button>
              </div>
            </form>
          </div>
        </div>
      )}
      {sessions.length === 0 ? (
        <p>No sessions recorded yet.</p>
      ) : (
        sessions.map((s) => (
          <article key={s.id} className="app-session" aria-labelledby={`session-${s.id}`}>
            <h3 className="nhsuk-heading-s" id={`session-${s.id}`}>
              {sessionOf(s.number, episode.sessionLimit)}
            </h3>
            <p className="nhsuk-body-s app-muted">
              {formatDateTime(s.heldAt)}
              {s.workerName ? ` · with ${s.workerName}` : ''}
            </p>
            <dl className="nhsuk-summary-list">
              {SESSION_TEXT_FIELDS.filter((k) => s[k]).map((k) => (
                <Row key={k} label={SESSION_PROMPTS[k].label}>
                  {s[k]}
                </Row>
              ))}
              {s.beyondLimit && <Row label="Why a further session">{s.beyondLimitReason}</Row>}
            </dl>
          </article>
        ))
      )}
    </section>
  );
}

/** A move-on status change that met someone else's newer save. */
interface StaleMove {
  id: string;
  current: TransitionSaved;
  mine: TransitionChange;
}

const emptyTransition: TransitionFormState = { toName: '', plannedDate: '', handoverSummary: '', consent: '', how: '' };

function Transitions({ episode, open, onSaved }: { episode: EpisodeOut; open: boolean; onSaved: (text: string) => void }) {
  const client = useQueryClient();
  const [planning, setPlanning] = useState(false);
  const [form, setForm] = useState<TransitionFormState>(emptyTransition);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: episodeKey(episode.serviceId, episode.id) });
    await client.invalidateQueries({ queryKey: timelineKey(episode.personId) });
  };
  const add = useMutation({
    mutationFn: (body: object) => api<TransitionOut>(`${episodePath(episode.serviceId, episode.id)}/transitions`, { method: 'POST', body }),
    onSuccess: async () => {
      await refresh();
      setPlanning(false);
      setForm(emptyTransition);
      onSaved('The move on is planned.');
    },
    onError: (error) => setErrors(formErrorsFrom(error, ['toDirectoryServiceId', 'toName', 'plannedDate', 'handoverSummary', 'consent', 'how'], { 'shareConsent.given': 'consent', 'shareConsent.how': 'how', shareConsent: 'consent' })),
  });
  // Someone else saved this move on first: their version beside the change this person tried.
  const [staleMove, setStaleMove] = useState<StaleMove | null>(null);
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: TransitionPatch }) => api<TransitionOut>(`${episodePath(episode.serviceId, episode.id)}/transitions/${id}`, { method: 'PATCH', body }),
    onSuccess: async (_t, { body }) => {
      setStaleMove(null);
      await refresh();
      onSaved(body.status ? `Saved: ${TRANSITION_STATUS_LABELS[body.status].toLowerCase()}.` : 'The move on is saved.');
    },
    onError: async (error, { id, body }) => {
      const versions = staleVersionsOf<TransitionSaved>(error);
      const { version: _seen, ...mine } = body;
      if (versions) {
        onSaved('');
        setStaleMove({ id, current: versions.current, mine });
      } else setStaleMove(null);
      await refresh();
    },
  });
  const setStatus = (t: TransitionOut, status: TransitionStatus) => update.mutate({ id: t.id, body: { version: t.version, status } });
  function submit(event: FormEvent) {
    event.preventDefault();
    const result = transitionBody(form);
    if (!result.ok) return setErrors(formErrorsFromChecks(result.errors));
    setErrors(noErrors);
    add.mutate(result.body);
  }
  const set = (key: keyof TransitionFormState) => (value: string) => setForm({ ...form, [key]: value } as TransitionFormState);
  return (
    <section aria-labelledby="transitions-title" className="nhsuk-u-margin-bottom-5">
      <h2 className="nhsuk-heading-m" id="transitions-title">
        Moving on
      </h2>
      {episode.transitions.length === 0 && !planning && <p>No move on to other services is planned yet.</p>}
      {staleMove && (
        <StaleVersionChoice
          rows={transitionCompareRows(staleMove.current, staleMove.mine)}
          busy={update.isPending}
          onKeepTheirs={() => {
            setStaleMove(null);
            update.reset();
            onSaved('You kept the version saved by someone else. Your change was not saved.');
            void refresh();
          }}
          onUseMine={() => update.mutate({ id: staleMove.id, body: mineOnTop(staleMove.current, staleMove.mine) })}
        />
      )}
      {update.isError && !staleMove && (
        <p className="nhsuk-error-message" role="alert">
          {messageFor(update.error)}
        </p>
      )}
      {episode.transitions.map((t) => (
        <article key={t.id} className="app-session" aria-labelledby={`transition-${t.id}`}>
          <h3 className="nhsuk-heading-s" id={`transition-${t.id}`}>
            {t.toName || 'Another service'} <strong className={`nhsuk-tag ${t.status === 'planned' ? 'nhsuk-tag--blue' : t.status === 'done' ? 'nhsuk-tag--green' : 'nhsuk-tag--grey'}`}>{TRANSITION_STATUS_LABELS[t.status]}</strong>
          </h3>
          <dl className="nhsuk-summary-list">
            <Row label="Planned for">{t.plannedDate ? formatDate(t.plannedDate) : null}</Row>
            <Row label="Handover summary">{t.handoverSummary}</Row>
            <Row label="Agreed to share it">{t.shareConsent.given ? `Yes${t.shareConsent.how ? `, ${CONSENT_HOW_LABELS[t.shareConsent.how].toLowerCase()}` : ''}` : 'No'}</Row>
          </dl>
          {t.status === 'planned' && open && (
            <p className="app-goal-actions">
              <button type="button" className="app-link-button" disabled={update.isPending} onClick={() => setStatus(t, 'done')}>
                They have moved on<span className="nhsuk-u-visually-hidden"> to {t.toName}</span>
              </button>
              <button type="button" className="app-link-button" disabled={update.isPending} onClick={() => setStatus(t, 'declined')}>
                They decided not to<span className="nhsuk-u-visually-hidden"> move on to {t.toName}</span>
              </button>
              <button type="button" className="app-link-button" disabled={update.isPending} onClick={() => setStatus(t, 'no_longer_needed')}>
                No longer needed<span className="nhsuk-u-visually-hidden">: {t.toName}</span>
              </button>
            </p>
          )}
        </article>
      ))}
      {open && !planning && (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => { setErrors(noErrors); setPlanning(true); }}>
          Plan a move on
        </button>
      )}
      {planning && (
        <div className="nhsuk-card">
          <div className="nhsuk-card__content">
            <h3 className="nhsuk-heading-m">Plan a move on</h3>
            <ErrorSummary errors={errors} />
            <form onSubmit={submit} noValidate>
              <DirectoryPicker
                name="toDirectoryServiceId"
                single
                legend="Choose from the service directory"
                chosen={form.toDirectoryServiceId ? [form.toDirectoryServiceId] : []}
                onChange={(ids, picked) => setForm({ ...form, toDirectoryServiceId: ids[0] ?? '', toDirectoryName: picked?.name ?? '' })}
                error={errors.fields.toDirectoryServiceId}
              />
              {!form.toDirectoryServiceId && (
                <TextField name="toName" label="Or type who they are moving on to" hint="A service, group or person that is not in the directory, for example a community group or their GP" value={form.toName} onChange={set('toName')} error={errors.fields.toName} autoComplete="off" />
              )}
              <TextField name="plannedDate" label="Planned date (optional)" hint="Like 2026-03-14" value={form.plannedDate} onChange={set('plannedDate')} error={errors.fields.plannedDate} width={10} autoComplete="off" />
              <TextArea name="handoverSummary" label="Handover summary (optional)" hint="What they would like the new service to know, in their words: what helps, who matters, what they are working on" value={form.handoverSummary} onChange={set('handoverSummary')} error={errors.fields.handoverSummary} rows={5} />
              <Fieldset name="consent" legend="Have they agreed to the handover summary being shared?" error={errors.fields.consent}>
                <Radios name="consent" value={form.consent} onChange={set('consent')} options={[{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No, or not yet' }]} inline />
              </Fieldset>
              {form.consent === 'yes' && (
                <Fieldset name="how" legend="How did they agree?" error={errors.fields.how}>
                  <Radios name="how" value={form.how} onChange={set('how')} options={Object.entries(CONSENT_HOW_LABELS).map(([value, label]) => ({ value, label }))} />
                </Fieldset>
              )}
              <div className="app-actions">
                <button type="submit" className="nhsuk-button" disabled={add.isPending}>
                  Save the plan
                </button>
                <button type="button" className="app-link-button" onClick={() => setPlanning(false)}>
                  Cancel
                </button>
              </div>
            </form>
          </div>
        </div>
      )}
    </section>
  );
}

function Close({ episode, onStale, onSaved }: { episode: EpisodeOut; onStale: (stale: StaleEdit | null) => void; onSaved: (text: string) => void }) {
  const patch = usePatchEpisode(episode, onStale);
  const [closing, setClosing] = useState(false);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const planned = episode.transitions.some((t) => t.status === 'planned');
  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks(closingChecks(reason, note, planned));
    if (checks.summary.length) return setErrors(checks);
    setErrors(noErrors);
    const change: Omit<EpisodePatch, 'version'> = { status: 'closed', closingReason: reason as EpisodePatch['closingReason'] };
    if (note.trim()) change.closingNote = note.trim();
    patch.send(change, () => onSaved('Peer support has ended and the episode is closed.'), (e) => setErrors(formErrorsFrom(e, ['closingReason', 'closingNote'])));
  }
  return (
    <section aria-labelledby="close-title" className="nhsuk-u-margin-bottom-5">
      <h2 className="nhsuk-heading-m" id="close-title">
        Ending peer support
      </h2>
      {!closing ? (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setClosing(true)}>
          Close this episode
        </button>
      ) : (
        <>
          <ErrorSummary errors={errors} />
          <form onSubmit={submit} noValidate>
            <SelectField name="closingReason" label="Why is peer support ending?" value={reason} onChange={setReason} options={[{ value: '', label: 'Choose a reason' }, ...CLOSING_REASONS.map((r) => ({ value: r, label: CLOSING_REASON_LABELS[r] }))]} error={errors.fields.closingReason} />
            <TextArea
              name="closingNote"
              label={planned || reason === 'other' ? 'About the ending' : 'About the ending (optional)'}
              hint={planned ? 'A move on is still planned, so please explain why you are closing now' : undefined}
              value={note}
              onChange={setNote}
              error={errors.fields.closingNote}
              rows={3}
            />
            <div className="app-actions">
              <button type="submit" className="nhsuk-button" disabled={patch.isPending}>
                Close episode
              </button>
              <button type="button" className="app-link-button" onClick={() => setClosing(false)}>
                Cancel
              </button>
            </div>
          </form>
        </>
      )}
      <p className="nhsuk-u-margin-top-3">
        <Link to={`/people/${episode.personId}`}>See everything about {episode.personPreferredName}</Link>
      </p>
    </section>
  );
}
