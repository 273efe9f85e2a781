import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { EpisodeCreate, EpisodeOut } from '../../../shared/episodes.js';
import { api } from '../../api/client.js';
import { formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import { useSession } from '../../session/session.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { Checkbox, Fieldset, Radios, SelectField, TextArea, TextField } from '../../ui/fields.js';
import { Page } from '../../ui/Page.js';
import { PEER_ROLES, servicesWhere } from '../people/access.js';
import { getPerson, personKey, timelineKey } from '../people/api.js';
import { QueryState, RequireRoles } from '../people/common.js';
import { episodeKey } from './api.js';

const STATUS_OPTIONS = [
  { value: 'accepted', label: 'They would like peer support', hint: 'Start now: you can record sessions straight away' },
  { value: 'offered', label: 'Offered: they are thinking about it' },
  { value: 'declined', label: 'They would rather not, for now' },
];

/** Offer a short course of peer support in one of the worker's services. */
export default function OfferSupport() {
  const { personId = '' } = useParams();
  const person = useQuery({ queryKey: personKey(personId), queryFn: () => getPerson(personId) });
  const { data: session } = useSession();
  const navigate = useNavigate();
  const client = useQueryClient();
  const services = session ? servicesWhere(session.user, PEER_ROLES) : [];
  const [serviceId, setServiceId] = useState(services.length === 1 ? services[0]!.id : '');
  const [status, setStatus] = useState('');
  const [declinedReason, setDeclinedReason] = useState('');
  const [goal, setGoal] = useState('');
  const [allocateMe, setAllocateMe] = useState(true);
  const [errors, setErrors] = useState<FormErrors>(noErrors);

  const create = useMutation({
    mutationFn: (body: EpisodeCreate) => api<EpisodeOut>(`/services/${serviceId}/episodes`, { method: 'POST', body }),
    onSuccess: async (episode) => {
      client.setQueryData(episodeKey(episode.serviceId, episode.id), episode);
      await client.invalidateQueries({ queryKey: timelineKey(personId) });
      navigate(`/services/${episode.serviceId}/episodes/${episode.id}`);
    },
    onError: (error) => setErrors(formErrorsFrom(error, ['serviceId', 'status', 'declinedReason', 'goals', 'workerUserIds'], { 'goals.0.text': 'goal', goals: 'goal' })),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({
      serviceId: !serviceId && 'Choose the service offering peer support',
      status: !status && 'Choose what they said',
      declinedReason: status === 'declined' && !declinedReason.trim() && 'Say a little about why, in their words if they are happy to',
    });
    if (checks.summary.length) return setErrors(checks);
    setErrors(noErrors);
    const body: EpisodeCreate = { personId, status: status as EpisodeCreate['status'] };
    if (status === 'declined') body.declinedReason = declinedReason.trim();
    if (status !== 'declined' && goal.trim()) body.goals = [{ text: goal.trim() }];
    if (status !== 'declined' && allocateMe && session) body.workerUserIds = [session.user.id];
    create.mutate(body);
  }

  const name = person.data?.preferredName ?? 'this person';
  return (
    <RequireRoles roles={PEER_ROLES} what="offering peer support">
      <Page title="Offer peer support" caption={person.data?.preferredName} back={{ to: `/people/${personId}`, text: `Back to ${name}` }}>
        <QueryState query={person} what="this person’s record" />
        <p>A short course of peer support: regular time together, working on what matters to {name}, ending with a supported move on.</p>
        <ErrorSummary errors={errors} />
        <form onSubmit={submit} noValidate>
          {services.length === 1 ? (
            <p>
              Service: <strong>{services[0]!.name}</strong>
            </p>
          ) : (
            <SelectField name="serviceId" label="Which service is offering it?" value={serviceId} onChange={setServiceId} options={[{ value: '', label: 'Choose a service' }, ...services.map((s) => ({ value: s.id, label: s.name }))]} error={errors.fields.serviceId} />
          )}
          <Fieldset name="status" legend={`What did ${name} say?`} error={errors.fields.status}>
            <Radios name="status" value={status} onChange={setStatus} options={STATUS_OPTIONS} />
          </Fieldset>
          {status === 'declined' ? (
            <TextArea name="declinedReason" label="Why not, for now?" hint="In their words, if they are happy to say" value={declinedReason} onChange={setDeclinedReason} error={errors.fields.declinedReason} rows={3} />
          ) : (
            <>
              <TextField name="goal" label="Something they would like to work on (optional)" hint="In their words. You can add more goals later." value={goal} onChange={setGoal} error={errors.fields.goal} autoComplete="off" />
              <div className="nhsuk-form-group">
                <div className="nhsuk-checkboxes">
                  <Checkbox name="allocateMe" label="I will be their peer support worker" checked={allocateMe} onChange={setAllocateMe} />
                </div>
                {errors.fields.workerUserIds && <p className="nhsuk-error-message">{errors.fields.workerUserIds}</p>}
              </div>
            </>
          )}
          <button type="submit" className="nhsuk-button" disabled={create.isPending}>
            Save
          </button>
        </form>
      </Page>
    </RequireRoles>
  );
}
