import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import type { GroupSessionOut } from '../../../shared/reflective-groups.js';
import { useSession } from '../../session/session.js';
import { SelectField } from '../../ui/fields.js';
import { Page } from '../../ui/Page.js';
import { QueryState } from '../../ui/QueryState.js';
import { servicesWhere } from '../people/access.js';
import { RequireRoles } from '../people/common.js';
import { formatDate } from '../people/person-form.js';
import { GROUP_READ_ROLES } from './access.js';
import { getOptions, getSessions, optionsKey, sessionsKey } from './api.js';
import './reflective-groups.css';

/** Reflective practice groups: the service's sessions by team, newest first. */
export default function Groups() {
  const { data: session } = useSession();
  const services = session ? servicesWhere(session.user, GROUP_READ_ROLES) : [];
  // The chosen service is kept in the address, so the back link from a session returns to it.
  const [params, setParams] = useSearchParams();
  const chosen = params.get('service') ?? '';
  const serviceId = services.some((s) => s.id === chosen) ? chosen : (services[0]?.id ?? '');
  const setChosen = (id: string) => setParams({ service: id }, { replace: true });
  return (
    <RequireRoles roles={GROUP_READ_ROLES} what="reflective practice groups">
      <Page title="Reflective practice groups" back={{ to: '/wellbeing', text: 'Your wellbeing' }}>
        <p>Time as a team to think together about the work: what came up, what we noticed, what we learned. Group notes are about the work and the team, never about anyone the service supports.</p>
        {services.length > 1 && <SelectField name="service" label="Service" value={serviceId} onChange={setChosen} options={services.map((s) => ({ value: s.id, label: s.name }))} />}
        {serviceId ? <ServiceGroups serviceId={serviceId} /> : <p>You are not part of a service's team yet, so there are no group sessions to show.</p>}
      </Page>
    </RequireRoles>
  );
}

function ServiceGroups({ serviceId }: { serviceId: string }) {
  const sessions = useQuery({ queryKey: sessionsKey(serviceId), queryFn: () => getSessions(serviceId) });
  const options = useQuery({ queryKey: optionsKey(serviceId), queryFn: () => getOptions(serviceId) });
  const groups = new Map<string, { name: string; sessions: GroupSessionOut[] }>();
  for (const team of options.data?.teams ?? []) groups.set(team.id, { name: team.name, sessions: [] });
  for (const s of sessions.data?.sessions ?? []) {
    const key = s.teamId ?? '';
    const group = groups.get(key) ?? { name: s.teamName ?? 'Whole service', sessions: [] };
    group.sessions.push(s);
    groups.set(key, group);
  }
  const shown = [...groups.entries()].filter(([, g]) => g.sessions.length > 0 || (options.data?.teams.length ?? 0) > 0);
  return (
    <>
      {options.data?.canRecord && (
        <Link className="nhsuk-button" to={`/wellbeing/groups/${encodeURIComponent(serviceId)}/new`}>
          Record a group session
        </Link>
      )}
      <QueryState query={sessions} what="group sessions" />
      {sessions.data && sessions.data.sessions.length === 0 && <p>No group sessions have been recorded yet.</p>}
      {sessions.data &&
        sessions.data.sessions.length > 0 &&
        shown.map(([key, group]) => (
          <section key={key || 'service'} className="app-group-team">
            <h2 className="nhsuk-heading-m">{group.name}</h2>
            {group.sessions.length === 0 ? (
              <p className="nhsuk-body-s">No sessions recorded for this team yet.</p>
            ) : (
              <ul className="nhsuk-list app-group-sessions">
                {group.sessions.map((s) => (
                  <li key={s.id}>
                    <Link to={`/wellbeing/groups/${encodeURIComponent(serviceId)}/${encodeURIComponent(s.id)}`}>{formatDate(s.heldOn)}</Link>
                    {s.planned && <strong className="nhsuk-tag nhsuk-tag--grey app-group-tag">Planned</strong>}
                    <span className="nhsuk-body-s app-group-meta">
                      {' '}
                      Facilitated by {s.facilitator.name}
                      {s.planned ? '' : ` · ${s.attendees.length} ${s.attendees.length === 1 ? 'person' : 'people'} came`}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
    </>
  );
}
