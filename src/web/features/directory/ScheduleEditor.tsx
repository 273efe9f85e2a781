import { WEEKDAY_CODES } from '../../../shared/directory/schedules.js';
import { fieldId } from '../../api/errors.js';
import { Checkbox, Fieldset, Radios, TextField } from '../../ui/fields.js';
import { WEEKDAY_LABELS, type HolidayRow, type RegularRow } from './entry-form.js';

const focusSoon = (name: string) => setTimeout(() => document.getElementById(fieldId(name))?.focus(), 0);

function describeKept(s: NonNullable<RegularRow['kept']>): string {
  const when = s.freq === 'MONTHLY' ? `Monthly${s.byday ? ` on ${s.byday}` : ''}${s.bymonthday ? ` on day ${s.bymonthday}` : ''}` : `${s.interval && s.interval > 1 ? `Every ${s.interval} weeks` : 'Weekly'}${s.byday ? ` on ${s.byday}` : ''}`;
  const dates = [s.valid_from ? `from ${s.valid_from}` : '', s.valid_to ? `to ${s.valid_to}` : ''].filter(Boolean).join(' ');
  return `${when}, ${s.opens_at.slice(0, 5)} to ${s.closes_at.slice(0, 5)}${dates ? ` (${dates})` : ''}`;
}

/** Weekly opening times: rows of weekday boxes with opening and closing times. */
export function RegularEditor({ rows, onChange, errors }: { rows: RegularRow[]; onChange: (rows: RegularRow[]) => void; errors: Record<string, string> }) {
  const setRow = (i: number, row: RegularRow) => onChange(rows.map((r, j) => (j === i ? row : r)));
  return (
    <Fieldset name="regular" legend="Regular opening times" legendClass="nhsuk-fieldset__legend--m" hint="Times past midnight are fine: opens 22:00, closes 02:00 is an overnight opening. Opens and closes at 00:00 means 24 hours." error={errors.regular}>
      {rows.length === 0 && <p>No opening times yet.</p>}
      {rows.map((row, i) => {
        const n = i + 1;
        return (
          <div className="app-dir-row" key={i}>
            {row.kept ? (
              <Fieldset name={`regular.${i}`} legend={`Opening times ${n}`} error={errors[`regular.${i}`] ?? errors[`regular.${i}.days`]}>
                <p>{describeKept(row.kept)}</p>
                <p className="nhsuk-hint">These hours came from an imported file and cannot be changed here. Remove them and add weekly times instead if they are wrong.</p>
              </Fieldset>
            ) : (
              <>
                <Fieldset name={`regular.${i}.days`} legend={`Opening times ${n}: days`} error={errors[`regular.${i}.days`] ?? errors[`regular.${i}`]}>
                  <div className="nhsuk-checkboxes nhsuk-checkboxes--small app-dir-days">
                    {WEEKDAY_CODES.map((d) => (
                      <Checkbox
                        key={d}
                        name={`regular.${i}.day.${d}`}
                        label={WEEKDAY_LABELS[d]}
                        checked={row.days.includes(d)}
                        onChange={(on) => setRow(i, { ...row, days: WEEKDAY_CODES.filter((x) => (x === d ? on : row.days.includes(x))) })}
                      />
                    ))}
                  </div>
                </Fieldset>
                <div className="app-period">
                  <TextField name={`regular.${i}.opens`} label={<>Opens<span className="nhsuk-u-visually-hidden"> (opening times {n})</span></>} hint="Like 09:30" width={5} inputMode="numeric" value={row.opens} onChange={(opens) => setRow(i, { ...row, opens })} error={errors[`regular.${i}.opens`]} />
                  <TextField name={`regular.${i}.closes`} label={<>Closes<span className="nhsuk-u-visually-hidden"> (opening times {n})</span></>} hint="Like 17:00" width={5} inputMode="numeric" value={row.closes} onChange={(closes) => setRow(i, { ...row, closes })} error={errors[`regular.${i}.closes`]} />
                </div>
              </>
            )}
            <button type="button" className="app-link-button nhsuk-u-margin-bottom-4" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
              Remove<span className="nhsuk-u-visually-hidden"> opening times {n}</span>
            </button>
          </div>
        );
      })}
      <div className="app-actions">
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
          onClick={() => {
            onChange([...rows, { description: '', days: [], opens: '', closes: '' }]);
            focusSoon(`regular.${rows.length}.day.MO`);
          }}
        >
          Add opening times
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => onChange([{ description: '', days: [...WEEKDAY_CODES], opens: '00:00', closes: '00:00' }])}>
          Open 24 hours, every day
        </button>
      </div>
    </Fieldset>
  );
}

/** Holiday and special dates: closed, or open at special hours, from one date to another. */
export function HolidayEditor({ rows, onChange, errors }: { rows: HolidayRow[]; onChange: (rows: HolidayRow[]) => void; errors: Record<string, string> }) {
  const setRow = (i: number, row: HolidayRow) => onChange(rows.map((r, j) => (j === i ? row : r)));
  return (
    <Fieldset name="holidays" legend="Holidays and special dates" legendClass="nhsuk-fieldset__legend--m" hint="Days that are different from the regular times, like Christmas. These win over the regular times and bank holidays." error={errors.holidays}>
      {rows.length === 0 && <p>No special dates.</p>}
      {rows.map((row, i) => {
        const n = i + 1;
        return (
          <div className="app-dir-row" key={i}>
            <Fieldset name={`holidays.${i}`} legend={`Special dates ${n}`} error={errors[`holidays.${i}`]}>
              <div className="app-period">
                <TextField name={`holidays.${i}.start`} label={<>From<span className="nhsuk-u-visually-hidden"> (special dates {n})</span></>} hint="Like 2026-12-25" width={10} value={row.start} onChange={(start) => setRow(i, { ...row, start })} error={errors[`holidays.${i}.start`]} />
                <TextField name={`holidays.${i}.end`} label={<>To (optional)<span className="nhsuk-u-visually-hidden"> (special dates {n})</span></>} hint="Empty for one day" width={10} value={row.end} onChange={(end) => setRow(i, { ...row, end })} error={errors[`holidays.${i}.end`]} />
              </div>
              <Fieldset name={`holidays.${i}.closed`} legend={<>On these days<span className="nhsuk-u-visually-hidden"> (special dates {n})</span></>} error={errors[`holidays.${i}.closed`]}>
                <Radios
                  name={`holidays.${i}.mode`}
                  inline
                  value={row.closed ? 'closed' : 'open'}
                  onChange={(v) => setRow(i, { ...row, closed: v === 'closed' })}
                  options={[
                    { value: 'closed', label: 'Closed' },
                    { value: 'open', label: 'Open at special times' },
                  ]}
                />
              </Fieldset>
              {!row.closed && (
                <div className="app-period">
                  <TextField name={`holidays.${i}.opens`} label={<>Opens<span className="nhsuk-u-visually-hidden"> (special dates {n})</span></>} hint="Like 10:00" width={5} inputMode="numeric" value={row.opens} onChange={(opens) => setRow(i, { ...row, opens })} error={errors[`holidays.${i}.opens`]} />
                  <TextField name={`holidays.${i}.closes`} label={<>Closes<span className="nhsuk-u-visually-hidden"> (special dates {n})</span></>} hint="Like 14:00" width={5} inputMode="numeric" value={row.closes} onChange={(closes) => setRow(i, { ...row, closes })} error={errors[`holidays.${i}.closes`]} />
                </div>
              )}
            </Fieldset>
            <button type="button" className="app-link-button nhsuk-u-margin-bottom-4" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
              Remove<span className="nhsuk-u-visually-hidden"> special dates {n}</span>
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
        onClick={() => {
          onChange([...rows, { start: '', end: '', closed: true, opens: '', closes: '' }]);
          focusSoon(`holidays.${rows.length}.start`);
        }}
      >
        Add special dates
      </button>
    </Fieldset>
  );
}
