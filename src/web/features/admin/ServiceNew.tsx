import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.js';
import { formErrorsFrom, noErrors, type FormErrors } from '../../api/errors.js';
import type { Service } from '../../api/types.js';
import { Page } from '../../ui/Page.js';
import { ORG_ADMIN, RequireRole } from './common.js';
import { FIELD_ALIASES, FIELD_ORDER, newServiceForm, type ServiceBody } from './service-form.js';
import { ServiceForm } from './ServiceForm.js';
import { servicesKey } from './Services.js';

export default function ServiceNew() {
  const [form, setForm] = useState(newServiceForm);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const navigate = useNavigate();
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: (body: ServiceBody) => api<Service>('/services', { method: 'POST', body }),
    onSuccess: async (service) => {
      await client.invalidateQueries({ queryKey: servicesKey });
      navigate(`/admin/services/${service.id}?created=1`);
    },
    onError: (error) => setErrors(formErrorsFrom(error, FIELD_ORDER, FIELD_ALIASES)),
  });
  return (
    <RequireRole roles={ORG_ADMIN}>
      <Page title="Add a service" back={{ to: '/admin/services', text: 'Services and teams' }}>
        <ServiceForm form={form} setForm={setForm} errors={errors} setErrors={setErrors} onSubmit={(body) => create.mutate(body)} submitText="Add service" busy={create.isPending} suggestSlug />
      </Page>
    </RequireRole>
  );
}
