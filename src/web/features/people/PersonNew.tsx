import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { todayUtc, type DuplicateCandidate, type PersonOut } from '../../../shared/people.js';
import { api } from '../../api/client.js';
import { ApiError, formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { Page } from '../../ui/Page.js';
import { PEER_ROLES } from './access.js';
import { personKey } from './api.js';
import { RequireRoles } from './common.js';
import { PersonLine } from './People.js';
import { PersonFields } from './PersonFields.js';
import { checkPersonForm, createBodyFrom, EMPTY_PERSON_FORM, PERSON_FIELD_ORDER, type PersonFormState } from './person-form.js';

/** Add a person; if they may already have a record, ask "Is this the same person?" first. */
export default function PersonNew() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form, setForm] = useState<PersonFormState>(EMPTY_PERSON_FORM);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [candidates, setCandidates] = useState<DuplicateCandidate[] | null>(null);

  const create = useMutation({
    mutationFn: (confirm: boolean) => api<PersonOut>('/people', { method: 'POST', body: createBodyFrom(form, confirm) }),
    onSuccess: (person) => {
      client.setQueryData(personKey(person.id), person);
      navigate(`/people/${person.id}?added=1`);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'possible_duplicate' && Array.isArray(error.payload.candidates)) {
        setErrors(noErrors);
        setCandidates(error.payload.candidates as DuplicateCandidate[]);
      } else {
        setCandidates(null);
        setErrors(formErrorsFrom(error, PERSON_FIELD_ORDER));
      }
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const checks = formErrorsFromChecks(checkPersonForm(form, todayUtc()));
    if (checks.summary.length) return setErrors(checks);
    setErrors(noErrors);
    create.mutate(false);
  }

  if (candidates) {
    return (
      <RequireRoles roles={PEER_ROLES} what="adding people">
        <Page title="Is this the same person?" back={{ to: '/people', text: 'People' }}>
          <p>
            {candidates.length === 1 ? 'Someone' : 'Some people'} with a similar name or the same date of birth already {candidates.length === 1 ? 'has a record' : 'have records'}. If one of them is{' '}
            {form.preferredName.trim()}, use that record so everything stays together.
          </p>
          <ul className="nhsuk-list app-candidates">
            {candidates.map((c) => (
              <li key={c.id}>
                <PersonLine person={c} />
                <Link className="nhsuk-button nhsuk-button--secondary" to={`/people/${c.id}`}>
                  Use this record<span className="nhsuk-u-visually-hidden"> for {c.preferredName}</span>
                </Link>
              </li>
            ))}
          </ul>
          <ErrorSummary errors={errors} />
          <div className="app-actions">
            <button type="button" className="nhsuk-button" onClick={() => create.mutate(true)} disabled={create.isPending}>
              No, add a new person
            </button>
            <button type="button" className="app-link-button" onClick={() => setCandidates(null)}>
              Go back to the details
            </button>
          </div>
        </Page>
      </RequireRoles>
    );
  }

  return (
    <RequireRoles roles={PEER_ROLES} what="adding people">
      <Page title="Add a person" back={{ to: '/people', text: 'People' }}>
        <p>Only the name they would like to be called is needed. Add anything else they are happy to share, in their words.</p>
        <ErrorSummary errors={errors} />
        <form onSubmit={submit} noValidate>
          <PersonFields form={form} onChange={setForm} errors={errors.fields} />
          <button type="submit" className="nhsuk-button" disabled={create.isPending}>
            Add person
          </button>
        </form>
      </Page>
    </RequireRoles>
  );
}
