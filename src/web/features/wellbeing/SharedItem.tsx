import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { CHECKIN_KIND_LABELS, PLAN_SECTION_TEXT, PLAN_SECTIONS } from '../../../shared/wellbeing.js';
import { Page } from '../../ui/Page.js';
import { QueryState } from '../../ui/QueryState.js';
import { RequireRoles } from '../people/common.js';
import { formatDateTime } from '../people/person-form.js';
import { WELLBEING_ROLES } from './access.js';
import { getSharedItem, sharedItemKey } from './api.js';
import './wellbeing.css';

/** One thing a colleague shared with me (each opening is recorded). */
export default function SharedItem() {
  const { shareId = '' } = useParams();
  const item = useQuery({ queryKey: sharedItemKey(shareId), queryFn: () => getSharedItem(shareId), retry: false, staleTime: 60_000 });
  const data = item.data;
  const title = data ? (data.plan ? `${data.item.ownerName}: wellbeing plan` : `${data.item.ownerName}: ${CHECKIN_KIND_LABELS[data.checkin!.kind].toLowerCase()}`) : 'Shared with you';
  return (
    <RequireRoles roles={WELLBEING_ROLES} what="staff wellbeing">
      <Page title={title} back={{ to: '/wellbeing/shared', text: 'Shared with me' }}>
        <QueryState query={item} what="this" />
        {data && <p className="nhsuk-body-s">Shared with you by name on {formatDateTime(data.item.sharedAt)}. Please keep it to yourself.</p>}
        {data?.checkin && (
          <dl className="nhsuk-summary-list">
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">When</dt>
              <dd className="nhsuk-summary-list__value">{formatDateTime(data.checkin.createdAt)}</dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">How they were</dt>
              <dd className="nhsuk-summary-list__value">{data.checkin.scaleLabel ? `${data.checkin.scale}: ${data.checkin.scaleLabel}` : 'Not given'}</dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">In their words</dt>
              <dd className="nhsuk-summary-list__value app-break">{data.checkin.words ?? 'Not given'}</dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Hard shift</dt>
              <dd className="nhsuk-summary-list__value">{data.checkin.hardShift ? 'Yes, they said it was a hard shift' : 'Not said'}</dd>
            </div>
          </dl>
        )}
        {data?.plan && (
          <>
            {PLAN_SECTIONS.map((k) => (
              <section key={k}>
                <h2 className="nhsuk-heading-s">{PLAN_SECTION_TEXT[k].title}</h2>
                <p className="app-shared-section app-break">{data.plan!.sections[k] || 'Nothing written yet.'}</p>
              </section>
            ))}
            {data.plan.updatedAt && <p className="nhsuk-body-s">Last changed {formatDateTime(data.plan.updatedAt)}.</p>}
          </>
        )}
      </Page>
    </RequireRoles>
  );
}
