import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { CONSENT_HOW_LABELS, PLAN_SECTIONS, RECIPIENT_KIND_LABELS, type LinkOut, type PlanOut, type PlanVersionOut, type ShareOut } from '../../../shared/plans.js';
import { api } from '../../api/client.js';
import { formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { Checkbox, Fieldset, SelectField } from '../../ui/fields.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { PEER_ROLES } from '../people/access.js';
import { QueryState, RequireRoles, Row } from '../people/common.js';
import { formatDateTime } from '../people/person-form.js';
import { getPlan, getPlanViews, planKey, planPath, planScreen, planViewsKey } from './api.js';
import { PlanContentView, usePersonName } from './common.js';
import { dateOf, describeAgreement, describeShareStatus, describeStanding, isPersonRecipient, lastDayOf, reviewDue } from './plan-rules.js';

type Plan = NonNullable<PlanOut['plan']>;

export default function PlanPage() {
  const { personId = '' } = useParams();
  const plan = useQuery({ queryKey: planKey(personId), queryFn: () => getPlan(personId) });
  const name = usePersonName(personId);
  return (
    <RequireRoles roles={PEER_ROLES} what="crisis plans">
      <Page title={name ? `${name}’s crisis plan` : 'Crisis plan'} caption="Crisis plan" back={{ to: `/people/${personId}`, text: name ? `Back to ${name}` : 'Back' }} wide>
        <QueryState query={plan} what="the crisis plan" />
        {plan.data && (plan.data.plan ? <PlanView personId={personId} plan={plan.data.plan} name={name || 'them'} /> : <NoPlan personId={personId} name={name || 'the person'} />)}
      </Page>
    </RequireRoles>
  );
}

function NoPlan({ personId, name }: { personId: string; name: string }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const start = useMutation({
    mutationFn: () => api<PlanOut>(planPath(personId), { method: 'POST', body: {} }),
    onSuccess: (out) => {
      client.setQueryData(planKey(personId), out);
      navigate(planScreen(personId, '/edit'));
    },
    onError: (e) => setErrors(formErrorsFrom(e)),
  });
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <p>{name} does not have a crisis plan here yet.</p>
        <p>A crisis plan is written together, in {name === 'the person' ? 'their' : `${name}’s`} own words. Every part is optional: write only what they want to. Nobody else sees it unless they agree.</p>
        <button type="button" className="nhsuk-button" disabled={start.isPending} onClick={() => start.mutate()}>
          Start writing a plan
        </button>
      </div>
    </div>
  );
}

function PlanView({ personId, plan, name }: { personId: string; plan: Plan; name: string }) {
  const location = useLocation();
  // A screen that sent the worker back here (shared, link sent) says what happened, once.
  const [notice, setNotice] = useState(() => (location.state as { notice?: string } | null)?.notice ?? '');
  const client = useQueryClient();
  const navigate = useNavigate();
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const standing = describeStanding(plan);
  const saved = (out: PlanOut | PlanVersionOut, text: string) => {
    void client.invalidateQueries({ queryKey: planKey(personId) });
    if ('plan' in out) client.setQueryData(planKey(personId), out);
    setErrors(noErrors);
    setNotice(text);
  };
  const newDraft = useMutation({
    mutationFn: () => api<PlanVersionOut>(planPath(personId, '/drafts'), { method: 'POST', body: {} }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: planKey(personId) });
      navigate(planScreen(personId, '/edit'));
    },
    onError: (e) => setErrors(formErrorsFrom(e)),
  });
  const review = useMutation({
    mutationFn: () => api<PlanOut>(planPath(personId, '/review'), { method: 'POST', body: { version: plan.version } }),
    onSuccess: (out) => saved(out, `Noted: you went through the plan with ${name} today and it stays as it is.`),
    onError: (e) => {
      setErrors(formErrorsFrom(e));
      void client.invalidateQueries({ queryKey: planKey(personId) });
    },
  });
  return (
    <>
      <Notice text={notice} />
      <ErrorSummary errors={errors} />
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <section aria-labelledby="standing-title" className="nhsuk-u-margin-bottom-5">
            <h2 className="nhsuk-heading-m" id="standing-title">
              Where the plan stands
            </h2>
            <p>{standing.agreed}</p>
            {standing.reviewed && <p>{standing.reviewed}</p>}
            {standing.draft && <p>{standing.draft}</p>}
            {reviewDue(plan.lastReviewedAt) && (
              <div className="nhsuk-inset-text">
                <p>It has been more than six months since {name} last agreed or went through this plan. It may be worth looking at it together.</p>
              </div>
            )}
            <div className="app-actions">
              {plan.draft ? (
                <Link className="nhsuk-button" to={planScreen(personId, '/edit')}>
                  {plan.draft.number === 1 && !plan.agreed ? 'Continue writing the plan' : `Continue writing version ${plan.draft.number}`}
                </Link>
              ) : (
                <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={newDraft.isPending} onClick={() => newDraft.mutate()}>
                  Start a new version
                </button>
              )}
              {plan.agreed && !plan.draft && (
                <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={review.isPending} onClick={() => review.mutate()}>
                  We went through it: no changes
                </button>
              )}
            </div>
          </section>
          {plan.draft && <Agree personId={personId} draft={plan.draft} name={name} onAgreed={(v) => saved(v, `Version ${v.number} is agreed. This is now the plan people it is shared with can see.`)} />}
        </div>
      </div>
      <Versions personId={personId} plan={plan} />
      <Shares personId={personId} plan={plan} name={name} onSaved={setNotice} />
      <Links personId={personId} plan={plan} name={name} onSaved={setNotice} />
      <Views personId={personId} name={name} />
      {plan.agreed && (
        <section aria-labelledby="agreed-title" className="nhsuk-u-margin-top-5">
          <h2 className="nhsuk-heading-l" id="agreed-title">
            The agreed plan (version {plan.agreed.number})
          </h2>
          <div className="nhsuk-grid-row">
            <div className="nhsuk-grid-column-two-thirds">
              <PlanContentView content={plan.agreed.content} headingLevel={3} />
            </div>
          </div>
        </section>
      )}
    </>
  );
}

function Agree({ personId, draft, name, onAgreed }: { personId: string; draft: PlanVersionOut; name: string; onAgreed: (v: PlanVersionOut) => void }) {
  const [open, setOpen] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const client = useQueryClient();
  const agree = useMutation({
    mutationFn: () => api<PlanVersionOut>(planPath(personId, `/versions/${draft.number}/agree`), { method: 'POST', body: { how: 'in_person', version: draft.version } }),
    onSuccess: (v) => {
      setOpen(false);
      onAgreed(v);
    },
    onError: (e) => {
      setErrors(formErrorsFrom(e));
      void client.invalidateQueries({ queryKey: planKey(personId) });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({ confirmed: !confirmed && `Tick to say ${name} has read this version and agrees with it` });
    if (checks.summary.length) return setErrors(checks);
    agree.mutate();
  }
  return (
    <section aria-labelledby="agree-title" className="nhsuk-u-margin-bottom-5">
      <h2 className="nhsuk-heading-m" id="agree-title">
        Agreeing version {draft.number}
      </h2>
      <p>When {name} has read this version and is happy with it, record that they agree. They can also agree it on their own phone, from their link.</p>
      {!open ? (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setOpen(true)}>
          Record that {name} agrees it
        </button>
      ) : (
        <form onSubmit={submit} noValidate>
          <ErrorSummary errors={errors} title="The agreement was not recorded" />
          <Fieldset name="confirmed" legend={`Has ${name} agreed version ${draft.number}, here with you?`} error={errors.fields.confirmed}>
            <div className="nhsuk-checkboxes">
              <Checkbox name="confirmed-yes" label={`Yes, ${name} has read it and agrees it, in person`} checked={confirmed} onChange={setConfirmed} />
            </div>
          </Fieldset>
          <div className="app-actions">
            <button type="submit" className="nhsuk-button" disabled={agree.isPending}>
              Record the agreement
            </button>
            <button type="button" className="app-link-button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function Versions({ personId, plan }: { personId: string; plan: Plan }) {
  const navigate = useNavigate();
  const numbers = plan.versions.map((v) => v.number).sort((a, b) => a - b);
  const [from, setFrom] = useState(String(numbers.length > 1 ? numbers[numbers.length - 2] : (numbers[0] ?? '')));
  const [to, setTo] = useState(String(numbers[numbers.length - 1] ?? ''));
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const options = numbers.map((n) => ({ value: String(n), label: `Version ${n}` }));
  function compare(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({ to: from === to && 'Choose two different versions' });
    if (checks.summary.length) return setErrors(checks);
    navigate(planScreen(personId, `/compare?from=${from}&to=${to}`));
  }
  return (
    <section aria-labelledby="versions-title" className="nhsuk-u-margin-bottom-5">
      <h2 className="nhsuk-heading-m" id="versions-title">
        Versions
      </h2>
      <div className="app-plan-table">
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Every version of the plan, newest first</caption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Where it stands</th>
              <th scope="col">Last changed</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {[...plan.versions]
              .sort((a, b) => b.number - a.number)
              .map((v) => (
                <tr key={v.id}>
                  <td className="app-plan-nowrap">
                    <Link to={planScreen(personId, `/versions/${v.number}`)}>Version {v.number}</Link>
                  </td>
                  <td>{v.state === 'agreed' && v.agreedAt ? `Agreed on ${dateOf(v.agreedAt)}, ${describeAgreement(v)}` : 'Being written'}</td>
                  <td>
                    {dateOf(v.updatedAt)}
                    {v.updatedByName && ` by ${v.updatedByName}`}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      {numbers.length > 1 && (
        <form onSubmit={compare} noValidate className="app-inline-form">
          <ErrorSummary errors={errors} />
          <SelectField name="from" label="Compare" value={from} onChange={setFrom} options={options} />
          <SelectField name="to" label="with" value={to} onChange={setTo} options={options} error={errors.fields.to} />
          <button type="submit" className="nhsuk-button nhsuk-button--secondary">
            Compare versions
          </button>
        </form>
      )}
    </section>
  );
}

function Shares({ personId, plan, name, onSaved }: { personId: string; plan: Plan; name: string; onSaved: (text: string) => void }) {
  const [revoking, setRevoking] = useState<ShareOut | null>(null);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const client = useQueryClient();
  const revoke = useMutation({
    mutationFn: (s: ShareOut) => api<ShareOut>(planPath(personId, `/shares/${encodeURIComponent(s.id)}/revoke`), { method: 'POST', body: {} }),
    onSuccess: async (s) => {
      setRevoking(null);
      setErrors(noErrors);
      await client.invalidateQueries({ queryKey: planKey(personId) });
      onSaved(`Sharing with ${s.recipientName} has stopped. Their links no longer open the plan.`);
    },
    onError: (e) => {
      setErrors(formErrorsFrom(e));
      void client.invalidateQueries({ queryKey: planKey(personId) });
    },
  });
  const shares = [...plan.shares].sort((a, b) => (a.status === b.status ? b.createdAt.localeCompare(a.createdAt) : a.status === 'active' ? -1 : 1));
  return (
    <section aria-labelledby="shares-title" className="nhsuk-u-margin-bottom-5">
      <h2 className="nhsuk-heading-m" id="shares-title">
        Who the plan is shared with
      </h2>
      <ErrorSummary errors={errors} title="Sharing was not stopped" />
      {shares.length === 0 ? (
        <p>{name === 'them' ? 'It is' : `${name}’s plan is`} not shared with anyone.</p>
      ) : (
        <ul className="nhsuk-list app-result-list">
          {shares.map((s) => (
            <li key={s.id}>
              <h3 className="nhsuk-heading-s nhsuk-u-margin-bottom-1">
                {s.recipientName}
                {s.relationship && <span className="app-muted"> ({s.relationship})</span>}{' '}
                <strong className={`nhsuk-tag ${s.status === 'active' ? 'nhsuk-tag--green' : 'nhsuk-tag--grey'}`}>{s.status === 'active' ? 'Shared' : s.status === 'revoked' ? 'Stopped' : 'Ended'}</strong>
              </h3>
              <p className="nhsuk-body-s">
                {RECIPIENT_KIND_LABELS[s.recipientKind]}
                {s.recipientServiceName && `: ${s.recipientServiceName}`}
                {s.recipientDirectoryEntryName && `: ${s.recipientDirectoryEntryName}`}. {describeShareStatus(s)}. Agreed {CONSENT_HOW_LABELS[s.consentHow].toLowerCase()}.
              </p>
              <p className="nhsuk-body-s">Can see: {s.sections.length === 10 ? 'the whole plan' : s.sections.map((k) => sectionTitle(k)).join('; ')}</p>
              {s.status === 'active' && (
                <div className="app-goal-actions nhsuk-u-margin-bottom-2">
                  {isPersonRecipient(s.recipientKind) && (
                    <Link to={planScreen(personId, `/link?share=${encodeURIComponent(s.id)}`)}>
                      Send {s.recipientName} a link<span className="nhsuk-u-visually-hidden"> to the parts shared with them</span>
                    </Link>
                  )}
                  <button type="button" className="app-link-button" onClick={() => setRevoking(s)}>
                    Stop sharing with {s.recipientName}
                  </button>
                </div>
              )}
              {revoking?.id === s.id && (
                <div className="nhsuk-warning-callout" role="alert">
                  <h4 className="nhsuk-warning-callout__label">
                    <span role="text">
                      <span className="nhsuk-u-visually-hidden">Important: </span>Stop sharing with {s.recipientName}?
                    </span>
                  </h4>
                  <p>They will not be able to see {name === 'them' ? 'the' : `${name}’s`} plan any more, from this moment. Any link they have stops working. This cannot be undone, but you can share it again later if {name} wants to.</p>
                  <div className="app-actions">
                    <button type="button" className="nhsuk-button nhsuk-button--warning" disabled={revoke.isPending} onClick={() => revoke.mutate(s)}>
                      Yes, stop sharing
                    </button>
                    <button type="button" className="app-link-button" onClick={() => setRevoking(null)}>
                      No, keep sharing
                    </button>
                  </div>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {plan.agreed ? (
        <Link className="nhsuk-button nhsuk-button--secondary" to={planScreen(personId, '/share')}>
          Share the plan
        </Link>
      ) : (
        <p className="app-muted">The plan can be shared once {name} has agreed a version.</p>
      )}
    </section>
  );
}

const sectionTitle = (k: ShareOut['sections'][number]) => PLAN_SECTIONS[k].title;

function linkFor(l: LinkOut, plan: Plan, name: string): string {
  if (!l.shareId) return `${name === 'them' ? 'Their' : `${name}’s`} own link`;
  const share = plan.shares.find((s) => s.id === l.shareId);
  return share ? `Link for ${share.recipientName}` : 'Link for someone it is shared with';
}

const CHANNEL_WORDS = { sms: 'sent by text', email: 'sent by email', none: 'handed over' } as const;

function Links({ personId, plan, name, onSaved }: { personId: string; plan: Plan; name: string; onSaved: (text: string) => void }) {
  const client = useQueryClient();
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const withdraw = useMutation({
    mutationFn: (l: LinkOut) => api<unknown>(planPath(personId, `/links/${encodeURIComponent(l.id)}/withdraw`), { method: 'POST', body: {} }),
    onSuccess: async () => {
      setErrors(noErrors);
      await client.invalidateQueries({ queryKey: planKey(personId) });
      onSaved('The link is withdrawn. It will not open the plan again.');
    },
    onError: (e) => setErrors(formErrorsFrom(e)),
  });
  const links = [...plan.links].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <section aria-labelledby="links-title" className="nhsuk-u-margin-bottom-5">
      <h2 className="nhsuk-heading-m" id="links-title">
        Links to open the plan
      </h2>
      <p>{name === 'them' ? 'They' : name} can open their plan on their own phone, without an account, with a link and a short code you tell them.</p>
      <ErrorSummary errors={errors} title="The link was not withdrawn" />
      {links.length > 0 && (
        <ul className="nhsuk-list app-result-list">
          {links.map((l) => (
            <li key={l.id}>
              <p className="nhsuk-u-margin-bottom-1">
                <strong>{linkFor(l, plan, name)}</strong>, {CHANNEL_WORDS[l.channel]} on {dateOf(l.createdAt)}.{' '}
                <strong className={`nhsuk-tag ${l.status === 'active' ? 'nhsuk-tag--green' : 'nhsuk-tag--grey'}`}>{l.status === 'active' ? 'Works' : l.status === 'withdrawn' ? 'Withdrawn' : 'Expired'}</strong>
              </p>
              <p className="nhsuk-body-s">
                {l.lastOpenedAt ? `Last opened ${formatDateTime(l.lastOpenedAt)}.` : 'Not opened yet.'} {l.status === 'active' && `Works until the end of ${lastDayOf(l.expiresAt)}.`}
                {l.lockedUntil && new Date(l.lockedUntil) > new Date() && ' Paused for a few minutes after several wrong codes.'}
              </p>
              {l.status === 'active' && (
                <button type="button" className="app-link-button nhsuk-u-margin-bottom-2" disabled={withdraw.isPending} onClick={() => withdraw.mutate(l)}>
                  Withdraw this link<span className="nhsuk-u-visually-hidden">: {linkFor(l, plan, name)}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <Link className="nhsuk-button nhsuk-button--secondary" to={planScreen(personId, '/link')}>
        Send {name === 'them' ? 'the person' : name} their link
      </Link>
    </section>
  );
}

function Views({ personId, name }: { personId: string; name: string }) {
  const views = useQuery({ queryKey: planViewsKey(personId), queryFn: () => getPlanViews(personId) });
  return (
    <section aria-labelledby="views-title" className="nhsuk-u-margin-bottom-5">
      <h2 className="nhsuk-heading-m" id="views-title">
        Who has looked at the plan
      </h2>
      <p>{name === 'them' ? 'The person' : name} can see this list too, from their own link.</p>
      <QueryState query={views} what="who has looked" />
      {views.data &&
        (views.data.views.length === 0 ? (
          <p>Nobody else has looked at it yet.</p>
        ) : (
          <details className="nhsuk-details" open={views.data.views.length <= 5}>
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">
                {views.data.views.length} time{views.data.views.length === 1 ? '' : 's'}, newest first
              </span>
            </summary>
            <div className="nhsuk-details__text">
              <dl className="nhsuk-summary-list">
                {views.data.views.map((v) => (
                  <Row key={v.id} label={formatDateTime(v.viewedAt)}>
                    {v.who}
                    {v.versionNumber != null && <span className="app-muted"> (version {v.versionNumber})</span>}
                    {v.viewerKind === 'break_glass' && v.reason && !v.who.includes(v.reason) && <span>. Reason: {v.reason}</span>}
                  </Row>
                ))}
              </dl>
            </div>
          </details>
        ))}
    </section>
  );
}
