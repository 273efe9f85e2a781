import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { DirectoryEntryFormInput, DirectoryEntryOut } from '../../../shared/directory/entries.js';
import { api } from '../../api/client.js';
import { ApiError, formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import { Page } from '../../ui/Page.js';
import { RequireRole } from '../admin/common.js';
import { directoryKey, DIRECTORY_EDITORS, entryKey, ROUTES } from './api.js';
import { emptyEntryForm, entryErrors } from './entry-form.js';
import { EntryForm } from './EntryForm.js';

/** Server errors on the editor's fields (paths like "schedules.regular_schedules.0.byday" mapped to the editor). */
export function entryFormErrors(error: unknown): FormErrors {
  if (error instanceof ApiError && Object.keys(error.fields).length > 0) return formErrorsFromChecks(entryErrors(error.fields));
  return formErrorsFrom(error);
}

export default function EntryNew() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState(emptyEntryForm);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const create = useMutation({
    mutationFn: (body: DirectoryEntryFormInput) => api<DirectoryEntryOut>(ROUTES.create.path(), { method: 'POST', body }),
    onSuccess: async (entry) => {
      client.setQueryData(entryKey(entry.id), entry);
      await client.invalidateQueries({ queryKey: [...directoryKey, 'list'] });
      navigate(`/directory/${entry.id}?created=1`);
    },
    onError: (error) => setErrors(entryFormErrors(error)),
  });
  return (
    <RequireRole roles={DIRECTORY_EDITORS}>
      <Page title="Add a directory entry" back={{ to: '/directory', text: 'Service directory' }}>
        <p>Only the name and the organisation are needed. Add what you know; you can come back to it.</p>
        <EntryForm form={form} setForm={setForm} errors={errors} setErrors={setErrors} onSubmit={(body) => create.mutate(body)} submitText="Add the entry" busy={create.isPending} />
      </Page>
    </RequireRole>
  );
}
