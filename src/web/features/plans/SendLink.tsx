import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useEffect, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { LINK_CHANNEL_LABELS, type LinkChannel, type LinkCreated } from '../../../shared/plan-links.js';
import type { ShareOut } from '../../../shared/plans.js';
import { api } from '../../api/client.js';
import { formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { Fieldset, Radios, TextField } from '../../ui/fields.js';
import { Page } from '../../ui/Page.js';
import { PEER_ROLES } from '../people/access.js';
import { getPerson, personKey } from '../people/api.js';
import { QueryState, RequireRoles } from '../people/common.js';
import { getPlan, planKey, planPath, planScreen } from './api.js';
import './plans.css';
import { lastDayOf, linkChecks, spacedCode } from './plan-rules.js';

/** What the server answers once, when a link is made: its address and code are never shown again. */
type LinkMade = LinkCreated;

/** Send the person (or someone the plan is shared with) a link to open it, and show the code once. */
export default function SendLink() {
  const { personId = '' } = useParams();
  const [params] = useSearchParams();
  const shareId = params.get('share') ?? '';
  const person = useQuery({ queryKey: personKey(personId), queryFn: () => getPerson(personId) });
  const plan = useQuery({ queryKey: planKey(personId), queryFn: () => getPlan(personId) });
  const share = shareId ? plan.data?.plan?.shares.find((s) => s.id === shareId) : undefined;
  const name = person.data?.preferredName ?? '';
  const who = share ? share.recipientName : name;
  return (
    <RequireRoles roles={PEER_ROLES} what="crisis plans">
      <Page title={share ? `Send ${who} a link` : `Send ${name || 'the person'} their link`} caption={name ? `${name}’s crisis plan` : 'Crisis plan'} back={{ to: planScreen(personId), text: 'Back to the plan' }}>
        <QueryState query={plan} what="the crisis plan" />
        {plan.data && person.data && !plan.data.plan && <p>There is no plan to send yet.</p>}
        {plan.data?.plan && person.data && (shareId && !share ? <p>We could not find that share. It may have been stopped.</p> : share && share.status !== 'active' ? <p>Sharing with {share.recipientName} has stopped, so they cannot be sent a link.</p> : (
          <LinkForm personId={personId} share={share ?? null} who={who || 'them'} phone={share ? share.recipientPhone : person.data.phone} email={share ? share.recipientEmail : person.data.email} />
        ))}
      </Page>
    </RequireRoles>
  );
}

function LinkForm({ personId, share, who, phone, email }: { personId: string; share: ShareOut | null; who: string; phone: string | null; email: string | null }) {
  const [channel, setChannel] = useState<LinkChannel | ''>(phone ? 'sms' : email ? 'email' : '');
  const [to, setTo] = useState(phone ?? email ?? '');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [made, setMade] = useState<LinkMade | null>(null);
  const client = useQueryClient();
  const send = useMutation({
    mutationFn: () => api<LinkMade>(planPath(personId, '/links'), { method: 'POST', body: { ...(share ? { shareId: share.id } : {}), channel, ...(channel === 'none' ? {} : { to: to.trim() }) } }),
    onSuccess: (out) => {
      setMade(out);
      void client.invalidateQueries({ queryKey: planKey(personId) });
    },
    onError: (e) => setErrors(formErrorsFrom(e, ['channel', 'to'])),
  });
  function choose(c: string) {
    setChannel(c as LinkChannel);
    setTo(c === 'sms' ? (phone ?? '') : c === 'email' ? (email ?? '') : '');
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks(linkChecks(channel, to));
    if (checks.summary.length) return setErrors(checks);
    setErrors(noErrors);
    send.mutate();
  }
  if (made) return <Made made={made} who={who} personId={personId} />;
  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={errors} title="The link was not sent" />
      <p>
        {share ? `${who} will see only the parts of the plan shared with them, in its latest agreed version.` : `${who} can open their plan on their own phone, without an account, and keep it there to read even without signal.`} To open it they need the link and a short code.
      </p>
      <p>
        <strong>The code is shown to you once, on the next screen.</strong> Tell it to {who} yourself, in person or on the phone. It is never sent with the link.
      </p>
      <Fieldset name="channel" legend="How should the link reach them?" legendClass="nhsuk-fieldset__legend--m" error={errors.fields.channel}>
        <Radios name="channel" value={channel} onChange={choose} options={(['sms', 'email', 'none'] as const).map((c) => ({ value: c, label: LINK_CHANNEL_LABELS[c], hint: c === 'none' ? 'You will see the link, to hand it over on their own device' : undefined }))} />
      </Fieldset>
      {(channel === 'sms' || channel === 'email') && (
        <TextField
          name="to"
          label={channel === 'sms' ? 'Mobile number' : 'Email address'}
          hint={channel === 'sms' ? 'Check it with them first' : 'Check it with them first'}
          type={channel === 'sms' ? 'tel' : 'email'}
          width={channel === 'sms' ? 20 : undefined}
          value={to}
          onChange={setTo}
          error={errors.fields.to}
          autoComplete="off"
          spellCheck={false}
        />
      )}
      <div className="app-actions">
        <button type="submit" className="nhsuk-button" disabled={send.isPending}>
          {channel === 'none' ? 'Make the link' : 'Send the link'}
        </button>
        <Link to={planScreen(personId)}>Cancel</Link>
      </div>
    </form>
  );
}

function Made({ made, who, personId }: { made: LinkMade; who: string; personId: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const sent = made.link.channel === 'sms' ? 'by text message' : made.link.channel === 'email' ? 'by email' : '';
  return (
    <>
      <div className="nhsuk-card nhsuk-card--care nhsuk-card--care--non-urgent" ref={ref} tabIndex={-1} role="status">
        <div className="nhsuk-card--care__heading-container">
          <h2 className="nhsuk-card--care__heading">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>Tell {who} this code yourself
            </span>
          </h2>
          <span className="nhsuk-card--care__arrow" aria-hidden="true"></span>
        </div>
        <div className="nhsuk-card__content">
          <p className="app-plan-code" aria-label={`The code is ${made.code.split('').join(' ')}`} data-testid="plan-code">
            {spacedCode(made.code)}
          </p>
          <p>
            Tell {who} the code in person or on the phone. <strong>Do not send it with the link</strong>, and do not write it in their notes.
          </p>
          <p>This is the only time the code is shown. If it is lost, withdraw this link and send a new one.</p>
        </div>
      </div>
      {made.link.channel === 'none' || made.sent !== 'sent' ? (
        <>
          <h2 className="nhsuk-heading-m">The link</h2>
          {made.link.channel !== 'none' && <p>We could not send the message just now, so please give {who} the link yourself.</p>}
          <p>Open it on {who}’s own phone, or let them copy it. It works until the end of {lastDayOf(made.link.expiresAt)}.</p>
          <p className="app-plan-url">{made.url}</p>
        </>
      ) : (
        <p>
          The link has been sent {sent}. It works until the end of {lastDayOf(made.link.expiresAt)}. If it does not arrive, you can withdraw it from the plan page and send another.
        </p>
      )}
      <p>
        <Link to={planScreen(personId)}>Back to the plan</Link>
      </p>
    </>
  );
}
