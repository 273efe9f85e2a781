import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import { formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import type { Organisation as Org } from '../../api/types.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { TextField } from '../../ui/fields.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { staleVersionsOf, StaleVersionChoice } from '../../ui/StaleVersion.js';
import { ORG_ADMIN, QueryState, RequireRole } from './common.js';

const key = ['organisation'];
const ORDER = ['name', 'under16ServiceName', 'under16Phone'];
interface OrgForm {
  name: string;
  under16ServiceName: string;
  under16Phone: string;
}
const formOf = (o: Org): OrgForm => ({ name: o.name, under16ServiceName: o.under16ServiceName ?? '', under16Phone: o.under16Phone ?? '' });
const bodyOf = (f: OrgForm) => ({ name: f.name.trim(), under16ServiceName: f.under16ServiceName.trim() || null, under16Phone: f.under16Phone.trim() || null });

export default function Organisation() {
  const org = useQuery({ queryKey: key, queryFn: () => api<Org>('/organisation') });
  return (
    <RequireRole roles={ORG_ADMIN}>
      {org.data ? (
        <OrganisationForm org={org.data} />
      ) : (
        <Page title="Organisation" back={{ to: '/admin', text: 'Administration' }}>
          <QueryState query={org} what="your organisation" />
        </Page>
      )}
    </RequireRole>
  );
}

function OrganisationForm({ org }: { org: Org }) {
  const client = useQueryClient();
  const [form, setForm] = useState(() => formOf(org));
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [saved, setSaved] = useState(false);
  const [stale, setStale] = useState<{ current: Org; mine: OrgForm } | null>(null);
  const save = useMutation({
    mutationFn: ({ f, version }: { f: OrgForm; version: number }) => api<Org>('/organisation', { method: 'PATCH', body: { version, ...bodyOf(f) } }),
    onMutate: () => setSaved(false),
    onSuccess: (updated) => {
      setSaved(true);
      setStale(null);
      client.setQueryData(key, updated);
      void client.invalidateQueries({ queryKey: ['session'] });
    },
    onError: (error, { f }) => {
      const versions = staleVersionsOf<Org>(error);
      if (versions) setStale({ current: versions.current, mine: f });
      else setErrors(formErrorsFrom(error, ORDER));
    },
  });
  const set = (k: keyof OrgForm) => (v: string) => setForm({ ...form, [k]: v });

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const checks = formErrorsFromChecks({
      name: form.name.trim().length < 1 && 'Enter the organisation’s name',
      under16Phone: form.under16Phone.trim() !== '' && !/^\+?[0-9 ()-]{3,24}$/.test(form.under16Phone.trim()) && 'Enter a phone number, like 0800 123 4567',
    });
    if (checks.summary.length) return setErrors(checks);
    setErrors(noErrors);
    save.mutate({ f: form, version: org.version });
  }

  return (
    <Page title="Organisation" back={{ to: '/admin', text: 'Administration' }}>
      <Notice text={saved ? 'Your changes are saved.' : ''} />
      {stale && (
        <StaleVersionChoice
          busy={save.isPending}
          rows={[
            { label: 'Name', theirs: stale.current.name, yours: stale.mine.name },
            { label: 'Service for under-16s', theirs: stale.current.under16ServiceName ?? '', yours: stale.mine.under16ServiceName },
            { label: 'Its phone number', theirs: stale.current.under16Phone ?? '', yours: stale.mine.under16Phone },
          ]}
          onKeepTheirs={() => {
            client.setQueryData(key, stale.current);
            setForm(formOf(stale.current));
            setStale(null);
          }}
          onUseMine={() => save.mutate({ f: stale.mine, version: stale.current.version })}
        />
      )}
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate>
        <TextField name="name" label="Organisation name" value={form.name} onChange={set('name')} error={errors.fields.name} />
        <h2 className="nhsuk-heading-m">Children and young people under 16</h2>
        <p>Your services support people aged 16 and over. When someone younger gets in touch, staff and the public pages point them to the service you name here.</p>
        <TextField name="under16ServiceName" label="Service for under-16s" hint="For example, the local children and young people’s crisis line." value={form.under16ServiceName} onChange={set('under16ServiceName')} error={errors.fields.under16ServiceName} />
        <TextField name="under16Phone" label="Its phone number" type="tel" width={20} value={form.under16Phone} onChange={set('under16Phone')} error={errors.fields.under16Phone} autoComplete="off" />
        <button type="submit" className="nhsuk-button" disabled={save.isPending}>
          Save changes
        </button>
      </form>
    </Page>
  );
}
