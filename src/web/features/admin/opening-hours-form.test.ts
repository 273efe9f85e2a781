import { describe, expect, it } from 'vitest';
import { OpeningHours, alwaysOpen, everyDay } from '../../../shared/opening-hours.js';
import { describeOpeningHours, emptyDays, formFromOpeningHours, normaliseTime, openingHoursFromForm, type OpeningHoursForm } from './opening-hours-form.js';

const periodsForm = (days: Partial<OpeningHoursForm['days']>, open365 = false): OpeningHoursForm => ({ mode: 'periods', open365, days: { ...emptyDays(), ...days } });

describe('opening hours editor conversion', () => {
  it('round-trips every-day hours through the form unchanged, and the result satisfies the shared schema', () => {
    const hours = everyDay('18:00', '23:00');
    const result = openingHoursFromForm(formFromOpeningHours(hours));
    expect(result).toEqual({ ok: true, value: hours });
    if (result.ok) expect(OpeningHours.safeParse(result.value).success).toBe(true);
  });

  it('turns "open 24 hours" into open247 with no periods, whatever periods were typed before', () => {
    const form: OpeningHoursForm = { ...periodsForm({ monday: [{ opens: '09:00', closes: '17:00' }] }), mode: 'always' };
    expect(openingHoursFromForm(form)).toEqual({ ok: true, value: alwaysOpen() });
  });

  it('keeps overnight periods and tidies times typed loosely', () => {
    const result = openingHoursFromForm(periodsForm({ friday: [{ opens: '20.00', closes: '2:30' }] }, true));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.weekly.friday).toEqual([{ opens: '20:00', closes: '02:30' }]);
      expect(result.value.weekly.monday).toEqual([]);
      expect(result.value.open365).toBe(true);
      expect(describeOpeningHours(result.value)).toBe('Friday 20:00 to 02:30 (overnight). Open on bank holidays too');
    }
  });

  it('names the exact field of each bad time, and asks for at least one period', () => {
    const bad = openingHoursFromForm(periodsForm({ tuesday: [{ opens: '25:00', closes: '17:00' }, { opens: '10:00', closes: '10:00' }] }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(Object.keys(bad.errors).sort()).toEqual(['hours.tuesday.0.opens', 'hours.tuesday.1.closes']);
      expect(bad.errors['hours.tuesday.0.opens']).toContain('Tuesday');
    }
    const none = openingHoursFromForm(periodsForm({}));
    expect(none).toEqual({ ok: false, errors: { hours: expect.stringContaining('at least one') } });
  });

  it('normalises the usual ways people type times', () => {
    expect(normaliseTime('930')).toBe('09:30');
    expect(normaliseTime(' 9:05 ')).toBe('09:05');
    expect(normaliseTime('1730')).toBe('17:30');
    expect(normaliseTime('half nine')).toBe('half nine');
  });

  it('describes a service that is always open', () => {
    expect(describeOpeningHours(alwaysOpen())).toBe('Open 24 hours, every day');
  });
});
