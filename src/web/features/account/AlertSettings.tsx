import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { AlertSettingsOut, AlertTestOut } from '../../../shared/account-alerts.js';
import { ALERT_CHANNEL_LABELS, ALERT_CHANNELS, formatUkMobile, normaliseUkMobile, UK_MOBILE_EXAMPLE, UK_MOBILE_PROBLEM, type AlertChannel } from '../../../shared/uk-mobile.js';
import { api } from '../../api/client.js';
import { ApiError, formErrorsFrom, formErrorsFromChecks, messageFor, noErrors, type FormErrors } from '../../api/errors.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { Fieldset, Radios, TextField } from '../../ui/fields.js';
import { Notice } from '../../ui/Notice.js';
import { Loading } from '../../ui/Page.js';
import { useWithReauth } from '../../ui/Reauth.js';

const settingsKey = ['account', 'alert-settings'] as const;
const PATH = '/account/alert-settings';

const CHANNEL_HINTS: Record<AlertChannel, string> = {
  sms: 'Needs a mobile number',
  email: 'To the email address you sign in with',
  both: 'Needs a mobile number',
};

/** "Mobile number for alerts": the number, how alerts reach the person, save, and a test text. */
export function AlertSettings() {
  const settings = useQuery({ queryKey: settingsKey, queryFn: () => api<AlertSettingsOut>(PATH) });
  // Kept here: the form starts afresh from each saved version.
  const [notice, setNotice] = useState('');
  return (
    <section aria-labelledby="alert-settings-title">
      <h2 className="nhsuk-heading-m" id="alert-settings-title">
        Mobile number for alerts
      </h2>
      <p>When someone needs help now (a missed lone-working check-in, a safety code, an escalation), Alongside tells the people who must act. Add your mobile number to get these alerts by text, even when Alongside is not open.</p>
      <Notice text={notice} />
      {settings.isPending ? <Loading /> : settings.isError ? <p>{messageFor(settings.error)}</p> : <AlertSettingsForm key={settings.data.version} saved={settings.data} setNotice={setNotice} />}
    </section>
  );
}

function AlertSettingsForm({ saved, setNotice }: { saved: AlertSettingsOut; setNotice: (text: string) => void }) {
  const client = useQueryClient();
  const withReauth = useWithReauth();
  const [mobile, setMobile] = useState(saved.mobile ? formatUkMobile(saved.mobile) : '');
  const [channel, setChannel] = useState<AlertChannel>(saved.alertChannel);
  const [channelChosen, setChannelChosen] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);

  const save = useMutation({
    mutationFn: (body: { mobile: string | null; alertChannel?: AlertChannel; version: number }) => withReauth(() => api<AlertSettingsOut>(PATH, { method: 'PUT', body })),
    onMutate: () => setNotice(''),
    onSuccess: (reply) => {
      setErrors(noErrors);
      setNotice(reply.mobile ? `Saved. Alerts reach you ${ALERT_CHANNEL_LABELS[reply.alertChannel].toLowerCase()}, at ${formatUkMobile(reply.mobile)}.` : 'Saved. Alerts reach you by email.');
      client.setQueryData(settingsKey, reply);
    },
    onError: async (error) => {
      setErrors(formErrorsFrom(error, ['mobile', 'alertChannel']));
      if (error instanceof ApiError && error.code === 'stale_version') await client.invalidateQueries({ queryKey: settingsKey });
    },
  });
  const test = useMutation({
    mutationFn: () => api<AlertTestOut>(`${PATH}/test`, { method: 'POST', body: {} }),
    onMutate: () => setNotice(''),
    onSuccess: (reply) =>
      setNotice(
        reply.status === 'sent'
          ? `We sent a test text to your number ending ${reply.endingIn}. It can take a minute to arrive. If it does not come, check the number.`
          : 'We could not send the test text just now. Check the number, and try again in a minute.',
      ),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const typed = mobile.trim();
    const e164 = typed ? normaliseUkMobile(typed) : null;
    const checks = formErrorsFromChecks({
      mobile: typed && !e164 && UK_MOBILE_PROBLEM,
      alertChannel: !typed && channel !== 'email' && 'Add a mobile number to get alerts by text, or choose email',
    });
    if (checks.summary.length) return setErrors(checks);
    // A first number without a choice made: left to the server, which sends alerts by text then.
    const leaveChoice = !saved.mobile && !channelChosen && channel === 'email';
    save.mutate({ mobile: e164, ...(leaveChoice ? {} : { alertChannel: channel }), version: saved.version });
  }

  return (
    <>
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate>
        <TextField
          name="mobile"
          label="UK mobile number"
          hint={`For example, ${UK_MOBILE_EXAMPLE}. Leave it empty to get alerts by email only.`}
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          width={20}
          value={mobile}
          onChange={setMobile}
          error={errors.fields.mobile}
        />
        <Fieldset name="alertChannel" legend="How alerts reach you" error={errors.fields.alertChannel}>
          <Radios name="alertChannel" value={channel} onChange={(v) => {
              setChannel(v as AlertChannel);
              setChannelChosen(true);
            }} options={ALERT_CHANNELS.map((c) => ({ value: c, label: ALERT_CHANNEL_LABELS[c], hint: CHANNEL_HINTS[c] }))} />
        </Fieldset>
        <div className="app-actions">
          <button type="submit" className="nhsuk-button" disabled={save.isPending}>
            Save alert settings
          </button>
          {saved.mobile && (
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => test.mutate()} disabled={test.isPending}>
              Send me a test text
            </button>
          )}
        </div>
        {test.isError && (
          <p className="nhsuk-error-message" role="alert">
            {messageFor(test.error)}
          </p>
        )}
      </form>
    </>
  );
}
