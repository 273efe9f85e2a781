import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import type { PartnerPlanOut } from '../../../shared/plan-partners.js';
import { api } from '../../api/client.js';
import { Page } from '../../ui/Page.js';
import { QueryState, RequireRoles } from '../people/common.js';
import { PARTNER_ROLES, PartnerPlanView, servicePath } from './partner.js';
import { describeShareStatus } from './plan-rules.js';

/** One plan shared with this service: only the shared parts of its latest agreed version. */
export default function SharedPlan() {
  const { serviceId = '', shareId = '' } = useParams();
  const plan = useQuery({ queryKey: ['shared-plans', serviceId, shareId], queryFn: () => api<PartnerPlanOut>(servicePath(serviceId, `/shared-plans/${encodeURIComponent(shareId)}`)), retry: false, refetchOnWindowFocus: false });
  const p = plan.data;
  return (
    <RequireRoles roles={PARTNER_ROLES} what="plans shared with partners">
      <Page title={p ? `${p.person.preferredName}’s crisis plan` : 'Crisis plan'} caption="Shared with your service" back={{ to: servicePath(serviceId, '/shared-plans'), text: 'Plans shared with your service' }}>
        <QueryState query={plan} what="this plan" />
        {p && (
          <>
            {p.access.kind === 'share' && (
              <div className="app-plan-ends">
                <p>{describeShareStatus({ status: 'active', endsAt: p.access.endsAt, revokedAt: null })}, unless the person stops it sooner. They can see that you opened it.</p>
              </div>
            )}
            <PartnerPlanView plan={p} />
          </>
        )}
      </Page>
    </RequireRoles>
  );
}
