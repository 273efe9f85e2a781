import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { PLAN_SECTION_KEYS, PLAN_SECTIONS, type HelpfulPerson, type PlanContent, type PlanSectionKey, type PlanVersionOut } from '../../../shared/plans.js';
import { api } from '../../api/client.js';
import { ApiError, formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { Fieldset, Radios, TextArea, TextField } from '../../ui/fields.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { staleVersionsOf } from '../../ui/StaleVersion.js';
import { DirectoryPicker } from '../directory/DirectoryPicker.js';
import { useSession } from '../../session/session.js';
import { PEER_ROLES } from '../people/access.js';
import { QueryState, RequireRoles } from '../people/common.js';
import { getPlan, planKey, planPath, planScreen } from './api.js';
import { NationalLines, useEntries } from './common.js';
import { contentChecks, contentForSave, mergeDraft, resolveMerge, sectionText, type PlanMerge } from './plan-rules.js';

export default function PlanEditor() {
  const { personId = '' } = useParams();
  const plan = useQuery({ queryKey: planKey(personId), queryFn: () => getPlan(personId), refetchOnWindowFocus: false });
  const draft = plan.data?.plan?.draft;
  return (
    <RequireRoles roles={PEER_ROLES} what="crisis plans">
      {draft ? (
        <Editor key={draft.id} personId={personId} draft={draft} />
      ) : (
        <Page title="Writing the crisis plan" back={{ to: planScreen(personId), text: 'Back to the plan' }}>
          <QueryState query={plan} what="the crisis plan" />
          {plan.data && (
            <p>
              No version is being written just now. <Link to={planScreen(personId)}>Go to the plan</Link> to start one.
            </p>
          )}
        </Page>
      )}
    </RequireRoles>
  );
}

/** What this person started from: the content and the row version they saw. */
interface Base {
  content: PlanContent;
  version: number;
}

/** Someone else saved the draft first: both versions, merged where they do not clash. */
interface Clash {
  merge: PlanMerge;
  mine: PlanContent;
  current: PlanVersionOut;
  choices: Partial<Record<PlanSectionKey, 'mine' | 'theirs'>>;
}

const emptyPerson = (): HelpfulPerson => ({ name: '', relationship: '', phone: '', whenToCall: '' });

function Editor({ personId, draft }: { personId: string; draft: PlanVersionOut }) {
  const client = useQueryClient();
  const [content, setContent] = useState<PlanContent>(draft.content);
  const [base, setBase] = useState<Base>({ content: draft.content, version: draft.version });
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [notice, setNotice] = useState('');
  const [clash, setClash] = useState<Clash | null>(null);
  const entryIds = content.services.entries.map((e) => e.directoryEntryId);
  const entries = useEntries([...new Set([...entryIds, ...(clash?.current.content.services.entries.map((e) => e.directoryEntryId) ?? [])])]);
  const entryName = (id: string) => entries.get(id)?.name ?? 'A service from the directory';

  const save = useMutation({
    mutationFn: (body: { content: PlanContent; version: number }) => api<PlanVersionOut>(planPath(personId, `/versions/${draft.number}`), { method: 'PATCH', body }),
  });

  function send(toSave: PlanContent, version: number) {
    const body = contentForSave(toSave);
    save.mutate(
      { content: body, version },
      {
        onSuccess: (saved) => {
          setClash(null);
          setErrors(noErrors);
          setContent(saved.content);
          setBase({ content: saved.content, version: saved.version });
          setNotice(`Version ${saved.number} is saved. It is still a draft until the person agrees it.`);
          void client.invalidateQueries({ queryKey: planKey(personId) });
        },
        onError: (error) => {
          const stale = staleVersionsOf<PlanVersionOut>(error);
          if (stale?.current?.content) {
            setNotice('');
            setErrors(noErrors);
            setClash({ merge: mergeDraft(base.content, toSave, stale.current.content), mine: toSave, current: stale.current, choices: {} });
            return;
          }
          if (error instanceof ApiError && error.code === 'not_a_draft') {
            setNotice('');
            setErrors({ summary: [{ text: 'This version has been agreed since you opened it, so it cannot be changed. Your words are still here: copy anything you need, then start a new version from the plan page.' }], fields: {} });
            return;
          }
          setErrors(formErrorsFrom(error, [], { 'content.': 'content.' }));
        },
      },
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks(contentChecks(content));
    if (checks.summary.length) return setErrors(checks);
    send(content, base.version);
  }

  const set = <K extends keyof PlanContent>(key: K, value: PlanContent[K]) => setContent((c) => ({ ...c, [key]: value }));
  const field = (name: string) => errors.fields[`content.${name}`];
  const people = content.peopleAndPlaces.people;
  const setPeople = (next: HelpfulPerson[]) => set('peopleAndPlaces', { ...content.peopleAndPlaces, people: next });

  return (
    <Page title={`Writing version ${draft.number} of the crisis plan`} back={{ to: planScreen(personId), text: 'Back to the plan' }}>
      <Notice text={notice} />
      {clash && (
        <ClashChoice
          clash={clash}
          entryName={entryName}
          busy={save.isPending}
          onChoose={(key, choice) => setClash({ ...clash, choices: { ...clash.choices, [key]: choice } })}
          onSave={() => send(resolveMerge(clash.merge, clash.mine, clash.current.content, clash.choices), clash.current.version)}
          onEditFirst={() => {
            setContent(resolveMerge(clash.merge, clash.mine, clash.current.content, clash.choices));
            setBase({ content: clash.current.content, version: clash.current.version });
            setClash(null);
            setNotice('Both versions are combined below. Check them, then save.');
          }}
        />
      )}
      <ErrorSummary errors={errors} title="The plan was not saved" />
      <p>Write in the person’s own words. Every part is optional: leave out anything they would rather not say. Nobody else sees the plan unless they agree.</p>
      <form onSubmit={submit} noValidate>
        {PLAN_SECTION_KEYS.map((key) => {
          const section = PLAN_SECTIONS[key];
          const id = `edit-${key}`;
          return (
            <section key={key} className="app-plan-section" aria-labelledby={id}>
              <h2 className="nhsuk-heading-m" id={id}>
                {section.title}
              </h2>
              <p className="app-plan-prompt">{section.prompt}</p>
              {key === 'whenWell' || key === 'forMyself' || key === 'saferAround' || key === 'mattersMost' || key === 'afterCrisis' ? (
                <TextArea name={`content.${key}`} label={<span className="nhsuk-u-visually-hidden">{section.title}</span>} value={content[key]} onChange={(v) => set(key, v)} error={field(key)} rows={4} />
              ) : key === 'gettingHarder' || key === 'fromOthers' || key === 'practical' ? (
                Object.entries(section.fields).map(([f, label]) => (
                  <TextArea
                    key={f}
                    name={`content.${key}.${f}`}
                    label={label}
                    value={(content[key] as Record<string, string>)[f] ?? ''}
                    onChange={(v) => set(key, { ...(content[key] as Record<string, string>), [f]: v } as never)}
                    error={field(`${key}.${f}`)}
                    rows={key === 'practical' ? 2 : 3}
                  />
                ))
              ) : key === 'peopleAndPlaces' ? (
                <>
                  {people.map((p, i) => (
                    <div className="app-plan-person" key={i}>
                      <Fieldset name={`content.peopleAndPlaces.people.${i}`} legend={p.name.trim() ? `Person ${i + 1}: ${p.name.trim()}` : `Person ${i + 1}`}>
                        <TextField name={`content.peopleAndPlaces.people.${i}.name`} label="Name" value={p.name} onChange={(v) => setPeople(people.map((x, j) => (j === i ? { ...x, name: v } : x)))} error={field(`peopleAndPlaces.people.${i}.name`)} autoComplete="off" />
                        <TextField name={`content.peopleAndPlaces.people.${i}.relationship`} label="Who they are" hint="In their words, like “my sister” or “my neighbour”" value={p.relationship} onChange={(v) => setPeople(people.map((x, j) => (j === i ? { ...x, relationship: v } : x)))} error={field(`peopleAndPlaces.people.${i}.relationship`)} autoComplete="off" />
                        <TextField name={`content.peopleAndPlaces.people.${i}.phone`} label="Phone" type="tel" width={20} value={p.phone} onChange={(v) => setPeople(people.map((x, j) => (j === i ? { ...x, phone: v } : x)))} error={field(`peopleAndPlaces.people.${i}.phone`)} autoComplete="off" />
                        <TextField name={`content.peopleAndPlaces.people.${i}.whenToCall`} label="When to call them" hint="And when not to, if that matters" value={p.whenToCall} onChange={(v) => setPeople(people.map((x, j) => (j === i ? { ...x, whenToCall: v } : x)))} error={field(`peopleAndPlaces.people.${i}.whenToCall`)} autoComplete="off" />
                      </Fieldset>
                      <button type="button" className="app-link-button nhsuk-u-margin-bottom-3" onClick={() => setPeople(people.filter((_, j) => j !== i))}>
                        Remove {p.name.trim() || `person ${i + 1}`}
                      </button>
                    </div>
                  ))}
                  {people.length < 20 && (
                    <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setPeople([...people, emptyPerson()])}>
                      {people.length ? 'Add another person' : 'Add a person'}
                    </button>
                  )}
                  <TextArea name="content.peopleAndPlaces.places" label="Places" value={content.peopleAndPlaces.places} onChange={(v) => set('peopleAndPlaces', { ...content.peopleAndPlaces, places: v })} error={field('peopleAndPlaces.places')} rows={3} />
                </>
              ) : (
                <>
                  <DirectoryPicker
                    name="content.services.entries"
                    legend="Services from the directory"
                    hint="Their number and opening hours come from the directory, so they stay up to date"
                    error={field('services.entries')}
                    chosen={entryIds}
                    onChange={(ids) => set('services', { ...content.services, entries: ids.map((id) => content.services.entries.find((e) => e.directoryEntryId === id) ?? { directoryEntryId: id, note: '' }) })}
                  />
                  <TextArea name="content.services.note" label="Anything else about services" value={content.services.note} onChange={(v) => set('services', { ...content.services, note: v })} error={field('services.note')} rows={2} />
                  <NationalLines />
                </>
              )}
            </section>
          );
        })}
        <div className="app-actions">
          <button type="submit" className="nhsuk-button" disabled={save.isPending}>
            Save the draft
          </button>
          <Link to={planScreen(personId)}>Back to the plan</Link>
        </div>
      </form>
    </Page>
  );
}

/** Both versions side by side, section by section, for the sections both people changed. */
function ClashChoice({
  clash,
  entryName,
  busy,
  onChoose,
  onSave,
  onEditFirst,
}: {
  clash: Clash;
  entryName: (id: string) => string;
  busy: boolean;
  onChoose: (key: PlanSectionKey, choice: 'mine' | 'theirs') => void;
  onSave: () => void;
  onEditFirst: () => void;
}) {
  const { merge, mine, current } = clash;
  const { data: session } = useSession();
  const me = Boolean(session && current.updatedByName === session.user.displayName);
  const title = me ? 'This draft was saved from another window while you were writing' : `${current.updatedByName ?? 'Someone else'} saved this draft while you were writing`;
  const titles = (keys: PlanSectionKey[]) => keys.map((k) => PLAN_SECTIONS[k].title).join(', ');
  return (
    <div className="nhsuk-warning-callout" role="alert" tabIndex={-1}>
      <h2 className="nhsuk-warning-callout__label">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          {title}
        </span>
      </h2>
      <p>Nothing you typed has been lost. Nothing is saved until you choose.</p>
      {merge.theirsOnly.length > 0 && <p>{me ? 'The changes saved from the other window' : 'Their changes'} to {titles(merge.theirsOnly)} are kept.</p>}
      {merge.mineOnly.length > 0 && <p>Your changes to {titles(merge.mineOnly)} are kept.</p>}
      {merge.conflicts.length > 0 && <p>You both changed {titles(merge.conflicts)}. Choose which words to keep for each.</p>}
      {merge.conflicts.map((key) => (
        <div key={key} className="nhsuk-u-margin-bottom-4">
          <h3 className="nhsuk-heading-s">{PLAN_SECTIONS[key].title}</h3>
          <div className="app-plan-compare app-plan-compare--narrow">
            <div>
              <h4 className="nhsuk-heading-xs">Saved now{current.updatedByName && !me ? ` by ${current.updatedByName}` : ''}</h4>
              <p className="app-plan-words">{sectionText(key, current.content[key], entryName) || 'Nothing written'}</p>
            </div>
            <div>
              <h4 className="nhsuk-heading-xs">Your words from here</h4>
              <p className="app-plan-words">{sectionText(key, mine[key], entryName) || 'Nothing written'}</p>
            </div>
          </div>
          <Fieldset name={`choose-${key}`} legend={`Which words to keep for “${PLAN_SECTIONS[key].title}”`}>
            <Radios
              name={`choose-${key}`}
              inline
              value={clash.choices[key] ?? 'mine'}
              onChange={(v) => onChoose(key, v as 'mine' | 'theirs')}
              options={[
                { value: 'mine', label: 'Keep my words from here' },
                { value: 'theirs', label: 'Keep the saved words' },
              ]}
            />
          </Fieldset>
        </div>
      ))}
      <div className="app-actions">
        <button type="button" className="nhsuk-button" disabled={busy} onClick={onSave}>
          Save the combined plan
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={busy} onClick={onEditFirst}>
          Look at it in the form first
        </button>
      </div>
    </div>
  );
}
