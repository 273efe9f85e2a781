import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { GroupOptionsOut, GroupSessionOut, IdentifierFindingOut } from '../../../shared/reflective-groups.js';
import { ApiError, formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import { useSession } from '../../session/session.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { Checkbox, Fieldset, SelectField, TextArea, TextField } from '../../ui/fields.js';
import { Page } from '../../ui/Page.js';
import { QueryState } from '../../ui/QueryState.js';
import { RequireRoles } from '../people/common.js';
import { GROUP_RECORD_ROLES } from './access.js';
import { createSession, getOptions, getSession, optionsKey, sessionKey, sessionsKey, updateSession } from './api.js';
import './reflective-groups.css';

const ORDER = ['teamId', 'facilitatorId', 'heldOn', 'attendeeIds', 'themes', 'learning'];
const today = () => new Date().toISOString().slice(0, 10);

/** Record a new group session, or change one (/wellbeing/groups/:serviceId/:sessionId/edit). */
export default function GroupSessionForm() {
  const { serviceId = '', sessionId } = useParams();
  const options = useQuery({ queryKey: optionsKey(serviceId), queryFn: () => getOptions(serviceId) });
  const existing = useQuery({ queryKey: sessionKey(serviceId, sessionId ?? ''), queryFn: () => getSession(serviceId, sessionId ?? ''), enabled: Boolean(sessionId) });
  const ready = options.data && (!sessionId || existing.data);
  return (
    <RequireRoles roles={GROUP_RECORD_ROLES} what="recording reflective practice groups">
      <Page title={sessionId ? 'Change a group session' : 'Record a group session'} back={{ to: sessionId ? `/wellbeing/groups/${serviceId}/${sessionId}` : `/wellbeing/groups?service=${encodeURIComponent(serviceId)}`, text: sessionId ? 'The session' : 'Reflective practice groups' }}>
        <QueryState query={options} what="the session form" />
        {sessionId && <QueryState query={existing} what="the session" />}
        {ready && <SessionForm serviceId={serviceId} options={options.data} existing={existing.data ?? null} />}
      </Page>
    </RequireRoles>
  );
}

function SessionForm({ serviceId, options, existing }: { serviceId: string; options: GroupOptionsOut; existing: GroupSessionOut | null }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const { data: session } = useSession();
  const me = session?.user.id ?? '';
  const facilitators = options.staff.filter((s) => s.canFacilitate);
  const [teamId, setTeamId] = useState(existing?.teamId ?? options.teams[0]?.id ?? '');
  const [facilitatorId, setFacilitatorId] = useState(existing?.facilitator.id ?? (facilitators.some((f) => f.id === me) ? me : (facilitators[0]?.id ?? '')));
  const [heldOn, setHeldOn] = useState(existing?.heldOn ?? today());
  const [attendees, setAttendees] = useState<Set<string>>(new Set(existing?.attendees.map((a) => a.id) ?? []));
  const [themes, setThemes] = useState(existing?.themes ?? '');
  const [learning, setLearning] = useState(existing?.learning ?? '');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [findings, setFindings] = useState<{ list: IdentifierFindingOut[]; canConfirm: boolean } | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const planned = heldOn > today();

  const save = useMutation({
    mutationFn: () => {
      const body = { teamId: teamId || null, facilitatorId, heldOn, attendeeIds: planned ? [] : [...attendees], themes: themes.trim() || null, learning: planned ? null : learning.trim() || null, ...(confirmed ? { confirmNoIdentifiers: true } : {}) };
      return existing ? updateSession(serviceId, existing.id, { ...body, version: existing.version }) : createSession(serviceId, body);
    },
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: sessionsKey(serviceId) });
      client.setQueryData(sessionKey(serviceId, saved.id), saved);
      void navigate(`/wellbeing/groups/${encodeURIComponent(serviceId)}/${encodeURIComponent(saved.id)}`, { state: { notice: existing ? 'Your changes are saved.' : 'The session is recorded.' } });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'identifiers_found') {
        setFindings({ list: (error.payload.findings as IdentifierFindingOut[]) ?? [], canConfirm: error.payload.canConfirm === true });
        setConfirmed(false);
      } else setFindings(null);
      if (error instanceof ApiError && error.code === 'stale_version') {
        return setErrors({ summary: [{ text: 'Someone else changed this session while you were editing. Go back to the session to see their changes, then make yours again.' }], fields: {} });
      }
      setErrors(formErrorsFrom(error, ORDER));
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({ facilitatorId: !facilitatorId && 'Choose who facilitated', heldOn: !/^\d{4}-\d{2}-\d{2}$/.test(heldOn) && 'Enter the date of the session' });
    if (checks.summary.length) return setErrors(checks);
    save.mutate();
  }
  const toggle = (id: string, on: boolean) => setAttendees((prev) => {
    const next = new Set(prev);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  });

  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={errors} />
      {options.teams.length > 0 && (
        <SelectField name="teamId" label="Team" value={teamId} onChange={setTeamId} error={errors.fields.teamId} options={[...options.teams.map((t) => ({ value: t.id, label: t.name })), { value: '', label: 'The whole service' }]} />
      )}
      <SelectField name="facilitatorId" label="Facilitator" hint="A senior peer or manager of this service" value={facilitatorId} onChange={setFacilitatorId} error={errors.fields.facilitatorId} options={facilitators.map((f) => ({ value: f.id, label: f.name }))} />
      <TextField type="date" width={10} name="heldOn" label="Date" hint="A date still to come records a planned session: add who came and the learning afterwards." value={heldOn} onChange={setHeldOn} error={errors.fields.heldOn} />
      {!planned && (
        <Fieldset name="attendeeIds" legend="Who came" hint="Staff of this service" error={errors.fields.attendeeIds}>
          <div className="nhsuk-checkboxes app-group-attendance">
            {options.staff.map((s) => (
              <Checkbox key={s.id} name={`attendee-${s.id}`} label={s.name} checked={attendees.has(s.id)} onChange={(on) => toggle(s.id, on)} />
            ))}
          </div>
        </Fieldset>
      )}
      <TextArea name="themes" label="Themes" hint="What the group talked about, in general terms. No names, phone numbers or NHS numbers of the people the service supports." rows={5} value={themes} onChange={setThemes} error={errors.fields.themes} />
      {!planned && <TextArea name="learning" label="Learning" hint="What the team will take forward." rows={5} value={learning} onChange={setLearning} error={errors.fields.learning} />}
      {findings && (
        <div className="nhsuk-warning-callout app-group-findings">
          <h2 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>Check the notes before saving
            </span>
          </h2>
          <ul>
            {findings.list.map((f, i) => (
              <li key={i}>
                {f.field === 'themes' ? 'Themes' : 'Learning'}: ‘{f.text}’ {f.kind === 'phone' ? 'looks like a phone number' : f.kind === 'nhs_number' ? 'looks like an NHS number' : 'looks like someone’s name'}
              </li>
            ))}
          </ul>
          {findings.canConfirm ? (
            <>
              <p>Take it out, or if you have checked and it does not identify anyone the service supports (for example, a colleague’s name or the office number), confirm and save again.</p>
              <div className="nhsuk-checkboxes">
                <Checkbox name="confirmNoIdentifiers" label="I have checked: none of this identifies anyone the service supports" checked={confirmed} onChange={setConfirmed} />
              </div>
            </>
          ) : (
            <p>An NHS number can never be kept in group notes. Take it out and save again.</p>
          )}
        </div>
      )}
      <button type="submit" className="nhsuk-button" disabled={save.isPending}>
        {existing ? 'Save changes' : planned ? 'Save planned session' : 'Save session'}
      </button>
    </form>
  );
}
