import { useQuery } from '@tanstack/react-query';
import { useLocation, useParams } from 'react-router';
import type { PartnerPlanOut } from '../../../shared/plan-partners.js';
import { api } from '../../api/client.js';
import { Page } from '../../ui/Page.js';
import { QueryState, RequireRoles } from '../people/common.js';
import { formatDateTime } from '../people/person-form.js';
import { PARTNER_ROLES, PartnerPlanView, servicePath } from './partner.js';

/** The plan while emergency access lasts, with the time it ends. */
export default function EmergencyPlan() {
  const { serviceId = '', grantId = '' } = useParams();
  const location = useLocation();
  const told = (location.state as { managersTold?: number } | null)?.managersTold;
  const plan = useQuery({ queryKey: ['break-glass', serviceId, grantId], queryFn: () => api<PartnerPlanOut>(servicePath(serviceId, `/break-glass/${encodeURIComponent(grantId)}`)), retry: false, refetchOnWindowFocus: false });
  const p = plan.data;
  return (
    <RequireRoles roles={PARTNER_ROLES} what="emergency access to crisis plans">
      <Page title={p ? `${p.person.preferredName}’s crisis plan` : 'Crisis plan'} caption="Emergency access" back={{ to: servicePath(serviceId, '/break-glass'), text: 'Emergency access' }}>
        <QueryState query={plan} what="this plan" />
        {p && (
          <>
            <div className="app-plan-ends">
              <p>
                <strong>Emergency access{p.access.kind === 'break_glass' ? ` ends at ${formatDateTime(p.access.expiresAt)}` : ''}.</strong>{' '}
                {told !== undefined ? (told > 0 ? `Your service manager${told === 1 ? ' has' : 's have'} been told.` : 'There is no service manager to tell, so this is kept for review.') : 'Your service manager has been told.'} The person will see that you looked and why.
              </p>
            </div>
            <PartnerPlanView plan={p} />
          </>
        )}
      </Page>
    </RequireRoles>
  );
}
