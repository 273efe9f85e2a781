import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { DirectoryEntryFormInput, DirectoryEntryOut } from '../../../shared/directory/entries.js';
import { api } from '../../api/client.js';
import { noErrors, type FormErrors } from '../../api/errors.js';
import { Page } from '../../ui/Page.js';
import { QueryState } from '../../ui/QueryState.js';
import { staleVersionsOf, StaleVersionChoice } from '../../ui/StaleVersion.js';
import { RequireRole } from '../admin/common.js';
import { directoryKey, DIRECTORY_EDITORS, entryKey, ROUTES, useEntry } from './api.js';
import { compareRows, entryFormFrom, type EntryFormState } from './entry-form.js';
import { EntryForm } from './EntryForm.js';
import { entryFormErrors } from './EntryNew.js';

export default function EntryEdit() {
  const { entryId = '' } = useParams();
  const entry = useEntry(entryId);
  return (
    <RequireRole roles={DIRECTORY_EDITORS}>
      {entry.data ? (
        <EditEntry key={entry.data.id} entry={entry.data} />
      ) : (
        <Page title="Edit a directory entry" back={{ to: `/directory/${entryId}`, text: 'Back to the entry' }}>
          <QueryState query={entry} what="this entry" />
        </Page>
      )}
    </RequireRole>
  );
}

function EditEntry({ entry }: { entry: DirectoryEntryOut }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState(() => entryFormFrom(entry));
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [stale, setStale] = useState<{ current: DirectoryEntryOut; mine: EntryFormState; body: DirectoryEntryFormInput } | null>(null);
  const save = useMutation({
    mutationFn: ({ body, version }: { body: DirectoryEntryFormInput; version: number }) => api<DirectoryEntryOut>(ROUTES.update.path(entry.id), { method: 'PUT', body: { ...body, version } }),
    onSuccess: async (updated) => {
      setStale(null);
      client.setQueryData(entryKey(entry.id), updated);
      await client.invalidateQueries({ queryKey: [...directoryKey, 'list'] });
      navigate(`/directory/${entry.id}?saved=1`);
    },
    onError: (error, { body }) => {
      const versions = staleVersionsOf<DirectoryEntryOut>(error);
      if (versions) {
        setStale({ current: versions.current, mine: form, body });
        setErrors(noErrors);
      } else setErrors(entryFormErrors(error));
    },
  });
  return (
    <Page title={`Edit ${entry.name}`} caption="Service directory" back={{ to: `/directory/${entry.id}`, text: 'Back to the entry' }}>
      {stale && (
        <StaleVersionChoice
          busy={save.isPending}
          rows={compareRows(entryFormFrom(stale.current), stale.mine)}
          onKeepTheirs={() => {
            client.setQueryData(entryKey(entry.id), stale.current);
            setForm(entryFormFrom(stale.current));
            setStale(null);
          }}
          onUseMine={() => save.mutate({ body: stale.body, version: stale.current.version })}
        />
      )}
      <EntryForm form={form} setForm={setForm} errors={errors} setErrors={setErrors} onSubmit={(body) => save.mutate({ body, version: entry.version })} submitText="Save changes" busy={save.isPending} />
    </Page>
  );
}
