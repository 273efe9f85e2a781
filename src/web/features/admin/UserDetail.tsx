import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { ORGANISATION_WIDE_ROLES, ROLES, type Role } from '../../../shared/roles.js';
import { api } from '../../api/client.js';
import { formErrorsFrom, formErrorsFromChecks, messageFor, noErrors, type FormErrors } from '../../api/errors.js';
import type { InvitationLinkOut, Membership, StaffUser } from '../../api/types.js';
import { isOrgAdmin, useSession } from '../../session/session.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { SelectField, TextField } from '../../ui/fields.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { useWithReauth } from '../../ui/Reauth.js';
import { staleVersionsOf, StaleVersionChoice } from '../../ui/StaleVersion.js';
import { ADMIN_ROLES, QueryState, RequireRole } from './common.js';
import { CopyLink } from './CopyLink.js';
import { describeMembership, membershipsFromRows, roleOptions, serviceOptionsFor, type MembershipRow } from './memberships.js';
import { useServices } from './Services.js';
import { STATUS_LABELS, STATUS_TAGS, usersKey } from './Users.js';

export default function UserDetail() {
  const { userId = '' } = useParams();
  const user = useQuery({ queryKey: ['user', userId], queryFn: () => api<StaffUser>(`/users/${encodeURIComponent(userId)}`) });
  return (
    <RequireRole roles={ADMIN_ROLES}>
      {user.data ? (
        <UserPage key={user.data.id} user={user.data} />
      ) : (
        <Page title="Staff account" back={{ to: '/admin/users', text: 'Staff accounts' }}>
          <QueryState query={user} what="this account" />
        </Page>
      )}
    </RequireRole>
  );
}

function UserPage({ user }: { user: StaffUser }) {
  const { data: session } = useSession();
  const admin = session ? isOrgAdmin(session.user) : false;
  const client = useQueryClient();
  const withReauth = useWithReauth();
  const key = ['user', user.id];
  const [displayName, setDisplayName] = useState(user.displayName);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [notice, setNotice] = useState('');
  const [stale, setStale] = useState<{ current: StaffUser; mine: { displayName?: string; disabled?: boolean } } | null>(null);
  const isSelf = session?.user.id === user.id;

  const update = useMutation({
    mutationFn: ({ change, version }: { change: { displayName?: string; disabled?: boolean }; version: number }) => withReauth(() => api<StaffUser>(`/users/${user.id}`, { method: 'PATCH', body: { version, ...change } })),
    onMutate: () => setNotice(''),
    onSuccess: async (updated, { change }) => {
      setStale(null);
      client.setQueryData(key, updated);
      await client.invalidateQueries({ queryKey: usersKey });
      setNotice(change.disabled === true ? `${updated.displayName}’s account is disabled and they have been signed out.` : change.disabled === false ? `${updated.displayName} can sign in again.` : 'Your changes are saved.');
    },
    onError: (error, { change }) => {
      const versions = staleVersionsOf<StaffUser>(error);
      if (versions) setStale({ current: versions.current, mine: change });
      else setErrors(formErrorsFrom(error, ['displayName']));
    },
  });
  const newLink = useMutation({ mutationFn: () => withReauth(() => api<InvitationLinkOut>(`/users/${user.id}/invitation`, { method: 'POST', body: {} })) });
  const resetFactor = useMutation({
    mutationFn: () => withReauth(() => api<StaffUser>(`/users/${user.id}/totp/reset`, { method: 'POST', body: {} })),
    onMutate: () => setNotice(''),
    onSuccess: async (updated) => {
      client.setQueryData(key, updated);
      await client.invalidateQueries({ queryKey: usersKey });
      setNotice(`${updated.displayName}’s second factor is cleared and they have been signed out. They can set up a new one when they next sign in.`);
    },
  });

  function rename(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({ displayName: !displayName.trim() && 'Enter their name' });
    if (checks.summary.length) return setErrors(checks);
    setErrors(noErrors);
    update.mutate({ change: { displayName: displayName.trim() }, version: user.version });
  }

  return (
    <Page title={user.displayName} caption="Staff account" back={{ to: '/admin/users', text: 'Staff accounts' }}>
      <Notice text={notice} />
      {stale && (
        <StaleVersionChoice
          busy={update.isPending}
          rows={[
            { label: 'Name', theirs: stale.current.displayName, yours: stale.mine.displayName ?? stale.current.displayName },
            { label: 'Can sign in', theirs: stale.current.status === 'disabled' ? 'No' : 'Yes', yours: stale.mine.disabled === undefined ? (stale.current.status === 'disabled' ? 'No' : 'Yes') : stale.mine.disabled ? 'No' : 'Yes' },
          ]}
          onKeepTheirs={() => {
            client.setQueryData(key, stale.current);
            setDisplayName(stale.current.displayName);
            setStale(null);
          }}
          onUseMine={() => update.mutate({ change: stale.mine, version: stale.current.version })}
        />
      )}
      <dl className="nhsuk-summary-list">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Email</dt>
          <dd className="nhsuk-summary-list__value app-break">{user.email}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Status</dt>
          <dd className="nhsuk-summary-list__value">
            <strong className={`nhsuk-tag ${STATUS_TAGS[user.status]}`}>{STATUS_LABELS[user.status]}</strong>
          </dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Second factor</dt>
          <dd className="nhsuk-summary-list__value">{user.totpEnabled ? 'On' : 'Off'}</dd>
        </div>
      </dl>

      {admin && (
        <>
          <h2 className="nhsuk-heading-m">Name</h2>
          <ErrorSummary errors={errors} />
          <form onSubmit={rename} noValidate>
            <TextField name="displayName" label="Their name" value={displayName} onChange={setDisplayName} error={errors.fields.displayName} autoComplete="off" />
            <button type="submit" className="nhsuk-button nhsuk-button--secondary" disabled={update.isPending}>
              Save name
            </button>
          </form>
        </>
      )}

      <Memberships user={user} admin={admin} />

      {user.status === 'invited' && (
        <section className="nhsuk-u-margin-top-5">
          <h2 className="nhsuk-heading-m">Invitation</h2>
          <p>{user.displayName} has not chosen a password yet. If they lost the link or it ran out, make a new one. The old link will stop working.</p>
          {newLink.isError && (
            <p className="nhsuk-error-message" role="alert">
              {messageFor(newLink.error)}
            </p>
          )}
          {newLink.data ? (
            <CopyLink url={newLink.data.invitationUrl} who={user.displayName} />
          ) : (
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => newLink.mutate()} disabled={newLink.isPending}>
              Make a new invitation link
            </button>
          )}
        </section>
      )}

      {admin && !isSelf && user.totpEnabled && (
        <section className="nhsuk-u-margin-top-5">
          <h2 className="nhsuk-heading-m">Second factor</h2>
          <p>If {user.displayName} has lost or replaced the phone with their authenticator app, clear their second factor. They will be signed out, and can set up a new one when they next sign in.</p>
          {resetFactor.isError && (
            <p className="nhsuk-error-message" role="alert">
              {messageFor(resetFactor.error)}
            </p>
          )}
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => resetFactor.mutate()} disabled={resetFactor.isPending}>
            Clear second factor
          </button>
        </section>
      )}

      {admin && !isSelf && (
        <section className="nhsuk-u-margin-top-5">
          <h2 className="nhsuk-heading-m">{user.status === 'disabled' ? 'Let them sign in again' : 'Disable this account'}</h2>
          {user.status === 'disabled' ? (
            <>
              <p>{user.displayName} cannot sign in. Everything they recorded is kept.</p>
              <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => update.mutate({ change: { disabled: false }, version: user.version })} disabled={update.isPending}>
                Enable account
              </button>
            </>
          ) : (
            <>
              <p>For example, when someone leaves. They are signed out straight away and cannot sign in. Everything they recorded is kept, and you can enable the account again later.</p>
              <button type="button" className="nhsuk-button nhsuk-button--warning" onClick={() => update.mutate({ change: { disabled: true }, version: user.version })} disabled={update.isPending}>
                Disable account
              </button>
            </>
          )}
        </section>
      )}
    </Page>
  );
}

function Memberships({ user, admin }: { user: StaffUser; admin: boolean }) {
  const client = useQueryClient();
  const withReauth = useWithReauth();
  const services = useServices();
  const [row, setRow] = useState<MembershipRow>({ role: '', serviceId: '' });
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['user', user.id] });
    await client.invalidateQueries({ queryKey: usersKey });
  };
  const add = useMutation({
    mutationFn: (body: { role: Role; serviceId: string | null }) => withReauth(() => api<Membership>(`/users/${user.id}/memberships`, { method: 'POST', body })),
    onSuccess: async () => {
      setRow({ role: '', serviceId: '' });
      setErrors(noErrors);
      await refresh();
    },
    onError: (error) => setErrors(formErrorsFrom(error, ['memberships.0.role', 'memberships.0.serviceId'], { role: 'memberships.0.role', serviceId: 'memberships.0.serviceId' })),
  });
  const remove = useMutation({
    mutationFn: (id: string) => withReauth(() => api(`/users/${user.id}/memberships/${id}`, { method: 'DELETE' })),
    onSuccess: refresh,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = membershipsFromRows([row]);
    if (!result.ok) return setErrors(formErrorsFromChecks(result.errors));
    add.mutate(result.value[0]!);
  }

  const wide = row.role !== '' && ORGANISATION_WIDE_ROLES.includes(row.role);
  return (
    <section className="nhsuk-u-margin-top-5" aria-labelledby="roles-title">
      <h2 className="nhsuk-heading-m" id="roles-title">
        Roles
      </h2>
      {remove.isError && (
        <p className="nhsuk-error-message" role="alert">
          {messageFor(remove.error)}
        </p>
      )}
      {user.memberships.length === 0 ? (
        <p>No roles yet, so they cannot see any service.</p>
      ) : (
        <ul className="nhsuk-list">
          {user.memberships.map((m) => (
            <li key={m.id}>
              {describeMembership(m)}{' '}
              {admin && (
                <button type="button" className="app-link-button" onClick={() => remove.mutate(m.id)} disabled={remove.isPending}>
                  Remove<span className="nhsuk-u-visually-hidden"> {describeMembership(m)}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {admin && (
        <>
          <h3 className="nhsuk-heading-s">Give another role</h3>
          <ErrorSummary errors={errors} />
          <form onSubmit={submit} noValidate>
            <div className="app-period">
              <SelectField name="memberships.0.role" label="Role" value={row.role} onChange={(role) => setRow({ ...row, role: role as Role | '', serviceId: role === 'crisis_responder' || row.role === 'crisis_responder' ? '' : row.serviceId })} options={roleOptions(ROLES)} error={errors.fields['memberships.0.role']} />
              {!wide && (
                <SelectField
                  name="memberships.0.serviceId"
                  label="In service"
                  value={row.serviceId}
                  onChange={(serviceId) => setRow({ ...row, serviceId })}
                  options={serviceOptionsFor(row.role, services.data?.services ?? [])}
                  error={errors.fields['memberships.0.serviceId']}
                />
              )}
            </div>
            <button type="submit" className="nhsuk-button nhsuk-button--secondary" disabled={add.isPending}>
              Add role
            </button>
          </form>
        </>
      )}
    </section>
  );
}
