import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.js';
import { formErrorsFrom, formErrorsFromChecks, messageFor, noErrors, type FormErrors } from '../../api/errors.js';
import type { SessionOut } from '../../api/types.js';
import { sessionKey, storeSession, useSession } from '../../session/session.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { TextField } from '../../ui/fields.js';
import { Page } from '../../ui/Page.js';

interface TotpStart {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

/** Shows the secret in groups of four so it is easier to type. */
export const groupSecret = (secret: string): string => secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');

/** The QR code as an image the CSP allows (img-src data:), never as inline markup. */
export const qrDataUri = (svg: string): string => `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;

export default function SetupMfa() {
  const { data: session } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const enrolling = session?.stage === 'enrol_mfa';

  const start = useMutation({ mutationFn: () => api<TotpStart>('/account/totp/start', { method: 'POST', body: {} }) });
  const confirm = useMutation({
    mutationFn: (value: string) => api<SessionOut>('/account/totp/confirm', { method: 'POST', body: { code: value } }),
    onSuccess: async (reply) => {
      if (reply?.csrfToken) storeSession(client, reply);
      else await client.invalidateQueries({ queryKey: sessionKey });
      await client.invalidateQueries({ queryKey: ['account'] });
      navigate(enrolling ? '/?mfa=on' : '/account?mfa=on', { replace: true });
    },
    onError: (error) => setErrors(formErrorsFrom(error, ['code'])),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({ code: !/^\d{6}$/.test(code.trim()) && 'Enter the 6-digit code from your authenticator app' });
    if (checks.summary.length) return setErrors(checks);
    confirm.mutate(code.trim());
  }

  return (
    <Page title="Set up your second factor" back={enrolling ? undefined : { to: '/account', text: 'Back to your account' }}>
      {enrolling && <p className="nhsuk-lede-text">Your role looks after other people’s information, so Alongside asks for a code from your phone as well as your password. It takes about two minutes.</p>}
      <p>You need an authenticator app on your phone, such as Microsoft Authenticator, Google Authenticator or a password manager that makes codes.</p>
      {!start.data ? (
        <>
          {start.isError && <ErrorSummary errors={{ summary: [{ text: messageFor(start.error) }], fields: {} }} />}
          <button type="button" className="nhsuk-button" onClick={() => start.mutate()} disabled={start.isPending}>
            Show my set-up code
          </button>
        </>
      ) : (
        <>
          <h2 className="nhsuk-heading-m">1. Add Alongside to your app</h2>
          <p>Scan this picture with your authenticator app.</p>
          <img className="app-qr" src={qrDataUri(start.data.qrSvg)} alt="QR code for adding Alongside to your authenticator app. If you cannot scan it, type the key shown below instead." width={240} height={240} />
          <p>If you cannot scan it, choose to enter a key in your app and type this:</p>
          <p className="app-secret" aria-label={`Set-up key: ${start.data.secret.split('').join(' ')}`}>
            {groupSecret(start.data.secret)}
          </p>
          <h2 className="nhsuk-heading-m">2. Enter the code it shows</h2>
          <ErrorSummary errors={errors} />
          <form onSubmit={submit} noValidate>
            <TextField name="code" label="6-digit code" hint="The code changes every 30 seconds. Enter the one showing now." inputMode="numeric" autoComplete="one-time-code" width={10} value={code} onChange={setCode} error={errors.fields.code} />
            <button type="submit" className="nhsuk-button" disabled={confirm.isPending}>
              Turn on second factor
            </button>
          </form>
        </>
      )}
    </Page>
  );
}
