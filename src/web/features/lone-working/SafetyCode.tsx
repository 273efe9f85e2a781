import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { TextField } from '../../ui/fields.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { QueryState } from '../../ui/QueryState.js';
import { useWithReauth } from '../../ui/Reauth.js';
import { PEER_ROLES } from '../people/access.js';
import { RequireRoles } from '../people/common.js';
import { formatDateTime } from '../people/person-form.js';
import { duressKey, getDuressCode, setDuressCode } from './api.js';
import { safetyCodeProblem } from './safety-code.js';

/** Set or change my safety (duress) code. The code itself is never shown or sent back. */
export default function SafetyCode() {
  const client = useQueryClient();
  const withReauth = useWithReauth();
  const current = useQuery({ queryKey: duressKey, queryFn: getDuressCode });
  const [code, setCode] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [notice, setNotice] = useState('');
  const save = useMutation({
    mutationFn: () => withReauth(() => setDuressCode(code.trim())),
    onMutate: () => setNotice(''),
    onSuccess: (reply) => {
      client.setQueryData(duressKey, reply);
      setCode('');
      setAgain('');
      setErrors(noErrors);
      setNotice('Your safety code is saved.');
    },
    onError: (error) => setErrors(formErrorsFrom(error, ['code', 'again'])),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks(safetyCodeProblem(code, again));
    if (checks.summary.length) return setErrors(checks);
    save.mutate();
  }
  return (
    <RequireRoles roles={PEER_ROLES} what="lone working">
      <Page title="Your safety code" back={{ to: '/account', text: 'Your account' }}>
        <Notice text={notice} />
        <p>When you cancel a lone-working visit, Alongside asks you to type a code. Any code cancels the visit.</p>
        <p>If you are not safe and someone may be watching, type your safety code instead. The screen will look exactly as it does for any cancel, but your shift lead and service manager are alerted quietly at once.</p>
        <p>Choose numbers you will remember under pressure, and tell nobody.</p>
        <QueryState query={current} what="your safety code" />
        {current.data && (
          <p>
            <strong>{current.data.set ? `You set a safety code${current.data.updatedAt ? ` on ${formatDateTime(current.data.updatedAt)}` : ''}.` : 'You have not set a safety code yet.'}</strong>
          </p>
        )}
        <form onSubmit={submit} noValidate>
          <ErrorSummary errors={errors} />
          <TextField name="code" label={current.data?.set ? 'New safety code' : 'Safety code'} hint="4 to 8 numbers" type="password" inputMode="numeric" autoComplete="off" width={10} value={code} onChange={setCode} error={errors.fields.code} />
          <TextField name="again" label="Type it again" type="password" inputMode="numeric" autoComplete="off" width={10} value={again} onChange={setAgain} error={errors.fields.again} />
          <button type="submit" className="nhsuk-button" disabled={save.isPending}>
            Save safety code
          </button>
        </form>
      </Page>
    </RequireRoles>
  );
}
