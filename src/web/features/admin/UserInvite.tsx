import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ORGANISATION_WIDE_ROLES, ROLES, type Role } from '../../../shared/roles.js';
import { api } from '../../api/client.js';
import { formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import type { InviteReply } from '../../api/types.js';
import { isOrgAdmin, useSession } from '../../session/session.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { Fieldset, SelectField, TextField } from '../../ui/fields.js';
import { Page } from '../../ui/Page.js';
import { useWithReauth } from '../../ui/Reauth.js';
import { ADMIN_ROLES, RequireRole } from './common.js';
import { CopyLink } from './CopyLink.js';
import { membershipsFromRows, roleOptions, serviceOptionsFor, type MembershipRow } from './memberships.js';
import { useServices } from './Services.js';
import { usersKey } from './Users.js';

export default function UserInvite() {
  const { data: session } = useSession();
  const admin = session ? isOrgAdmin(session.user) : false;
  const services = useServices();
  const client = useQueryClient();
  const withReauth = useWithReauth();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [rows, setRows] = useState<MembershipRow[]>([{ role: 'peer_worker', serviceId: '' }]);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const allowedRoles: readonly Role[] = admin ? ROLES : ROLES.filter((r) => !ORGANISATION_WIDE_ROLES.includes(r));

  const invite = useMutation({
    mutationFn: (body: unknown) => withReauth(() => api<InviteReply>('/users', { method: 'POST', body })),
    onSuccess: () => client.invalidateQueries({ queryKey: usersKey }),
    onError: (error) => setErrors(formErrorsFrom(error, ['email', 'displayName', 'memberships'])),
  });

  const ready = Boolean(invite.data);
  useEffect(() => {
    // A new page in all but address: start at its heading.
    if (ready) document.getElementById('page-heading')?.focus();
  }, [ready]);

  if (invite.data) {
    return (
      <Page title="Invitation ready" back={{ to: '/admin/users', text: 'Staff accounts' }}>
        <CopyLink url={invite.data.invitationUrl} who={invite.data.user.displayName} />
        <p>
          <Link to={`/admin/users/${invite.data.user.id}`}>See {invite.data.user.displayName}’s account</Link>
        </p>
        <p>
          <Link to="/admin/users">Back to staff accounts</Link>
        </p>
      </Page>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const memberships = membershipsFromRows(rows);
    const checks = formErrorsFromChecks({
      email: !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()) && 'Enter their email address, like name@example.org',
      displayName: !displayName.trim() && 'Enter their name',
      ...(memberships.ok ? {} : memberships.errors),
    });
    if (checks.summary.length || !memberships.ok) return setErrors(checks);
    setErrors(noErrors);
    invite.mutate({ email: email.trim(), displayName: displayName.trim(), memberships: memberships.value });
  }

  const setRow = (i: number, row: MembershipRow) => setRows(rows.map((r, j) => (j === i ? row : r)));

  return (
    <RequireRole roles={ADMIN_ROLES}>
      <Page title="Invite someone" back={{ to: '/admin/users', text: 'Staff accounts' }}>
        <p>We will make a one-time link for them to choose a password. You pass it on yourself.</p>
        <ErrorSummary errors={errors} />
        <form onSubmit={submit} noValidate>
          <TextField name="displayName" label="Their name" value={displayName} onChange={setDisplayName} error={errors.fields.displayName} autoComplete="off" />
          <TextField name="email" label="Their email address" hint="They will sign in with this." type="email" spellCheck={false} value={email} onChange={setEmail} error={errors.fields.email} autoComplete="off" />
          <Fieldset name="memberships" legend="Their roles" legendClass="nhsuk-fieldset__legend--m" error={errors.fields.memberships}>
            {rows.map((row, i) => {
              const wide = row.role !== '' && ORGANISATION_WIDE_ROLES.includes(row.role);
              return (
                <div key={i} className="app-period">
                  <SelectField name={`memberships.${i}.role`} label={`Role ${i + 1}`} value={row.role} onChange={(role) => setRow(i, { ...row, role: role as Role | '', serviceId: role === 'crisis_responder' || row.role === 'crisis_responder' ? '' : row.serviceId })} options={roleOptions(allowedRoles)} error={errors.fields[`memberships.${i}.role`]} />
                  {!wide && <SelectField name={`memberships.${i}.serviceId`} label="In service" value={row.serviceId} onChange={(serviceId) => setRow(i, { ...row, serviceId })} options={serviceOptionsFor(row.role, services.data?.services ?? [])} error={errors.fields[`memberships.${i}.serviceId`]} />}
                  {wide && <p className="nhsuk-body-s">Across the whole organisation</p>}
                  {rows.length > 1 && (
                    <button type="button" className="app-link-button nhsuk-u-margin-bottom-3" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                      Remove<span className="nhsuk-u-visually-hidden"> role {i + 1}</span>
                    </button>
                  )}
                </div>
              );
            })}
            <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => setRows([...rows, { role: '', serviceId: '' }])}>
              Add another role
            </button>
          </Fieldset>
          <button type="submit" className="nhsuk-button" disabled={invite.isPending}>
            Make invitation link
          </button>
        </form>
      </Page>
    </RequireRole>
  );
}
