import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Page } from '../../ui/Page.js';
import { QueryState } from '../../ui/QueryState.js';
import { RequireRoles } from '../people/common.js';
import { formatDateTime } from '../people/person-form.js';
import { WELLBEING_ROLES } from './access.js';
import { getSharedWithMe, sharedWithMeKey } from './api.js';

/** What colleagues have chosen to share with me, while they keep sharing it. */
export default function SharedWithMe() {
  const shared = useQuery({ queryKey: sharedWithMeKey, queryFn: getSharedWithMe });
  const items = shared.data?.items ?? [];
  return (
    <RequireRoles roles={WELLBEING_ROLES} what="staff wellbeing">
      <Page title="Shared with me" back={{ to: '/wellbeing', text: 'Your wellbeing' }}>
        <p>Colleagues can choose to share a check-in or their wellbeing plan with you. It was shared with you by name, so please keep it to yourself. They can stop sharing at any time, and then it goes from here.</p>
        <QueryState query={shared} what="what has been shared with you" />
        {shared.data && items.length === 0 && <p>Nothing has been shared with you at the moment.</p>}
        {items.length > 0 && (
          <ul className="nhsuk-list nhsuk-list--border">
            {items.map((item) => (
              <li key={item.shareId}>
                <Link to={`/wellbeing/shared/${item.shareId}`}>
                  {item.ownerName}: {item.subjectType === 'plan' ? 'wellbeing plan' : 'a check-in or check-out'}
                </Link>
                <br />
                <span className="nhsuk-body-s">Shared {formatDateTime(item.sharedAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </Page>
    </RequireRoles>
  );
}
