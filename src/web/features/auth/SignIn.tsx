import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client.js';
import { ApiError, formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import type { SessionOut } from '../../api/types.js';
import { storeSession, useMeta, useSession } from '../../session/session.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { TextField } from '../../ui/fields.js';
import { Page } from '../../ui/Page.js';

/** Only paths inside the app, never another site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/signin') ? next : '/';
}

export default function SignIn() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { data: session } = useSession();
  const { data: meta } = useMeta();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));
  const firstStep = useRef(true);
  useEffect(() => {
    // Moving to the code step is a new page in all but address: put the person in the code field.
    if (firstStep.current) {
      firstStep.current = false;
      return;
    }
    document.getElementById(step === 'totp' ? 'field-totp' : 'field-email')?.focus();
  }, [step]);

  if (session && !busy) return <Navigate to={session.stage === 'enrol_mfa' ? '/account/second-factor' : next} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checks =
      step === 'password'
        ? formErrorsFromChecks({ email: !email.trim() && 'Enter your email address', password: !password && 'Enter your password' })
        : formErrorsFromChecks({ totp: !/^\d{6}$/.test(totp.trim()) && 'Enter the 6-digit code from your authenticator app' });
    if (checks.summary.length) return setErrors(checks);
    setBusy(true);
    try {
      const reply = await api<SessionOut>('/auth/login', {
        method: 'POST',
        body: step === 'totp' ? { email, password, totp: totp.trim() } : { email, password },
        expectUnauthorised: true,
      });
      storeSession(client, reply);
      navigate(reply.stage === 'enrol_mfa' ? '/account/second-factor' : next, { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'totp_required') {
        setErrors(noErrors);
        setStep('totp');
      } else if (error instanceof ApiError && error.code === 'wrong_credentials') {
        setErrors({ summary: [{ href: '#field-password', text: error.message }], fields: { password: error.message } });
        if (step === 'totp') setStep('password');
      } else {
        setErrors(formErrorsFrom(error, ['email', 'password', 'totp']));
      }
    } finally {
      setBusy(false);
    }
  }

  const notice = params.get('ended')
    ? 'Your session ended, so we signed you out to keep people’s information safe.'
    : params.get('signedout')
      ? 'You have signed out. Thank you for the work you do.'
      : params.get('welcome')
        ? 'Your account is ready. Sign in with your email address and the password you just chose.'
        : null;

  return (
    <Page title={step === 'password' ? 'Sign in' : 'Enter your code'}>
      {notice && (
        <div className="nhsuk-inset-text" role="status">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>{notice}</p>
        </div>
      )}
      {meta?.setupRequired && (
        <p>
          Alongside has not been set up yet. Use the one-time setup link printed when the server started.
        </p>
      )}
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate>
        {step === 'password' ? (
          <>
            <TextField name="email" label="Email address" type="email" autoComplete="username" spellCheck={false} value={email} onChange={setEmail} error={errors.fields.email} />
            <TextField name="password" label="Password" type="password" autoComplete="current-password" value={password} onChange={setPassword} error={errors.fields.password} />
          </>
        ) : (
          <>
            <p>You have a second factor turned on. Open your authenticator app and enter the code it shows for Alongside.</p>
            <TextField
              name="totp"
              label="6-digit code"
              hint="The code changes every 30 seconds."
              inputMode="numeric"
              autoComplete="one-time-code"
              width={10}
              value={totp}
              onChange={setTotp}
              error={errors.fields.totp}
            />
          </>
        )}
        <div className="app-actions">
          <button type="submit" className="nhsuk-button" disabled={busy}>
            {step === 'password' ? 'Sign in' : 'Continue'}
          </button>
          {step === 'totp' && (
            <button
              type="button"
              className="app-link-button"
              onClick={() => {
                setStep('password');
                setTotp('');
                setErrors(noErrors);
              }}
            >
              Start again
            </button>
          )}
        </div>
      </form>
      {step === 'password' && (
        <details className="nhsuk-details">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Forgotten your password?</span>
          </summary>
          <div className="nhsuk-details__text">
            <p>Ask your service manager or organisation administrator to send you a new invitation link. It lets you choose a new password.</p>
          </div>
        </details>
      )}
    </Page>
  );
}
