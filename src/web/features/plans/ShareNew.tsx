import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { ServicesOut } from '../../../shared/admin.js';
import { CONSENT_HOW, CONSENT_HOW_LABELS, PLAN_SECTION_KEYS, PLAN_SECTIONS, RECIPIENT_KIND_LABELS, RECIPIENT_KINDS, sectionHasWords, type ShareCreate, type ShareOut } from '../../../shared/plans.js';
import { api } from '../../api/client.js';
import { formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { Checkbox, Fieldset, Radios, SelectField, TextField } from '../../ui/fields.js';
import { Page } from '../../ui/Page.js';
import { DirectoryPicker } from '../directory/DirectoryPicker.js';
import { PEER_ROLES } from '../people/access.js';
import { QueryState, RequireRoles } from '../people/common.js';
import { formatDate } from '../people/person-form.js';
import { getPlan, planKey, planPath, planScreen } from './api.js';
import { usePersonName } from './common.js';
import { addMonths, emptyShareForm, isPersonRecipient, londonDate, shareBody, shareChecks, type ShareFormState } from './plan-rules.js';

const ORDER = ['recipientKind', 'recipientName', 'relationship', 'recipientServiceId', 'recipientDirectoryEntryId', 'recipientPhone', 'recipientEmail', 'sections', 'consentHow', 'endsOn'];

export default function ShareNew() {
  const { personId = '' } = useParams();
  const name = usePersonName(personId);
  const plan = useQuery({ queryKey: planKey(personId), queryFn: () => getPlan(personId) });
  const agreed = plan.data?.plan?.agreed;
  return (
    <RequireRoles roles={PEER_ROLES} what="crisis plans">
      <Page title="Share the plan" caption={name ? `${name}’s crisis plan` : 'Crisis plan'} back={{ to: planScreen(personId), text: 'Back to the plan' }}>
        <QueryState query={plan} what="the crisis plan" />
        {plan.data && !agreed && (
          <p>
            The plan can be shared once a version is agreed. <Link to={planScreen(personId)}>Go to the plan</Link>.
          </p>
        )}
        {agreed && <ShareForm personId={personId} name={name || 'the person'} written={PLAN_SECTION_KEYS.filter((k) => sectionHasWords(agreed.content, k))} />}
      </Page>
    </RequireRoles>
  );
}

function ShareForm({ personId, name, written }: { personId: string; name: string; written: string[] }) {
  const today = londonDate();
  const [form, setForm] = useState<ShareFormState>(() => emptyShareForm(today));
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const navigate = useNavigate();
  const client = useQueryClient();
  const services = useQuery({ queryKey: ['services'], queryFn: () => api<ServicesOut>('/services'), staleTime: 60_000, enabled: form.recipientKind === 'partner_service' });
  const set = <K extends keyof ShareFormState>(key: K) => (value: ShareFormState[K]) => setForm((f) => ({ ...f, [key]: value }));
  const share = useMutation({
    mutationFn: (body: ShareCreate) => api<ShareOut>(planPath(personId, '/shares'), { method: 'POST', body }),
    onSuccess: async (s) => {
      await client.invalidateQueries({ queryKey: planKey(personId) });
      navigate(planScreen(personId), { state: { notice: `The plan is shared with ${s.recipientName}. They see only the parts chosen, and only the latest agreed version.` } });
    },
    onError: (e) => setErrors(formErrorsFrom(e, ORDER)),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks(shareChecks(form, today));
    if (checks.summary.length) return setErrors(checks);
    setErrors(noErrors);
    share.mutate(shareBody(form));
  }
  const e = errors.fields;
  const person = isPersonRecipient(form.recipientKind);
  const kind = form.recipientKind;
  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={errors} title="The plan was not shared" />
      <p>Only share what {name} has agreed to share, with the people they choose. They can change their mind at any time.</p>
      <Fieldset name="recipientKind" legend="Who is the plan being shared with?" legendClass="nhsuk-fieldset__legend--m" error={e.recipientKind}>
        <Radios name="recipientKind" value={form.recipientKind} onChange={(v) => set('recipientKind')(v as ShareFormState['recipientKind'])} options={RECIPIENT_KINDS.map((k) => ({ value: k, label: RECIPIENT_KIND_LABELS[k], hint: k === 'partner_service' ? 'One of your organisation’s services: its partners see the plan in Alongside' : undefined }))} />
      </Fieldset>
      {kind !== '' && (
        <>
          {kind === 'partner_service' && (
            <>
              <QueryState query={services} what="your services" />
              {services.data && (
                <SelectField
                  name="recipientServiceId"
                  label="Which service?"
                  value={form.recipientServiceId}
                  onChange={(v) => {
                    const s = services.data.services.find((x) => x.id === v);
                    setForm((f) => ({ ...f, recipientServiceId: v, recipientName: f.recipientName || s?.name || '' }));
                  }}
                  options={[{ value: '', label: 'Choose a service' }, ...services.data.services.filter((s) => !s.archived).map((s) => ({ value: s.id, label: s.name }))]}
                  error={e.recipientServiceId}
                />
              )}
            </>
          )}
          {(kind === 'gp' || kind === 'crisis_team' || kind === 'other') && (
            <DirectoryPicker
              name="recipientDirectoryEntryId"
              legend="From the directory (optional)"
              hint="If they are in your service directory, choose them here"
              single
              chosen={form.recipientDirectoryEntryId ? [form.recipientDirectoryEntryId] : []}
              onChange={(ids, picked) => setForm((f) => ({ ...f, recipientDirectoryEntryId: ids[0] ?? '', recipientName: f.recipientName || picked?.name || '' }))}
              error={e.recipientDirectoryEntryId}
            />
          )}
          <TextField name="recipientName" label={person ? 'Their name' : 'Name of the team or person'} value={form.recipientName} onChange={set('recipientName')} error={e.recipientName} autoComplete="off" />
          {person && <TextField name="relationship" label={`Who they are to ${name} (optional)`} hint="In their words, like “my mum” or “my partner”" value={form.relationship} onChange={set('relationship')} error={e.relationship} autoComplete="off" />}
          <TextField name="recipientPhone" label="Mobile number (optional)" hint="To send them a link to the plan by text" type="tel" width={20} value={form.recipientPhone} onChange={set('recipientPhone')} error={e.recipientPhone} autoComplete="off" />
          <TextField name="recipientEmail" label="Email address (optional)" hint="To send them a link by email instead" type="email" value={form.recipientEmail} onChange={set('recipientEmail')} error={e.recipientEmail} autoComplete="off" spellCheck={false} />
        </>
      )}
      <Fieldset name="sections" legend="Which parts of the plan may they see?" legendClass="nhsuk-fieldset__legend--m" hint={`Only the parts ${name} chooses. They always see the latest agreed version.`} error={e.sections}>
        <div className="nhsuk-checkboxes">
          {PLAN_SECTION_KEYS.map((k) => (
            <Checkbox
              key={k}
              name={`section-${k}`}
              label={PLAN_SECTIONS[k].title}
              hint={written.includes(k) || k === 'services' ? undefined : 'Nothing written here yet'}
              checked={form.sections.includes(k)}
              onChange={(on) => set('sections')(on ? [...form.sections, k] : form.sections.filter((x) => x !== k))}
            />
          ))}
        </div>
      </Fieldset>
      <Fieldset name="consentHow" legend={`How did ${name} agree to this?`} legendClass="nhsuk-fieldset__legend--m" error={e.consentHow}>
        <Radios name="consentHow" value={form.consentHow} onChange={(v) => set('consentHow')(v as ShareFormState['consentHow'])} options={CONSENT_HOW.map((c) => ({ value: c, label: CONSENT_HOW_LABELS[c] }))} />
      </Fieldset>
      <TextField name="endsOn" label="Last day it is shared" hint={`Like ${addMonths(today, 12)}. At most two years, until ${formatDate(addMonths(today, 24))}. Sharing can be stopped sooner at any time.`} value={form.endsOn} onChange={set('endsOn')} error={e.endsOn} width={10} autoComplete="off" />
      <div className="app-actions">
        <button type="submit" className="nhsuk-button" disabled={share.isPending}>
          Share the plan
        </button>
        <Link to={planScreen(personId)}>Cancel</Link>
      </div>
    </form>
  );
}
