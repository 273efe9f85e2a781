import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { SharedPlansOut } from '../../../shared/plan-partners.js';
import { PLAN_SECTIONS } from '../../../shared/plans.js';
import { api } from '../../api/client.js';
import { useSession } from '../../session/session.js';
import { Page } from '../../ui/Page.js';
import { QueryState, RequireRoles } from '../people/common.js';
import { describePartnerPerson, PARTNER_ROLES, servicePath, useServiceName } from './partner.js';
import { dateOf, describeShareStatus } from './plan-rules.js';

/** Plans people have chosen to share with this service, now. */
export default function SharedPlans() {
  const { serviceId = '' } = useParams();
  const { data: session } = useSession();
  const serviceName = useServiceName(serviceId, session?.user.memberships ?? []);
  const plans = useQuery({ queryKey: ['shared-plans', serviceId], queryFn: () => api<SharedPlansOut>(servicePath(serviceId, '/shared-plans')) });
  return (
    <RequireRoles roles={PARTNER_ROLES} what="plans shared with partners">
      <Page title="Plans shared with your service" caption={serviceName || 'Crisis plans'} back={{ to: '/plans', text: 'Crisis plans' }}>
        <p>People have agreed to share these plans with {serviceName || 'your service'}. You see only the parts each person chose, in their latest agreed version. Each time you open one, the person can see that you did.</p>
        <QueryState query={plans} what="the shared plans" />
        {plans.data &&
          (plans.data.plans.length === 0 ? (
            <p>No plans are shared with {serviceName || 'your service'} just now.</p>
          ) : (
            <ul className="nhsuk-list app-result-list">
              {plans.data.plans.map((p) => (
                <li key={p.shareId}>
                  <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-1">
                    <Link to={servicePath(serviceId, `/shared-plans/${encodeURIComponent(p.shareId)}`)}>{p.person.fullName ?? p.person.preferredName}</Link>
                  </h2>
                  {describePartnerPerson(p.person, false) && <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">{describePartnerPerson(p.person, false)}</p>}
                  <p className="nhsuk-body-s">
                    Version {p.versionNumber}
                    {p.agreedAt && `, agreed ${dateOf(p.agreedAt)}`}. {describeShareStatus({ status: 'active', endsAt: p.endsAt, revokedAt: null })}. Parts shared: {p.sections.map((k) => PLAN_SECTIONS[k].title).join('; ')}.
                  </p>
                </li>
              ))}
            </ul>
          ))}
        <p>
          <Link to={servicePath(serviceId, '/break-glass')}>Someone is in crisis and their plan is not shared with you?</Link>
        </p>
      </Page>
    </RequireRoles>
  );
}
