import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { BreakGlassCreate, BreakGlassGrantsOut, BreakGlassOut } from '../../../shared/plan-partners.js';
import { api } from '../../api/client.js';
import { ApiError, formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import { useSession } from '../../session/session.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { Fieldset, Radios, TextArea, TextField } from '../../ui/fields.js';
import { Page } from '../../ui/Page.js';
import { QueryState, RequireRoles } from '../people/common.js';
import { formatDateTime } from '../people/person-form.js';
import { describePartnerPerson, PARTNER_ROLES, servicePath, useServiceName } from './partner.js';
import { breakGlassBody, breakGlassChecks, type BreakGlassForm } from './plan-rules.js';

/** Emergency access ("break glass"): see a plan without the person's agreement, for a short time, with a reason. */
export default function EmergencyAccess() {
  const { serviceId = '' } = useParams();
  const { data: session } = useSession();
  const serviceName = useServiceName(serviceId, session?.user.memberships ?? []);
  return (
    <RequireRoles roles={PARTNER_ROLES} what="emergency access to crisis plans">
      <Page title="Emergency access to a crisis plan" caption={serviceName || 'Crisis plans'} back={{ to: '/plans', text: 'Crisis plans' }}>
        <AccessForm serviceId={serviceId} />
        <MyGrants serviceId={serviceId} />
      </Page>
    </RequireRoles>
  );
}

const ORDER = ['by', 'nhsNumber', 'fullName', 'dateOfBirth', 'reason'];

function AccessForm({ serviceId }: { serviceId: string }) {
  const [form, setForm] = useState<BreakGlassForm>({ by: 'nhs', nhsNumber: '', fullName: '', dateOfBirth: '', reason: '' });
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const navigate = useNavigate();
  const client = useQueryClient();
  const set = <K extends keyof BreakGlassForm>(key: K) => (value: BreakGlassForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const open = useMutation({
    mutationFn: (body: BreakGlassCreate) => api<BreakGlassOut>(servicePath(serviceId, '/break-glass'), { method: 'POST', body }),
    onSuccess: async (out) => {
      client.setQueryData(['break-glass', serviceId, out.grant.id], out.plan);
      await client.invalidateQueries({ queryKey: ['break-glass', serviceId, 'mine'] });
      navigate(servicePath(serviceId, `/break-glass/${encodeURIComponent(out.grant.id)}`), { state: { managersTold: out.managersTold } });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'no_match') setErrors({ summary: [{ text: e.message || 'We could not find exactly one person with an agreed plan from those details. Check them and try again.' }], fields: {} });
      else setErrors(formErrorsFrom(e, ORDER));
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks(breakGlassChecks(form));
    if (checks.summary.length) return setErrors(checks);
    setErrors(noErrors);
    open.mutate(breakGlassBody(form));
  }
  const e = errors.fields;
  return (
    <form onSubmit={submit} noValidate>
      <div className="nhsuk-warning-callout">
        <h2 className="nhsuk-warning-callout__label">
          <span role="text">
            <span className="nhsuk-u-visually-hidden">Important: </span>Only in an emergency
          </span>
        </h2>
        <p>Use this only when someone is in crisis now, you need their plan to help them, and you cannot ask them. The whole plan opens for one hour.</p>
        <p>Your service manager is told straight away, the reason you give is kept, and the person will see that you looked and why.</p>
      </div>
      <ErrorSummary errors={errors} title="The plan was not opened" />
      <Fieldset name="by" legend="How will you find them?" error={e.by}>
        <Radios
          name="by"
          value={form.by}
          onChange={(v) => set('by')(v as BreakGlassForm['by'])}
          options={[
            { value: 'nhs', label: 'By NHS number' },
            { value: 'name', label: 'By full name and date of birth' },
          ]}
        />
      </Fieldset>
      {form.by === 'nhs' ? (
        <TextField name="nhsNumber" label="NHS number" hint="10 digits, like 943 476 5919" width={10} inputMode="numeric" value={form.nhsNumber} onChange={set('nhsNumber')} error={e.nhsNumber} autoComplete="off" />
      ) : (
        <>
          <TextField name="fullName" label="Full name" hint="Exactly as on their record" value={form.fullName} onChange={set('fullName')} error={e.fullName} autoComplete="off" />
          <TextField name="dateOfBirth" label="Date of birth" hint="Year, month and day, like 1990-04-27" width={10} value={form.dateOfBirth} onChange={set('dateOfBirth')} error={e.dateOfBirth} autoComplete="off" />
        </>
      )}
      <TextArea name="reason" label="Why do you need to see the plan now?" hint="A sentence or more. The person will be able to read this." value={form.reason} onChange={set('reason')} error={e.reason} rows={4} />
      <div className="app-actions">
        <button type="submit" className="nhsuk-button nhsuk-button--warning" disabled={open.isPending}>
          Open the plan in an emergency
        </button>
        <Link to={servicePath(serviceId, '/shared-plans')}>Plans already shared with you</Link>
      </div>
    </form>
  );
}

function MyGrants({ serviceId }: { serviceId: string }) {
  const grants = useQuery({ queryKey: ['break-glass', serviceId, 'mine'], queryFn: () => api<BreakGlassGrantsOut>(servicePath(serviceId, '/break-glass')) });
  const active = grants.data?.grants.filter((g) => g.active) ?? [];
  return (
    <section aria-labelledby="grants-title" className="nhsuk-u-margin-top-5">
      <h2 className="nhsuk-heading-m" id="grants-title">
        Your emergency access
      </h2>
      <QueryState query={grants} what="your emergency access" />
      {grants.data &&
        (grants.data.grants.length === 0 ? (
          <p>You have not used emergency access here.</p>
        ) : (
          <ul className="nhsuk-list app-result-list">
            {grants.data.grants.map((g) => (
              <li key={g.id}>
                <p className="nhsuk-u-margin-bottom-1">
                  {g.active ? <Link to={servicePath(serviceId, `/break-glass/${encodeURIComponent(g.id)}`)}>{describePartnerPerson(g.person)}</Link> : <strong>{describePartnerPerson(g.person)}</strong>}
                </p>
                <p className="nhsuk-body-s">
                  Opened {formatDateTime(g.createdAt)}. {g.active ? `Open until ${formatDateTime(g.expiresAt)}.` : 'Ended.'}
                </p>
              </li>
            ))}
          </ul>
        ))}
      {grants.data && active.length === 0 && grants.data.grants.length > 0 && <p className="app-muted">None is open now.</p>}
    </section>
  );
}
