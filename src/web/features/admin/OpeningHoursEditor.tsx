import { fieldId } from '../../api/errors.js';
import { Checkbox, Fieldset, Radios, TextField } from '../../ui/fields.js';
import { DAY_LABELS, DAYS, type Day, type OpeningHoursForm } from './opening-hours-form.js';

/** 24/7, or opening times per day (overnight periods allowed), and whether it opens on bank holidays. */
export function OpeningHoursEditor({ value, onChange, errors }: { value: OpeningHoursForm; onChange: (next: OpeningHoursForm) => void; errors: Record<string, string> }) {
  const setDay = (day: Day, periods: OpeningHoursForm['days'][Day]) => onChange({ ...value, days: { ...value.days, [day]: periods } });

  return (
    <Fieldset name="hours" legend="Opening hours" legendClass="nhsuk-fieldset__legend--m" error={errors.hours}>
      <Radios
        name="hours-mode"
        value={value.mode}
        onChange={(mode) => onChange({ ...value, mode: mode as OpeningHoursForm['mode'] })}
        options={[
          { value: 'always', label: 'Open 24 hours, every day' },
          { value: 'periods', label: 'Open at set times', hint: 'Times past midnight are fine: 20:00 to 02:00 is an overnight opening.' },
        ]}
      />
      {value.mode === 'periods' && (
        <div className="nhsuk-u-margin-top-4">
          {DAYS.map((day) => {
            const periods = value.days[day];
            return (
              <Fieldset key={day} name={`hours.${day}`} legend={DAY_LABELS[day]} error={errors[`hours.${day}`]}>
                {periods.length === 0 && <p className="nhsuk-body-s">Closed</p>}
                {periods.map((p, i) => (
                  <div className="app-period" key={i}>
                    <TextField
                      name={`hours.${day}.${i}.opens`}
                      label={<>Opens<span className="nhsuk-u-visually-hidden"> ({DAY_LABELS[day]}, time {i + 1})</span></>}
                      hint="Like 09:30"
                      width={5}
                      inputMode="numeric"
                      value={p.opens}
                      onChange={(opens) => setDay(day, periods.map((q, j) => (j === i ? { ...q, opens } : q)))}
                      error={errors[`hours.${day}.${i}.opens`]}
                    />
                    <TextField
                      name={`hours.${day}.${i}.closes`}
                      label={<>Closes<span className="nhsuk-u-visually-hidden"> ({DAY_LABELS[day]}, time {i + 1})</span></>}
                      hint="Like 17:00"
                      width={5}
                      inputMode="numeric"
                      value={p.closes}
                      onChange={(closes) => setDay(day, periods.map((q, j) => (j === i ? { ...q, closes } : q)))}
                      error={errors[`hours.${day}.${i}.closes`]}
                    />
                    <button type="button" className="app-link-button nhsuk-u-margin-bottom-3" onClick={() => setDay(day, periods.filter((_, j) => j !== i))}>
                      Remove<span className="nhsuk-u-visually-hidden"> {DAY_LABELS[day]} time {i + 1}</span>
                    </button>
                  </div>
                ))}
                {periods.length < 4 && (
                  <button
                    type="button"
                    className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                    onClick={() => {
                      setDay(day, [...periods, { opens: '', closes: '' }]);
                      // Put the person in the new field once it exists.
                      setTimeout(() => document.getElementById(fieldId(`hours.${day}.${periods.length}.opens`))?.focus(), 0);
                    }}
                  >
                    Add {periods.length ? 'another' : 'an'} opening time<span className="nhsuk-u-visually-hidden"> for {DAY_LABELS[day]}</span>
                  </button>
                )}
                {day === 'monday' && periods.length > 0 && (
                  <button
                    type="button"
                    className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-left-2"
                    onClick={() => onChange({ ...value, days: Object.fromEntries(DAYS.map((d) => [d, periods.map((q) => ({ ...q }))])) as OpeningHoursForm['days'] })}
                  >
                    Use Monday’s times every day
                  </button>
                )}
              </Fieldset>
            );
          })}
          <div className="nhsuk-checkboxes">
            <Checkbox name="hours-open365" label="Open every day of the year, bank holidays included" checked={value.open365} onChange={(open365) => onChange({ ...value, open365 })} />
          </div>
        </div>
      )}
    </Fieldset>
  );
}
