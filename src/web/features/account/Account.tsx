import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ROLE_LABELS } from '../../../shared/roles.js';
import { api } from '../../api/client.js';
import { formErrorsFrom, formErrorsFromChecks, messageFor, noErrors, type FormErrors } from '../../api/errors.js';
import type { Account as AccountData, AccountSession } from '../../api/types.js';
import { forgetSession, sessionKey } from '../../session/session.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { TextField } from '../../ui/fields.js';
import { Loading, Page } from '../../ui/Page.js';
import { useWithReauth } from '../../ui/Reauth.js';
import { AlertSettings } from './AlertSettings.js';
import { describeDevice, formatDateTime } from './format.js';

export default function Account() {
  const account = useQuery({ queryKey: ['account'], queryFn: () => api<AccountData>('/account') });
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();

  async function signOut() {
    try {
      await api('/auth/logout', { method: 'POST', expectUnauthorised: true });
    } catch {
      /* ended already */
    }
    forgetSession(client);
    navigate('/signin?signedout=1');
  }

  return (
    <Page title="Your account">
      {params.get('mfa') && (
        <div className="nhsuk-inset-text" role="status">
          <p>Your second factor is on.</p>
        </div>
      )}
      {account.isPending ? (
        <Loading />
      ) : account.isError ? (
        <p>{messageFor(account.error)}</p>
      ) : (
        <dl className="nhsuk-summary-list">
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Name</dt>
            <dd className="nhsuk-summary-list__value">{account.data.displayName}</dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Email</dt>
            <dd className="nhsuk-summary-list__value app-break">{account.data.email}</dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Roles</dt>
            <dd className="nhsuk-summary-list__value">
              {account.data.memberships.length === 0
                ? 'None yet'
                : account.data.memberships.map((m) => (
                    <div key={m.id}>
                      {ROLE_LABELS[m.role]}
                      {m.serviceName ? ` at ${m.serviceName}` : ''}
                    </div>
                  ))}
            </dd>
          </div>
        </dl>
      )}
      <ChangePassword />
      {account.data && <SecondFactor account={account.data} />}
      <Sessions />
      {account.data && <AlertSettings />}
      {account.data?.memberships.some((m) => ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager'].includes(m.role)) && (
        <>
          <h2 className="nhsuk-heading-m">Safety code for lone working</h2>
          <p>A code you can type when cancelling a visit if you are not safe: it looks like an ordinary cancel, but your shift lead is alerted quietly.</p>
          <p>
            <Link to="/account/safety-code">Set or change your safety code</Link>
          </p>
        </>
      )}
      <h2 className="nhsuk-heading-m">Sign out</h2>
      <p>Signing out ends your session on this device. Please sign out when you share a computer.</p>
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={signOut}>
        Sign out
      </button>
    </Page>
  );
}

function ChangePassword() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [done, setDone] = useState(false);
  const change = useMutation({
    mutationFn: () => api('/account/password', { method: 'POST', body: { currentPassword, newPassword } }),
    onSuccess: () => {
      setDone(true);
      setCurrent('');
      setNew('');
      setErrors(noErrors);
    },
    onError: (error) => setErrors(formErrorsFrom(error, ['currentPassword', 'newPassword'])),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    const checks = formErrorsFromChecks({
      currentPassword: !currentPassword && 'Enter your current password',
      newPassword: newPassword.length < 8 ? 'Choose a new password of at least 8 characters' : newPassword.length > 64 && 'Choose a new password of 64 characters or fewer',
    });
    if (checks.summary.length) return setErrors(checks);
    change.mutate();
  }
  return (
    <section aria-labelledby="password-title">
      <h2 className="nhsuk-heading-m" id="password-title">
        Change your password
      </h2>
      {done && (
        <div className="nhsuk-inset-text" role="status">
          <p>Your password has changed. We signed you out everywhere else, just in case.</p>
        </div>
      )}
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate>
        <TextField name="currentPassword" label="Current password" type="password" autoComplete="current-password" value={currentPassword} onChange={setCurrent} error={errors.fields.currentPassword} />
        <TextField
          name="newPassword"
          label="New password"
          hint="At least 8 characters. A few unrelated words together make a strong password that is easy to remember."
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={setNew}
          error={errors.fields.newPassword}
        />
        <button type="submit" className="nhsuk-button" disabled={change.isPending}>
          Change password
        </button>
      </form>
    </section>
  );
}

function SecondFactor({ account }: { account: AccountData }) {
  const client = useQueryClient();
  const withReauth = useWithReauth();
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [asking, setAsking] = useState(false);
  const disable = useMutation({
    mutationFn: () => withReauth(() => api('/account/totp/disable', { method: 'POST', body: { password } })),
    onSuccess: async () => {
      setAsking(false);
      setPassword('');
      setErrors(noErrors);
      await client.invalidateQueries({ queryKey: ['account'] });
      await client.invalidateQueries({ queryKey: sessionKey });
    },
    onError: (error) => setErrors(formErrorsFrom(error, ['password'])),
  });
  return (
    <section aria-labelledby="mfa-title">
      <h2 className="nhsuk-heading-m" id="mfa-title">
        Second factor
      </h2>
      {account.totpEnabled ? (
        <>
          <p>
            <strong className="nhsuk-tag nhsuk-tag--green">On</strong> You enter a code from your authenticator app when you sign in.
          </p>
          {account.totpRequired ? (
            <p>Your role needs a second factor, so it stays on. If you change phone, you can set it up again on the new one.</p>
          ) : !asking ? (
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setAsking(true)}>
              Turn off second factor
            </button>
          ) : (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                const checks = formErrorsFromChecks({ password: !password && 'Enter your password' });
                if (checks.summary.length) return setErrors(checks);
                disable.mutate();
              }}
              noValidate
            >
              <ErrorSummary errors={errors} />
              <TextField name="password" label="Your password, to confirm" type="password" autoComplete="current-password" value={password} onChange={setPassword} error={errors.fields.password} />
              <div className="app-actions">
                <button type="submit" className="nhsuk-button nhsuk-button--warning" disabled={disable.isPending}>
                  Turn it off
                </button>
                <button type="button" className="app-link-button" onClick={() => setAsking(false)}>
                  Keep it on
                </button>
              </div>
            </form>
          )}
          <p>
            <Link to="/account/second-factor">Set it up on a new phone</Link>
          </p>
        </>
      ) : (
        <>
          <p>
            <strong className="nhsuk-tag nhsuk-tag--grey">Off</strong> A code from your phone as well as your password keeps your account safer, even if someone learns your password.
          </p>
          <Link className="nhsuk-button" to="/account/second-factor">
            Set up second factor
          </Link>
        </>
      )}
    </section>
  );
}

function Sessions() {
  const client = useQueryClient();
  const sessions = useQuery({ queryKey: ['account', 'sessions'], queryFn: () => api<{ sessions: AccountSession[] }>('/account/sessions') });
  const end = useMutation({
    mutationFn: (id: string) => api(`/account/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['account', 'sessions'] }),
  });
  return (
    <section aria-labelledby="sessions-title">
      <h2 className="nhsuk-heading-m" id="sessions-title">
        Where you are signed in
      </h2>
      {end.isError && <p className="nhsuk-error-message" role="alert">{messageFor(end.error)}</p>}
      {sessions.isPending ? (
        <Loading />
      ) : sessions.isError ? (
        <p>{messageFor(sessions.error)}</p>
      ) : (
        <ul className="nhsuk-list">
          {sessions.data.sessions.map((s) => (
            <li key={s.id} className="nhsuk-u-margin-bottom-3">
              <strong>{describeDevice(s.userAgent)}</strong>
              {s.current && ' (this device)'}
              <br />
              <span className="nhsuk-body-s">
                Signed in {formatDateTime(s.createdAt)}, last active {formatDateTime(s.lastSeenAt)}
              </span>
              {!s.current && (
                <>
                  <br />
                  <button type="button" className="app-link-button" onClick={() => end.mutate(s.id)} disabled={end.isPending}>
                    Sign out this device<span className="nhsuk-u-visually-hidden"> ({describeDevice(s.userAgent)})</span>
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
