import { createContext, useCallback, useContext, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../api/client.js';
import { ApiError, formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../api/errors.js';
import { ErrorSummary } from './ErrorSummary.js';
import { TextField } from './fields.js';

type Run = <T>(action: () => Promise<T>) => Promise<T>;
const ReauthContext = createContext<Run>((action) => action());

/**
 * `withReauth(action)`: runs the action; when the server answers 403 reauth_required, asks for the
 * person's password in a dialog, confirms it, then runs the action once more.
 */
export function useWithReauth(): Run {
  return useContext(ReauthContext);
}

interface Pending {
  resolve: () => void;
  reject: (error: unknown) => void;
  original: unknown;
}

export function ReauthProvider({ children }: { children: ReactNode }) {
  const [pending, setPending] = useState<Pending | null>(null);

  const withReauth = useCallback<Run>(async (action) => {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 403 && error.code === 'reauth_required')) throw error;
      await new Promise<void>((resolve, reject) => setPending({ resolve, reject, original: error }));
      return action();
    }
  }, []);

  return (
    <ReauthContext.Provider value={withReauth}>
      {children}
      {pending && (
        <ReauthDialog
          onDone={() => {
            pending.resolve();
            setPending(null);
          }}
          onCancel={() => {
            pending.reject(pending.original);
            setPending(null);
          }}
        />
      )}
    </ReauthContext.Provider>
  );
}

function ReauthDialog({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({ reauthPassword: !password && 'Enter your password', reauthTotp: needTotp && !/^\d{6}$/.test(totp.trim()) && 'Enter the 6-digit code from your authenticator app' });
    if (checks.summary.length) return setErrors(checks);
    setBusy(true);
    try {
      await api('/account/reauthenticate', { method: 'POST', body: needTotp ? { password, totp: totp.trim() } : { password }, expectUnauthorised: true });
      onDone();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'totp_required') {
        setNeedTotp(true);
        setErrors(noErrors);
      } else {
        setErrors(formErrorsFrom(error, ['reauthPassword', 'reauthTotp'], { password: 'reauthPassword', totp: 'reauthTotp' }));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog ref={ref} className="app-dialog" aria-labelledby="reauth-title" onCancel={onCancel}>
      <form onSubmit={submit} noValidate>
        <h2 className="nhsuk-heading-m" id="reauth-title">
          Please confirm it is you
        </h2>
        <p>This change affects people’s security, so we need your password again before we save it.</p>
        <ErrorSummary errors={errors} />
        <TextField name="reauthPassword" label="Your password" type="password" autoComplete="current-password" value={password} onChange={setPassword} error={errors.fields.reauthPassword} />
        {needTotp && <TextField name="reauthTotp" label="Code from your authenticator app" hint="The 6-digit code" inputMode="numeric" autoComplete="one-time-code" width={10} value={totp} onChange={setTotp} error={errors.fields.reauthTotp} />}
        <div className="app-actions">
          <button type="submit" className="nhsuk-button" disabled={busy}>
            Confirm and carry on
          </button>
          <button type="button" className="app-link-button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
