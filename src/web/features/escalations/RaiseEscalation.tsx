import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import { useSession } from '../../session/session.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { Fieldset, Radios, TextArea } from '../../ui/fields.js';
import { Page } from '../../ui/Page.js';
import { PEER_ROLES, servicesWhere } from '../people/access.js';
import { RequireRoles } from '../people/common.js';
import { raiseEscalation } from './api.js';

/**
 * Raise an escalation about a person or a contact, in one or two taps on a phone: the worry in
 * the worker's own words, then straight to the ladder. `?personId=` or `?contactId=` (with
 * `serviceId`) say who it is about; a worker in more than one service picks the service.
 */
export default function RaiseEscalation() {
  const { data: session } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const personId = params.get('personId') ?? undefined;
  const contactId = params.get('contactId') ?? undefined;
  const name = params.get('name') ?? '';
  const services = session ? servicesWhere(session.user, PEER_ROLES) : [];
  const [serviceId, setServiceId] = useState(() => services.find((s) => s.id === params.get('serviceId'))?.id ?? (services.length === 1 ? services[0]!.id : ''));
  const [concern, setConcern] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const back = contactId && serviceId ? { to: `/services/${serviceId}/contacts/${contactId}`, text: 'Back to the contact' } : personId ? { to: `/people/${personId}`, text: 'Back to the person' } : { to: '/', text: 'Home' };

  const raise = useMutation({
    mutationFn: () => raiseEscalation(serviceId, { concern: concern.trim(), ...(personId ? { personId } : {}), ...(contactId ? { contactId } : {}) }),
    onSuccess: (e) => navigate(`/services/${e.serviceId}/escalations/${e.id}?raised=1`),
    onError: (error) => setErrors(formErrorsFrom(error, ['serviceId', 'concern'], { personId: 'concern', contactId: 'concern' })),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks({
      serviceId: !serviceId && 'Choose the service',
      concern: !concern.trim() && 'Say what you are worried about, in your own words',
    });
    if (checks.summary.length) return setErrors(checks);
    setErrors(noErrors);
    raise.mutate();
  }
  return (
    <RequireRoles roles={PEER_ROLES} what="raising escalations">
      <Page title="Raise an escalation" caption={name || undefined} back={back}>
        {!personId && !contactId ? (
          <p>Open the person’s or the contact’s page and raise the escalation from there.</p>
        ) : (
          <form onSubmit={submit} noValidate>
            <ErrorSummary errors={errors} />
            {services.length > 1 && (
              <Fieldset name="serviceId" legend="Which service is this for?" error={errors.fields.serviceId}>
                <Radios name="serviceId" value={serviceId} onChange={setServiceId} options={services.map((s) => ({ value: s.id, label: s.name }))} />
              </Fieldset>
            )}
            <TextArea name="concern" label="What are you worried about?" hint="In your own words. You will see who to call next, step by step." value={concern} onChange={setConcern} error={errors.fields.concern} rows={4} />
            <button type="submit" className="nhsuk-button app-big-button" disabled={raise.isPending}>
              Raise and show me who to call
            </button>
          </form>
        )}
      </Page>
    </RequireRoles>
  );
}
