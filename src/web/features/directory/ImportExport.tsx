import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { Link } from 'react-router';
import { DirectoryImportReport } from '../../../shared/directory/entries.js';
import { api } from '../../api/client.js';
import { ApiError, fieldId, formErrorsFrom, formErrorsFromChecks, noErrors, type FormErrors } from '../../api/errors.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { Checkbox } from '../../ui/fields.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { RequireRole } from '../admin/common.js';
import { directoryKey, DIRECTORY_ADMINS, ROUTES } from './api.js';
import { importSummary, placeText } from './import-report.js';
import './directory.css';

export default function ImportExport() {
  const client = useQueryClient();
  const [file, setFile] = useState<{ name: string; data: unknown } | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [report, setReport] = useState<{ dryRun: boolean; report: DirectoryImportReport } | null>(null);

  const send = useMutation({
    mutationFn: ({ data, dryRun }: { data: unknown; dryRun: boolean }) => api<DirectoryImportReport>(ROUTES.import.path({ dryRun, skipInvalid }), { method: 'POST', body: data }),
    onMutate: () => setReport(null),
    onSuccess: async (r, { dryRun }) => {
      setErrors(noErrors);
      setReport({ dryRun, report: r });
      if (!dryRun) await client.invalidateQueries({ queryKey: directoryKey });
    },
    onError: (error, { dryRun }) => {
      // One problem stops the whole file: the server says so with the report of what and why.
      const refused = error instanceof ApiError ? DirectoryImportReport.safeParse(error.payload.report) : null;
      if (refused?.success) {
        setErrors(noErrors);
        setReport({ dryRun, report: refused.data });
      } else setErrors(formErrorsFrom(error));
    },
  });

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    setReport(null);
    setErrors(noErrors);
    const chosen = event.target.files?.[0];
    if (!chosen) return setFile(null);
    try {
      setFile({ name: chosen.name, data: JSON.parse(await chosen.text()) as unknown });
    } catch {
      setFile(null);
      setErrors(formErrorsFromChecks({ file: 'This file is not Open Referral UK JSON. Choose a .json file exported from a directory.' }));
    }
  }

  function check(event: FormEvent) {
    event.preventDefault();
    if (!file) return setErrors(formErrorsFromChecks({ file: errors.fields.file ?? 'Choose a file to import' }));
    send.mutate({ data: file.data, dryRun: true });
  }

  const id = fieldId('file');
  const r = report?.report;
  const canImport = report?.dryRun && r && (r.created > 0 || r.updated > 0) && (skipInvalid || r.skipped.length === 0);

  return (
    <RequireRole roles={DIRECTORY_ADMINS}>
      <Page title="Import or export the directory" back={{ to: '/directory', text: 'Service directory' }}>
        <h2 className="nhsuk-heading-m">Export</h2>
        <p>Download every entry as an Open Referral UK file (JSON), to keep a copy or to share with another directory.</p>
        <a className="nhsuk-button nhsuk-button--secondary" href={ROUTES.export.path()} download>
          Download the directory
        </a>

        <h2 className="nhsuk-heading-m">Import</h2>
        <p>Add or update entries from an Open Referral UK file. First we check the file and show you what would change. Nothing is saved until you choose to import.</p>
        <ErrorSummary errors={errors} />
        <form onSubmit={check} noValidate>
          <div className={`nhsuk-form-group${errors.fields.file ? ' nhsuk-form-group--error' : ''}`}>
            <label className="nhsuk-label" htmlFor={id}>
              File to import
            </label>
            <div className="nhsuk-hint" id={`${id}-hint`}>
              A .json file of services (Open Referral UK version 1).
            </div>
            {errors.fields.file && (
              <span className="nhsuk-error-message" id={`${id}-error`}>
                <span className="nhsuk-u-visually-hidden">Error:</span> {errors.fields.file}
              </span>
            )}
            <input className="app-dir-file" id={id} name="file" type="file" accept=".json,application/json" onChange={choose} aria-describedby={`${id}-hint${errors.fields.file ? ` ${id}-error` : ''}`} />
          </div>
          <div className="nhsuk-form-group">
            <div className="nhsuk-checkboxes">
              <Checkbox
                name="skipInvalid"
                label="Import the services that are fine, and skip the ones with problems"
                hint="Otherwise one problem stops the whole file, so nothing is half-imported."
                checked={skipInvalid}
                onChange={(v) => {
                  setSkipInvalid(v);
                  setReport(null);
                }}
              />
            </div>
          </div>
          <button type="submit" className="nhsuk-button" disabled={send.isPending}>
            Check the file
          </button>
        </form>

        {send.isPending && (
          <p role="status" className="nhsuk-body">
            Working on it…
          </p>
        )}
        {report && r && (
          <section aria-labelledby="report-title" className="app-dir-report">
            {report.dryRun ? (
              <h2 className="nhsuk-heading-m" id="report-title">
                What would happen
              </h2>
            ) : (
              <h2 className="nhsuk-heading-m" id="report-title">
                Import finished
              </h2>
            )}
            <Notice text={importSummary(r, report.dryRun, skipInvalid)} />
            {r.skipped.length > 0 && (
              <>
                <h3 className="nhsuk-heading-s">{report.dryRun && !skipInvalid ? 'Problems to fix first' : 'Skipped, and why'}</h3>
                <ul className="nhsuk-list nhsuk-list--bullet">
                  {r.skipped.map((p, i) => (
                    <li key={i}>
                      <strong>{p.name || p.id || 'A service with no name'}</strong> ({placeText(p.at)})
                      <ul className="nhsuk-list nhsuk-list--bullet">
                        {p.reasons.map((reason, j) => (
                          <li key={j}>
                            {reason.field ? `${reason.field}: ` : ''}
                            {reason.message}
                          </li>
                        ))}
                      </ul>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {canImport && file && (
              <button type="button" className="nhsuk-button" disabled={send.isPending} onClick={() => send.mutate({ data: file.data, dryRun: false })}>
                Import now
              </button>
            )}
            {!report.dryRun && (
              <p>
                <Link to="/directory">Go to the directory</Link>
              </p>
            )}
          </section>
        )}
      </Page>
    </RequireRole>
  );
}
