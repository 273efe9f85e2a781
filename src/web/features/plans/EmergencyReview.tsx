import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import type { BreakGlassReviewOut, BreakGlassReviewsOut } from '../../../shared/plan-partners.js';
import { api } from '../../api/client.js';
import { formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import { useSession } from '../../session/session.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { TextArea } from '../../ui/fields.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { QueryState, RequireRoles, Row } from '../people/common.js';
import { formatDateTime } from '../people/person-form.js';
import { describePartnerPerson, REVIEW_ROLES, servicePath, useServiceName } from './partner.js';

/** A service manager looks at every emergency access in the service, and notes that they have. */
export default function EmergencyReview() {
  const { serviceId = '' } = useParams();
  const { data: session } = useSession();
  const serviceName = useServiceName(serviceId, session?.user.memberships ?? []);
  const [notice, setNotice] = useState('');
  const grants = useQuery({ queryKey: ['break-glass-reviews', serviceId], queryFn: () => api<BreakGlassReviewsOut>(servicePath(serviceId, '/break-glass-reviews')) });
  const waiting = grants.data?.grants.filter((g) => !g.reviewedAt) ?? [];
  const done = grants.data?.grants.filter((g) => g.reviewedAt) ?? [];
  return (
    <RequireRoles roles={REVIEW_ROLES} what="reviewing emergency access">
      <Page title="Emergency access to crisis plans" caption={serviceName || 'Review'} back={{ to: '/plans', text: 'Crisis plans' }}>
        <Notice text={notice} />
        <p>Each time a partner opens a plan without the person’s agreement, it is listed here for you to look at. Check the reason makes sense, and follow it up if it does not.</p>
        <QueryState query={grants} what="emergency access" />
        {grants.data && (
          <>
            <h2 className="nhsuk-heading-m">Waiting for review ({waiting.length})</h2>
            {waiting.length === 0 ? <p>Nothing is waiting.</p> : waiting.map((g) => <Grant key={g.id} serviceId={serviceId} grant={g} onReviewed={setNotice} />)}
            {done.length > 0 && (
              <>
                <h2 className="nhsuk-heading-m">Reviewed</h2>
                {done.map((g) => (
                  <Grant key={g.id} serviceId={serviceId} grant={g} onReviewed={setNotice} />
                ))}
              </>
            )}
          </>
        )}
      </Page>
    </RequireRoles>
  );
}

function Grant({ serviceId, grant: g, onReviewed }: { serviceId: string; grant: BreakGlassReviewOut; onReviewed: (text: string) => void }) {
  const [note, setNote] = useState('');
  const field = `note-${g.id}`;
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const client = useQueryClient();
  const review = useMutation({
    mutationFn: () => api<BreakGlassReviewOut>(servicePath(serviceId, `/break-glass-reviews/${encodeURIComponent(g.id)}`), { method: 'POST', body: { note: note.trim() } }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['break-glass-reviews', serviceId] });
      onReviewed(`Your review of ${g.userName}’s emergency access is saved.`);
    },
    onError: (e) => setErrors(formErrorsFrom(e, [field], { note: field })),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({ [field]: !note.trim() && 'Write a note about this emergency access' });
    if (checks.summary.length) return setErrors(checks);
    review.mutate();
  }
  return (
    <div className="nhsuk-card">
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading nhsuk-heading-s">
          {g.userName} opened {g.person.preferredName}’s plan
        </h3>
        <dl className="nhsuk-summary-list">
          <Row label="Whose plan">{describePartnerPerson(g.person)}</Row>
          <Row label="When">{`${formatDateTime(g.createdAt)}, open until ${formatDateTime(g.expiresAt)}`}</Row>
          <Row label="Reason given">{g.reason}</Row>
          <Row label="Times opened">{String(g.reads)}</Row>
          {g.reviewedAt && <Row label="Reviewed">{`${formatDateTime(g.reviewedAt)}${g.reviewedByName ? ` by ${g.reviewedByName}` : ''}`}</Row>}
          {g.reviewNote && <Row label="Review note">{g.reviewNote}</Row>}
        </dl>
        {!g.reviewedAt && (
          <form onSubmit={submit} noValidate>
            <ErrorSummary errors={errors} title="The review was not saved" />
            <TextArea name={field} label="Your note" hint="What you checked, and anything you will follow up" value={note} onChange={setNote} error={errors.fields[field]} rows={3} />
            <button type="submit" className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" disabled={review.isPending}>
              Save review
            </button>
          </form>
        )}
      </div>
    </div>
  );
}
