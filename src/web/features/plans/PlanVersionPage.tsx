import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { PEER_ROLES } from '../people/access.js';
import { QueryState, RequireRoles } from '../people/common.js';
import { Page } from '../../ui/Page.js';
import { getPlanVersion, planScreen, planVersionKey } from './api.js';
import { PlanContentView, usePersonName } from './common.js';
import { dateOf, describeAgreement } from './plan-rules.js';

/** One version of the plan, read only: older versions stay readable. */
export default function PlanVersionPage() {
  const { personId = '', number = '' } = useParams();
  const n = Number(number);
  const name = usePersonName(personId);
  const version = useQuery({ queryKey: planVersionKey(personId, n), queryFn: () => getPlanVersion(personId, n), enabled: Number.isInteger(n) && n > 0 });
  const v = version.data;
  return (
    <RequireRoles roles={PEER_ROLES} what="crisis plans">
      <Page title={`Version ${number} of ${name ? `${name}’s` : 'the'} crisis plan`} caption="Crisis plan" back={{ to: planScreen(personId), text: 'Back to the plan' }}>
        <QueryState query={version} what="this version" />
        {v && (
          <>
            <div className="app-plan-ends">
              <p>
                {v.state === 'agreed' && v.agreedAt ? `Agreed on ${dateOf(v.agreedAt)}, ${describeAgreement(v)}.` : 'This version is still being written.'} Last changed on {dateOf(v.updatedAt)}
                {v.updatedByName && ` by ${v.updatedByName}`}.
              </p>
            </div>
            {v.state === 'draft' && (
              <p>
                <Link to={planScreen(personId, '/edit')}>Continue writing this version</Link>
              </p>
            )}
            <PlanContentView content={v.content} />
          </>
        )}
      </Page>
    </RequireRoles>
  );
}
