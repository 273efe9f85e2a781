import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client.js';
import { ApiError, formErrorsFrom, formErrorsFromChecks, messageFor, noErrors, type FormErrors } from '../../api/errors.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { TextField } from '../../ui/fields.js';
import { Loading, Page } from '../../ui/Page.js';
import { passwordProblem } from './password.js';

interface Invitation {
  email: string;
  displayName: string;
  organisationName: string;
}

/** Accepting an invitation: the person chooses their password, then signs in. */
export default function Invite() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const invitation = useQuery({ queryKey: ['invitation', token], queryFn: () => api<Invitation>(`/invitations/${encodeURIComponent(token)}`), enabled: token.length > 0, retry: false });
  const accept = useMutation({
    mutationFn: () => api(`/invitations/${encodeURIComponent(token)}/accept`, { method: 'POST', body: { password } }),
    onSuccess: () => navigate('/signin?welcome=1', { replace: true }),
    onError: (error) => setErrors(formErrorsFrom(error, ['password', 'confirm'])),
  });

  if (!token || (invitation.isError && invitation.error instanceof ApiError && (invitation.error.status === 404 || invitation.error.status === 410))) {
    // 404: no such link; 410: used already or run out (the server's link_expired).
    return (
      <Page title="This invitation link does not work">
        <p>It may have been used already, or it may have run out. Invitation links only work once and for a limited time.</p>
        <p>Please ask the person who invited you to send a new link.</p>
      </Page>
    );
  }
  if (invitation.isPending) return <Loading what="Checking your invitation" />;
  if (invitation.isError) {
    return (
      <Page title="Sorry, we could not check your invitation">
        <p>{messageFor(invitation.error)}</p>
      </Page>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({ password: passwordProblem(password), confirm: !passwordProblem(password) && confirm !== password && 'The two passwords are not the same. Type it again.' });
    if (checks.summary.length) return setErrors(checks);
    accept.mutate();
  }

  const { data } = invitation;
  return (
    <Page title={`Welcome to Alongside, ${data.displayName.split(/\s+/)[0]}`} caption={data.organisationName}>
      <p className="nhsuk-lede-text">{data.organisationName} has invited you to Alongside. Choose a password to finish setting up your account.</p>
      <p>
        You will sign in with <strong className="app-break">{data.email}</strong>.
      </p>
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate>
        {/* Lets password managers save the right username with the new password. */}
        <input type="email" name="username" autoComplete="username" value={data.email} readOnly hidden />
        <TextField name="password" label="Choose a password" hint="At least 8 characters. A few unrelated words together make a strong password that is easy to remember." type="password" autoComplete="new-password" value={password} onChange={setPassword} error={errors.fields.password} />
        <TextField name="confirm" label="Type the password again" type="password" autoComplete="new-password" value={confirm} onChange={setConfirm} error={errors.fields.confirm} />
        <button type="submit" className="nhsuk-button" disabled={accept.isPending}>
          Create my account
        </button>
      </form>
    </Page>
  );
}
