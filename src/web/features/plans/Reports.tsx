import { useQuery } from '@tanstack/react-query';
import type { PlanReportOut } from '../../../shared/plans.js';
import { api } from '../../api/client.js';
import { Page } from '../../ui/Page.js';
import { QueryState, RequireRoles } from '../people/common.js';
import { formatDateTime } from '../people/person-form.js';
import { REPORT_ROLES } from './partner.js';
import './plans.css';

/** Reports: counted without naming anyone. For now, the crisis plans card. */
export default function Reports() {
  const report = useQuery({ queryKey: ['reports', 'plans'], queryFn: () => api<PlanReportOut>('/reports/plans') });
  const r = report.data;
  return (
    <RequireRoles roles={REPORT_ROLES} what="reports">
      <Page title="Reports" wide>
        <p>How the organisation is doing, counted without naming anyone.</p>
        <section aria-labelledby="plans-report-title">
          <h2 className="nhsuk-heading-m" id="plans-report-title">
            Crisis plans
          </h2>
          <QueryState query={report} what="the crisis plans figures" />
          {r && (
            <>
              <ul className="app-plan-cards">
                <Figure value={r.peopleWithAgreedPlan} label="people have an agreed crisis plan" />
                <Figure value={r.reviewedInLast6Months} label="plans were agreed or gone through again in the last 6 months" />
                <Figure value={r.activeShares} label="plans are shared with someone now" hint="Counting each person or service it is shared with" />
              </ul>
              <p className="nhsuk-body-s app-muted nhsuk-u-margin-top-3">As of {formatDateTime(r.asOf)}.</p>
            </>
          )}
        </section>
      </Page>
    </RequireRoles>
  );
}

function Figure({ value, label, hint }: { value: number; label: string; hint?: string }) {
  return (
    <li>
      <div className="nhsuk-card">
        <div className="nhsuk-card__content">
          <p className="app-plan-figure">{value.toLocaleString('en-GB')}</p>
          <p className="nhsuk-card__description">{label}</p>
          {hint && <p className="nhsuk-body-s app-muted nhsuk-u-margin-bottom-0">{hint}</p>}
        </div>
      </div>
    </li>
  );
}
