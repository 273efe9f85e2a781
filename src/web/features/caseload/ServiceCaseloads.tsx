import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import type { AdjustmentsOut, ServiceCaseloadsOut, WorkerCaseloadOut } from '../../../shared/episodes.js';
import { api } from '../../api/client.js';
import { formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import { hasAnyRole, useSession } from '../../session/session.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { SelectField, TextField } from '../../ui/fields.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { useWithReauth } from '../../ui/Reauth.js';
import { ADJUSTMENT_ROLES, LEAD_ROLES, servicesWhere } from '../people/access.js';
import { QueryState, RequireRoles } from '../people/common.js';
import { caseloadMaxInput, describeCaseload } from './caseload-rules.js';

/** Each worker's caseload against their maximum, for shift leads and managers; managers set maximums. */
export default function ServiceCaseloads() {
  const { data: session } = useSession();
  const [params, setParams] = useSearchParams();
  const services = session ? servicesWhere(session.user, LEAD_ROLES) : [];
  const serviceId = params.get('service') ?? services[0]?.id ?? '';
  const canAdjust = session ? hasAnyRole(session.user, ADJUSTMENT_ROLES) : false;
  const caseloads = useQuery({ queryKey: ['caseloads', serviceId], queryFn: () => api<ServiceCaseloadsOut>(`/services/${serviceId}/caseloads`), enabled: serviceId !== '' });
  const [notice, setNotice] = useState('');
  return (
    <RequireRoles roles={LEAD_ROLES} what="the team’s caseloads">
      <Page title="Caseloads" wide>
        <Notice text={notice} />
        {services.length > 1 && (
          <SelectField name="service" label="Service" value={serviceId} onChange={(id) => setParams({ service: id })} options={services.map((s) => ({ value: s.id, label: s.name }))} />
        )}
        {services.length === 1 && <p>{services[0]!.name}</p>}
        <QueryState query={caseloads} what="the caseloads" />
        {caseloads.data &&
          (caseloads.data.workers.length === 0 ? (
            <p>No peer support workers in this service yet.</p>
          ) : (
            <table className="nhsuk-table app-responsive-table">
              <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">People each worker is supporting</caption>
              <thead className="nhsuk-table__head">
                <tr className="nhsuk-table__row">
                  <th scope="col" className="nhsuk-table__header">Worker</th>
                  <th scope="col" className="nhsuk-table__header">Supporting</th>
                  {canAdjust && <th scope="col" className="nhsuk-table__header">Maximum (a reasonable adjustment)</th>}
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {caseloads.data.workers.map((w) => (
                  <tr className="nhsuk-table__row" key={w.userId}>
                    <td className="nhsuk-table__cell" data-label="Worker">{w.displayName}</td>
                    <td className="nhsuk-table__cell" data-label="Supporting">
                      <span className={w.full ? 'app-count-full' : undefined}>{describeCaseload(w.count, w.max)}</span>
                      {w.full && <> <strong className="nhsuk-tag nhsuk-tag--orange">Full</strong></>}
                    </td>
                    {canAdjust && (
                      <td className="nhsuk-table__cell" data-label="Maximum">
                        <MaxForm worker={w} serviceId={serviceId} onSaved={setNotice} />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
      </Page>
    </RequireRoles>
  );
}

function MaxForm({ worker, serviceId, onSaved }: { worker: WorkerCaseloadOut; serviceId: string; onSaved: (text: string) => void }) {
  const client = useQueryClient();
  const withReauth = useWithReauth();
  const [value, setValue] = useState(worker.max == null ? '' : String(worker.max));
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const name = `max-${worker.userId}`;
  const save = useMutation({
    mutationFn: (caseloadMax: number | null) => withReauth(() => api<AdjustmentsOut>(`/users/${worker.userId}/adjustments`, { method: 'PUT', body: { caseloadMax } })),
    onSuccess: async (saved) => {
      setErrors(noErrors);
      await client.invalidateQueries({ queryKey: ['caseloads', serviceId] });
      onSaved(saved.caseloadMax == null ? `${saved.displayName} has no caseload maximum now.` : `${saved.displayName}’s caseload maximum is now ${saved.caseloadMax}.`);
    },
    onError: (error) => setErrors(formErrorsFrom(error, [name], { caseloadMax: name })),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = caseloadMaxInput(value);
    if (!parsed.ok) return setErrors(formErrorsFromChecks({ [name]: parsed.error }));
    save.mutate(parsed.value);
  }
  return (
    <form onSubmit={submit} noValidate className="app-inline-form">
      <ErrorSummary errors={errors} />
      <TextField name={name} label={<span className="nhsuk-u-visually-hidden">Maximum for {worker.displayName}</span>} hint="Leave empty for no maximum" value={value} onChange={setValue} error={errors.fields[name]} width={3} inputMode="numeric" autoComplete="off" />
      <button type="submit" className="nhsuk-button nhsuk-button--secondary" disabled={save.isPending}>
        Save<span className="nhsuk-u-visually-hidden"> maximum for {worker.displayName}</span>
      </button>
    </form>
  );
}
