import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import type { UsersOut } from '../../../shared/admin.js';
import { STEP_ACTION_LABELS, STEP_ACTIONS, MAX_STEPS, type LadderOut } from '../../../shared/escalations.js';
import { ROLE_LABELS, ROLES, type Role } from '../../../shared/roles.js';
import { api } from '../../api/client.js';
import { ApiError, fieldId, formErrorsFromChecks, messageFor, noErrors, type FormErrors } from '../../api/errors.js';
import { useSession } from '../../session/session.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { SelectField, TextField } from '../../ui/fields.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { QueryState } from '../../ui/QueryState.js';
import { DirectoryPicker } from '../directory/DirectoryPicker.js';
import { servicesWhere } from '../people/access.js';
import { RequireRoles } from '../people/common.js';
import { formatDateTime } from '../people/person-form.js';
import { getLadder, ladderKey, putLadder } from './api.js';
import { blankRow, ladderChecks, ladderErrorFields, moveRow, rowFromStep, stepsBody, type StepRow, type WhoKind } from './ladder-form.js';
import './escalations.css';

const EDIT_ROLES: readonly Role[] = ['service_manager', 'org_admin'];
const WHO_KINDS: { value: WhoKind; label: string }[] = [
  { value: 'role', label: 'Whoever holds a role' },
  { value: 'user', label: 'A named person' },
  { value: 'directory', label: 'A partner service’s duty contact (from the directory)' },
  { value: 'none', label: 'Nobody in particular (999, or waiting for the end-of-shift call)' },
];

/** Managers keep their service's escalation ladder: ordered steps with who, what and how long. */
export default function LadderEditor() {
  const { serviceId = '' } = useParams();
  const ladder = useQuery({ queryKey: ladderKey(serviceId), queryFn: () => getLadder(serviceId) });
  const { data: session } = useSession();
  const service = session ? servicesWhere(session.user, ['service_manager', 'shift_lead', 'peer_worker', 'senior_peer']).find((s) => s.id === serviceId) : undefined;
  return (
    <RequireRoles roles={EDIT_ROLES} what="editing escalation ladders">
      <Page title="Escalation ladder" caption={service?.name} back={{ to: `/services/${serviceId}/board`, text: 'Back to the live board' }}>
        <QueryState query={ladder} what="the ladder" />
        {ladder.data && <Editor key={`${ladder.data.version}`} ladder={ladder.data} serviceId={serviceId} />}
      </Page>
    </RequireRoles>
  );
}

function Editor({ ladder, serviceId }: { ladder: LadderOut; serviceId: string }) {
  const client = useQueryClient();
  const [rows, setRows] = useState<StepRow[]>(() => ladder.steps.map(rowFromStep));
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [notice, setNotice] = useState('');
  const users = useQuery({ queryKey: ['users'], queryFn: () => api<UsersOut>('/users'), staleTime: 60_000 });
  const people = (users.data?.users ?? []).filter((u) => u.status === 'active' && u.memberships.some((m) => m.serviceId === serviceId || m.serviceId === null)).map((u) => ({ value: u.id, label: u.displayName }));
  const update = (i: number, change: Partial<StepRow>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...change } : r)));

  const save = useMutation({
    mutationFn: () => putLadder(serviceId, { steps: stepsBody(rows), version: ladder.version }),
    onMutate: () => setNotice(''),
    onSuccess: (saved) => {
      setErrors(noErrors);
      client.setQueryData(ladderKey(serviceId), saved);
      // The editor restarts from what was saved (its key is the version).
      setNotice('The ladder is saved. Escalations raised from now on follow it; ones already under way keep theirs.');
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) {
        setErrors({ summary: [{ text: 'Someone else saved this ladder while you were editing. Reload the page to see theirs, then make your changes again.' }], fields: {} });
        return;
      }
      const fields = error instanceof ApiError ? ladderErrorFields(error.fields) : {};
      const summary = Object.entries(fields).map(([name, text]) => ({ href: `#${fieldId(name)}`, text: /^steps\.(\d+)/.test(name) ? `Step ${Number(/^steps\.(\d+)/.exec(name)![1]) + 1}: ${text}` : text }));
      setErrors({ summary: summary.length ? summary : [{ text: messageFor(error) }], fields });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks(ladderChecks(rows));
    if (checks.summary.length) {
      setErrors({ summary: checks.summary.map((s) => ({ ...s, text: /#field-steps-(\d+)/.test(s.href ?? '') ? `Step ${Number(/#field-steps-(\d+)/.exec(s.href!)![1]) + 1}: ${s.text}` : s.text })), fields: checks.fields });
      return;
    }
    save.mutate();
  }

  return (
    <form onSubmit={submit} noValidate>
      <Notice text={notice} />
      <ErrorSummary errors={errors} />
      <p>
        {ladder.isDefault ? 'This service uses the starting ladder until you save your own.' : ladder.updatedAt ? `Last saved on ${formatDateTime(ladder.updatedAt)}.` : ''} When nobody picks up an escalation within a step’s time, the next step starts by
        itself. The last step keeps alerting the shift lead and service manager until someone does.
      </p>
      {errors.fields.steps && (
        <p className="nhsuk-error-message" id={fieldId('steps')} tabIndex={-1}>
          {errors.fields.steps}
        </p>
      )}
      <ol className="nhsuk-list">
        {rows.map((r, i) => (
          <li key={r.key} className="app-ladder-edit__step" data-testid="ladder-step">
            <fieldset className="nhsuk-fieldset">
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Step {i + 1}</legend>
              {errors.fields[`steps.${i}`] && (
                <p className="nhsuk-error-message" id={fieldId(`steps.${i}`)} tabIndex={-1}>
                  <span className="nhsuk-u-visually-hidden">Error:</span> {errors.fields[`steps.${i}`]}
                </p>
              )}
              <TextField name={`steps.${i}.label`} label="What to do" value={r.label} onChange={(v) => update(i, { label: v })} error={errors.fields[`steps.${i}.label`]} />
              <SelectField name={`steps.${i}.action`} label="How" value={r.action} onChange={(v) => update(i, { action: v as StepRow['action'] })} options={STEP_ACTIONS.map((a) => ({ value: a, label: STEP_ACTION_LABELS[a] }))} error={errors.fields[`steps.${i}.action`]} />
              <SelectField name={`steps.${i}.who`} label="Who it reaches" value={r.whoKind} onChange={(v) => update(i, { whoKind: v as WhoKind })} options={WHO_KINDS} error={errors.fields[`steps.${i}.who`]} />
              {r.whoKind === 'role' && (
                <SelectField name={`steps.${i}.role`} label="Role" value={r.role} onChange={(v) => update(i, { role: v as Role })} options={[{ value: '', label: 'Choose a role' }, ...ROLES.map((x) => ({ value: x, label: ROLE_LABELS[x] }))]} />
              )}
              {r.whoKind === 'user' &&
                (users.isError ? (
                  <p>{messageFor(users.error)}</p>
                ) : (
                  <SelectField name={`steps.${i}.userId`} label="Person" value={r.userId} onChange={(v) => update(i, { userId: v })} options={[{ value: '', label: users.isPending ? 'Loading…' : 'Choose a person' }, ...people]} />
                ))}
              {r.whoKind === 'directory' && (
                <DirectoryPicker name={`steps.${i}.directoryEntryId`} legend="Directory entry" hint="Type a few letters of the partner service’s name" chosen={r.directoryEntryId ? [r.directoryEntryId] : []} onChange={(ids) => update(i, { directoryEntryId: ids[0] ?? '' })} single />
              )}
              <TextField name={`steps.${i}.phone`} label="Number to call for this step (optional)" hint="When it is not the person’s or the directory entry’s own" type="tel" value={r.phone} onChange={(v) => update(i, { phone: v })} error={errors.fields[`steps.${i}.phone`]} width={20} />
              <TextField name={`steps.${i}.windowMinutes`} label="Minutes before the next step starts" value={r.windowMinutes} onChange={(v) => update(i, { windowMinutes: v })} error={errors.fields[`steps.${i}.windowMinutes`]} inputMode="numeric" width={4} />
            </fieldset>
            <div className="app-actions">
              <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={i === 0} onClick={() => setRows((rs) => moveRow(rs, i, -1))}>
                Move up<span className="nhsuk-u-visually-hidden"> step {i + 1}</span>
              </button>
              <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={i === rows.length - 1} onClick={() => setRows((rs) => moveRow(rs, i, 1))}>
                Move down<span className="nhsuk-u-visually-hidden"> step {i + 1}</span>
              </button>
              <button type="button" className="app-link-button" onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}>
                Remove step {i + 1}
              </button>
            </div>
          </li>
        ))}
      </ol>
      {rows.length < MAX_STEPS && (
        <p>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setRows((rs) => [...rs, blankRow()])}>
            Add a step
          </button>
        </p>
      )}
      <button type="submit" className="nhsuk-button" disabled={save.isPending}>
        Save the ladder
      </button>
    </form>
  );
}
