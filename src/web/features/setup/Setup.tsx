import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client.js';
import { formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import { useMeta } from '../../session/session.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { TextField } from '../../ui/fields.js';
import { Page } from '../../ui/Page.js';
import { passwordProblem } from './password.js';

const ORDER = ['organisationName', 'displayName', 'email', 'password'];

/** First-time setup: the organisation and its first administrator, from the one-time link. */
export default function Setup() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const { data: meta } = useMeta();
  const [organisationName, setOrganisationName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const setup = useMutation({
    mutationFn: () => api('/setup', { method: 'POST', body: { token, organisationName, displayName, email, password } }),
    onSuccess: () => navigate('/signin?welcome=1', { replace: true }),
    onError: (error) => setErrors(formErrorsFrom(error, ORDER)),
  });

  if (meta && !meta.setupRequired) {
    return (
      <Page title="Alongside is already set up">
        <p>This installation already has an organisation, so the setup link is no longer needed.</p>
        <p>
          <Link to="/signin">Go to sign in</Link>
        </p>
      </Page>
    );
  }
  if (!token) {
    return (
      <Page title="Set up Alongside">
        <p>You need the one-time setup link. It was printed by the server the first time it started. Open that link to carry on.</p>
      </Page>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({
      organisationName: organisationName.trim().length < 2 && 'Enter your organisation’s name',
      displayName: !displayName.trim() && 'Enter your name',
      email: !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()) && 'Enter an email address, like name@example.org',
      password: passwordProblem(password),
    });
    if (checks.summary.length) return setErrors(checks);
    setup.mutate();
  }

  return (
    <Page title="Set up Alongside">
      <p className="nhsuk-lede-text">Welcome. This takes a minute: tell us your organisation’s name and create the first administrator account, which will be yours.</p>
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate>
        <TextField name="organisationName" label="Organisation name" hint="As the people you support know it, for example Riverside Crisis Café." value={organisationName} onChange={setOrganisationName} error={errors.fields.organisationName} autoComplete="organization" />
        <TextField name="displayName" label="Your name" value={displayName} onChange={setDisplayName} error={errors.fields.displayName} autoComplete="name" />
        <TextField name="email" label="Your email address" hint="You will sign in with this." type="email" spellCheck={false} value={email} onChange={setEmail} error={errors.fields.email} autoComplete="email" />
        <TextField name="password" label="Choose a password" hint="At least 8 characters. A few unrelated words together make a strong password that is easy to remember." type="password" value={password} onChange={setPassword} error={errors.fields.password} autoComplete="new-password" />
        <button type="submit" className="nhsuk-button" disabled={setup.isPending}>
          Set up Alongside
        </button>
      </form>
    </Page>
  );
}
