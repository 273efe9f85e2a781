import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { SERVICE_TYPE_LABELS } from '../../../shared/roles.js';
import { api } from '../../api/client.js';
import { formErrorsFrom, formErrorsFromChecks, messageFor, noErrors, type FormErrors } from '../../api/errors.js';
import type { Service, Team, TeamsOut } from '../../api/types.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { TextField } from '../../ui/fields.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { staleVersionsOf, StaleVersionChoice } from '../../ui/StaleVersion.js';
import { ADMIN_ROLES, QueryState, RequireRole } from './common.js';
import { describeOpeningHours } from './opening-hours-form.js';
import { FIELD_ALIASES, FIELD_ORDER, serviceFormFrom, type ServiceBody } from './service-form.js';
import { ServiceForm } from './ServiceForm.js';
import { servicesKey } from './Services.js';

export default function ServiceDetail() {
  const { serviceId = '' } = useParams();
  const service = useQuery({ queryKey: ['service', serviceId], queryFn: () => api<Service>(`/services/${encodeURIComponent(serviceId)}`) });
  return (
    <RequireRole roles={ADMIN_ROLES}>
      {service.data ? (
        <EditService key={service.data.id} service={service.data} />
      ) : (
        <Page title="Service" back={{ to: '/admin/services', text: 'Services and teams' }}>
          <QueryState query={service} what="this service" />
        </Page>
      )}
    </RequireRole>
  );
}

function EditService({ service }: { service: Service }) {
  const client = useQueryClient();
  const [params] = useSearchParams();
  const [form, setForm] = useState(() => serviceFormFrom(service));
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [saved, setSaved] = useState(false);
  const [stale, setStale] = useState<{ current: Service; mine: ServiceBody } | null>(null);

  const save = useMutation({
    mutationFn: ({ body, version }: { body: ServiceBody; version: number }) => api<Service>(`/services/${service.id}`, { method: 'PATCH', body: { version, ...body } }),
    onMutate: () => setSaved(false),
    onSuccess: async (updated) => {
      setStale(null);
      setSaved(true);
      client.setQueryData(['service', service.id], updated);
      await client.invalidateQueries({ queryKey: servicesKey });
    },
    onError: (error, { body }) => {
      const versions = staleVersionsOf<Service>(error);
      if (versions) {
        setStale({ current: versions.current, mine: body });
        setErrors(noErrors);
      } else setErrors(formErrorsFrom(error, FIELD_ORDER, FIELD_ALIASES));
    },
  });

  const describe = (s: ServiceBody) => ({
    name: s.name,
    slug: s.slug,
    type: SERVICE_TYPE_LABELS[s.type],
    area: s.area,
    description: s.description,
    sessionLimit: String(s.sessionLimit),
    hours: describeOpeningHours(s.openingHours),
  });

  return (
    <Page title={service.name} caption="Service" back={{ to: '/admin/services', text: 'Services and teams' }}>
      <Notice text={saved ? 'Your changes are saved.' : params.get('created') ? 'The service has been added. You can add its teams below.' : ''} />
      {stale && (
        <StaleVersionChoice
          busy={save.isPending}
          rows={(() => {
            const theirs = describe(stale.current);
            const yours = describe(stale.mine);
            const labels: Record<keyof typeof theirs, string> = { name: 'Name', slug: 'Web address name', type: 'Kind', area: 'Area', description: 'Description', sessionLimit: 'Sessions before a review', hours: 'Opening hours' };
            return (Object.keys(labels) as (keyof typeof theirs)[]).map((k) => ({ label: labels[k], theirs: theirs[k], yours: yours[k] }));
          })()}
          onKeepTheirs={() => {
            client.setQueryData(['service', service.id], stale.current);
            setForm(serviceFormFrom(stale.current));
            setStale(null);
            void client.invalidateQueries({ queryKey: servicesKey });
          }}
          onUseMine={() => save.mutate({ body: stale.mine, version: stale.current.version })}
        />
      )}
      <h2 className="nhsuk-heading-m">Details and opening hours</h2>
      <ServiceForm form={form} setForm={setForm} errors={errors} setErrors={setErrors} onSubmit={(body) => save.mutate({ body, version: service.version })} submitText="Save changes" busy={save.isPending} />
      <Teams serviceId={service.id} />
    </Page>
  );
}

function Teams({ serviceId }: { serviceId: string }) {
  const client = useQueryClient();
  const key = ['service', serviceId, 'teams'];
  const teams = useQuery({ queryKey: key, queryFn: () => api<TeamsOut>(`/services/${serviceId}/teams`) });
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const add = useMutation({
    mutationFn: () => api<Team>(`/services/${serviceId}/teams`, { method: 'POST', body: { name: name.trim() } }),
    onSuccess: async () => {
      setName('');
      setErrors(noErrors);
      await client.invalidateQueries({ queryKey: key });
    },
    onError: (error) => setErrors(formErrorsFrom(error, ['teamName'], { name: 'teamName' })),
  });
  const change = useMutation({
    mutationFn: (t: { team: Team; archived: boolean }) => api<Team>(`/services/${serviceId}/teams/${t.team.id}`, { method: 'PATCH', body: { version: t.team.version, archived: t.archived } }),
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({ teamName: !name.trim() && 'Enter the team’s name' });
    if (checks.summary.length) return setErrors(checks);
    add.mutate();
  }

  return (
    <section aria-labelledby="teams-title" className="nhsuk-u-margin-top-7">
      <h2 className="nhsuk-heading-m" id="teams-title">
        Teams
      </h2>
      <QueryState query={teams} what="teams" />
      {change.isError && (
        <p className="nhsuk-error-message" role="alert">
          {messageFor(change.error)}
        </p>
      )}
      {teams.data &&
        (teams.data.teams.length === 0 ? (
          <p>This service has no teams yet. Teams are optional: use them if the service has more than one group of staff, such as day and night.</p>
        ) : (
          <ul className="nhsuk-list">
            {teams.data.teams.map((t) => (
              <li key={t.id}>
                {t.name}
                {t.archived && (
                  <>
                    {' '}
                    <strong className="nhsuk-tag nhsuk-tag--grey">Archived</strong>
                  </>
                )}{' '}
                <button type="button" className="app-link-button" onClick={() => change.mutate({ team: t, archived: !t.archived })} disabled={change.isPending}>
                  {t.archived ? 'Restore' : 'Archive'}
                  <span className="nhsuk-u-visually-hidden"> {t.name}</span>
                </button>
              </li>
            ))}
          </ul>
        ))}
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate>
        <TextField name="teamName" label="Add a team" hint="For example, Night team." value={name} onChange={setName} error={errors.fields.teamName} width={20} />
        <button type="submit" className="nhsuk-button nhsuk-button--secondary" disabled={add.isPending}>
          Add team
        </button>
      </form>
    </section>
  );
}
