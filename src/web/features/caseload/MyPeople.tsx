import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { EPISODE_STATUS_LABELS, type MyCaseloadOut } from '../../../shared/episodes.js';
import { api } from '../../api/client.js';
import { Page } from '../../ui/Page.js';
import { PEER_ROLES } from '../people/access.js';
import { QueryState, RequireRoles } from '../people/common.js';
import { formatDateTime } from '../people/person-form.js';
import { limitMessage } from '../episodes/episode-rules.js';

/** The signed-in worker's people: open episodes they are allocated to. */
export default function MyPeople() {
  const caseload = useQuery({ queryKey: ['caseload', 'mine'], queryFn: () => api<MyCaseloadOut>('/caseload') });
  const data = caseload.data;
  return (
    <RequireRoles roles={PEER_ROLES} what="a caseload">
      <Page title="My people" wide>
        <QueryState query={caseload} what="your people" />
        {data && (
          <>
            <p>
              You are offering peer support to {data.count === 1 ? 'one person' : `${data.count} people`}
              {data.max != null ? `, with a maximum of ${data.max} agreed with you` : ''}.
            </p>
            {data.people.length === 0 ? (
              <p>No one yet. When you offer someone peer support and are allocated, they appear here.</p>
            ) : (
              <ul className="nhsuk-list app-result-list">
                {data.people.map((p) => {
                  const warning = limitMessage(p.limitWarning, p.sessionsUsed, p.sessionLimit);
                  return (
                    <li key={p.episodeId}>
                      <Link className="nhsuk-heading-s app-result-name" to={`/services/${p.serviceId}/episodes/${p.episodeId}`}>
                        {p.personPreferredName}
                      </Link>
                      <p className="nhsuk-body-s app-muted">
                        {[p.serviceName, EPISODE_STATUS_LABELS[p.status], p.sessionsUsed > 0 ? `${p.sessionsUsed} of ${p.sessionLimit} sessions so far` : 'No sessions yet', p.lastSessionAt ? `last ${formatDateTime(p.lastSessionAt)}` : null]
                          .filter(Boolean)
                          .join(' · ')}
                      </p>
                      {p.nextStep && <p className="app-break app-pre-line">Next steps: {p.nextStep}</p>}
                      {warning && <p className="nhsuk-body-s"><strong>{warning}</strong></p>}
                    </li>
                  );
                })}
              </ul>
            )}
          </>
        )}
      </Page>
    </RequireRoles>
  );
}
