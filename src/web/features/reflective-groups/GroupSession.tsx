import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { QueryState } from '../../ui/QueryState.js';
import { RequireRoles, Row } from '../people/common.js';
import { formatDate } from '../people/person-form.js';
import { GROUP_READ_ROLES } from './access.js';
import { getSession, sessionKey } from './api.js';
import './reflective-groups.css';

/** One group session: facilitator, who came, themes and learning. */
export default function GroupSession() {
  const { serviceId = '', sessionId = '' } = useParams();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice ?? '';
  const session = useQuery({ queryKey: sessionKey(serviceId, sessionId), queryFn: () => getSession(serviceId, sessionId) });
  const s = session.data;
  return (
    <RequireRoles roles={GROUP_READ_ROLES} what="reflective practice groups">
      <Page title={s ? `Group session, ${formatDate(s.heldOn)}` : 'Group session'} back={{ to: `/wellbeing/groups?service=${encodeURIComponent(serviceId)}`, text: 'Reflective practice groups' }}>
        <Notice text={notice} />
        <QueryState query={session} what="the session" />
        {s && (
          <>
            {s.planned && <p>This session is planned. Who came and the learning are added once it has happened.</p>}
            <dl className="nhsuk-summary-list">
              <Row label="Team">{s.teamName ?? 'The whole service'}</Row>
              <Row label="Date">{formatDate(s.heldOn)}</Row>
              <Row label="Facilitator">{s.facilitator.name}</Row>
              {!s.planned && <Row label="Who came">{s.attendees.length ? s.attendees.map((a) => a.name).join(', ') : 'Not recorded'}</Row>}
              <Row label="Themes">
                <span className="app-group-text">{s.themes ?? 'Not recorded'}</span>
              </Row>
              {!s.planned && (
                <Row label="Learning">
                  <span className="app-group-text">{s.learning ?? 'Not recorded'}</span>
                </Row>
              )}
            </dl>
            {s.canEdit && (
              <Link className="nhsuk-button nhsuk-button--secondary" to={`/wellbeing/groups/${encodeURIComponent(serviceId)}/${encodeURIComponent(s.id)}/edit`}>
                Change this session
              </Link>
            )}
          </>
        )}
      </Page>
    </RequireRoles>
  );
}
