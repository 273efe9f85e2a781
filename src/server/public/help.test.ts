import { fleschKincaid } from 'flesch-kincaid';
import { syllable } from 'syllable';
import { describe, expect, it } from 'vitest';
import { describeHours, describeOpening, schedulesFromOpeningHours, todaysHours } from '../../shared/directory/schedules.js';
import { alwaysOpen, everyDay, type OpeningHours } from '../../shared/opening-hours.js';
import { checkFormToken, FORM_MAX_MS, FORM_MIN_MS, issueFormToken } from './form-token.js';
import { openNow, todayOf } from './hours.js';
import { LANGS, TEXTS } from './i18n/index.js';
import { en } from './i18n/en.js';
import type { HelpText } from './i18n/types.js';
import { parseCallbackForm } from './rules.js';
import { offlinePage, SERVICE_WORKER } from './service-worker.js';

/** Every piece of English prose on the public pages: fixed words and the sentences built from data. */
function englishProse(text: HelpText): string[] {
  const fixed: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') fixed.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  const { lang: _lang, dir: _dir, name: _name, review: _review, ...words } = text;
  walk(words);
  const built = [text.ages(16), text.under16Named('the young people’s crisis line'), text.callUs('0300 555 0100'), text.website('Money Advice')];
  // Sentences only: labels and headings are too short to measure.
  return [...fixed, ...built].filter((s) => /[.?!]$/.test(s.trim()));
}

function readingGrade(sentences: string[]): { grade: number; longest: string } {
  let sentence = 0;
  let word = 0;
  let syllables = 0;
  let longest = '';
  for (const text of sentences) {
    for (const s of text.split(/(?<=[.?!])\s+/).filter(Boolean)) {
      const words = s.split(/\s+/).map((w) => w.replace(/[^A-Za-z0-9'’&]/g, '')).filter(Boolean);
      sentence += 1;
      word += words.length;
      // Numbers are read as their digits in groups ("116 123"): one syllable per group is enough to count them.
      syllables += words.reduce((n, w) => n + (/^\d+$/.test(w) ? 1 : Math.max(1, syllable(w))), 0);
      if (words.length > longest.split(' ').length) longest = s;
    }
  }
  return { grade: fleschKincaid({ sentence, word, syllable: syllables }), longest };
}

describe('the English on the help pages', () => {
  it('reads at about age 9 (Flesch-Kincaid grade 4 or below: US grade + 5 = reading age)', () => {
    const { grade, longest } = readingGrade(englishProse(en));
    console.info(`help page English: Flesch-Kincaid grade ${grade.toFixed(1)} (reading age about ${Math.round(grade + 5)})`);
    expect(grade).toBeLessThanOrEqual(4);
    // And no sentence runs on.
    expect(longest.split(' ').length, longest).toBeLessThanOrEqual(20);
  });

  it('the check would catch hard text', () => {
    const { grade } = readingGrade(['Individuals experiencing psychological deterioration should immediately contact emergency telecommunication services.']);
    expect(grade).toBeGreaterThan(9);
  });

  it('says the hours exactly as shared/directory/schedules.ts does, across days, nights and clock changes', () => {
    const overnight: OpeningHours = { ...everyDay('22:00', '02:00'), open365: false };
    const haven = everyDay('16:00', '00:00');
    const weekdays: OpeningHours = { ...everyDay('10:00', '18:00'), open365: false, weekly: { ...everyDay('10:00', '18:00').weekly, saturday: [], sunday: [] } };
    const instants = [
      '2026-11-26T12:00:00Z', '2026-11-26T17:00:00Z', '2026-11-26T23:59:00Z', '2026-11-28T12:00:00Z', '2026-12-25T12:00:00Z',
      '2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', '2026-07-01T23:30:00Z', '2026-08-31T09:00:00Z',
    ];
    for (const hours of [haven, overnight, weekdays, alwaysOpen()]) {
      const schedules = schedulesFromOpeningHours(hours);
      for (const at of instants) {
        const now = new Date(at);
        expect(en.openNow(openNow(schedules, now)), at).toBe(describeOpening(schedules, now));
        expect(en.hoursToday(todayOf(todaysHours(schedules, now))), at).toBe(describeHours(todaysHours(schedules, now)));
      }
    }
  });
});

describe('the translations', () => {
  const keysOf = (text: HelpText) => Object.keys(text).sort();

  it('have every piece English has, none left empty', () => {
    for (const lang of LANGS) {
      const text = TEXTS[lang];
      expect(keysOf(text), lang).toEqual(keysOf(en));
      const empty: string[] = [];
      const walk = (value: unknown, path: string) => {
        if (typeof value === 'string' && value.trim() === '') empty.push(path);
        else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => walk(v, `${path}.${k}`));
      };
      walk(text, lang);
      expect(empty).toEqual([]);
    }
  });

  it('other than English, are marked as awaiting review, in their own language and in English', () => {
    expect(en.review).toBeNull();
    for (const lang of LANGS.filter((l) => l !== 'en')) {
      const review = TEXTS[lang].review;
      expect(review?.english, lang).toBe('This translation is waiting to be checked by native speakers from our community.');
      expect(review?.own.length, lang).toBeGreaterThan(20);
      expect(review?.own, lang).not.toBe(review?.english);
    }
    expect(TEXTS.ur.dir).toBe('rtl');
    expect(TEXTS.pl.dir).toBe('ltr');
  });

  it('keep the national numbers', () => {
    for (const lang of LANGS) {
      const text = TEXTS[lang];
      expect(text.dangerText, lang).toContain('999');
      expect(text.nhs111, lang).toContain('111');
      expect(text.nhs111, lang).toContain('2');
      expect(text.samaritans, lang).toContain('116 123');
      expect(text.shout, lang).toContain('85258');
      expect(text.shout, lang).toContain('SHOUT');
    }
  });
});

describe('the form token', () => {
  const key = 'a-secret-key-that-is-long-enough-0000000';
  const t0 = Date.parse('2026-11-26T12:00:00Z');
  const token = issueFormToken(key, 'service-a', t0);

  it('is accepted after a person could have filled the form in, and before it is too old', () => {
    expect(checkFormToken(key, 'service-a', token, t0 + FORM_MIN_MS)).toBe('ok');
    expect(checkFormToken(key, 'service-a', token, t0 + FORM_MAX_MS)).toBe('ok');
  });

  it('refuses too quick, too old, missing, forged, altered, or for another service', () => {
    expect(checkFormToken(key, 'service-a', token, t0 + FORM_MIN_MS - 1)).toBe('too_fast');
    expect(checkFormToken(key, 'service-a', token, t0 + FORM_MAX_MS + 1)).toBe('expired');
    expect(checkFormToken(key, 'service-a', undefined, t0 + 10_000)).toBe('missing');
    expect(checkFormToken(key, 'service-b', token, t0 + 10_000)).toBe('invalid');
    expect(checkFormToken('another-key-that-is-long-enough-00000000', 'service-a', token, t0 + 10_000)).toBe('invalid');
    // Made earlier by changing the time: the signature no longer fits.
    const [, sig] = token.split('.');
    expect(checkFormToken(key, 'service-a', `${(t0 - 60_000).toString(36)}.${sig}`, t0 + 10_000)).toBe('invalid');
    expect(checkFormToken(key, 'service-a', 'nonsense', t0)).toBe('invalid');
    // Issued in the future (beyond clock differences).
    expect(checkFormToken(key, 'service-a', issueFormToken(key, 'service-a', t0 + 3_600_000), t0)).toBe('invalid');
  });
});

describe('reading the form', () => {
  const form = (fields: Record<string, string> | string) => parseCallbackForm(new URLSearchParams(fields));

  it('keeps what was written, tidied: spaces squeezed in one-line fields, new lines kept in the message, control characters dropped', () => {
    const parsed = form({ name: '  Jo \t Bloggs ', reach: '07700\u0000 900123', time: '', message: ' line one\r\nline two\u0007 ', token: 't', lang: 'ur' });
    expect(parsed.values).toEqual({ name: 'Jo Bloggs', reach: '07700 900123', time: '', message: 'line one\nline two' });
    expect(parsed.problems).toEqual({});
    expect(parsed).toMatchObject({ token: 't', lang: 'ur', honeypot: false, malformed: false });
  });

  it('says what is missing or too long, counting characters as people do', () => {
    expect(form({ name: '', reach: ' ' }).problems).toEqual({ name: 'required', reach: 'required' });
    expect(form({ name: 'x'.repeat(61), reach: '12' }).problems).toEqual({ name: 'too_long', reach: 'too_short' });
    // 60 emoji are 60 characters, though 120 UTF-16 units.
    expect(form({ name: '🙂'.repeat(60), reach: '07700 900123' }).problems).toEqual({});
    expect(form({ name: 'a', reach: 'b@c.d', message: 'm'.repeat(1001) }).problems).toEqual({ message: 'too_long' });
  });

  it('notices the honeypot, unknown fields and fields sent twice', () => {
    expect(form({ name: 'a', reach: 'abc', website: 'x' }).honeypot).toBe(true);
    expect(form({ name: 'a', reach: 'abc', admin: '1' }).malformed).toBe(true);
    expect(form('name=a&name=b&reach=abc').malformed).toBe(true);
  });
});

describe('the page the service worker shows when the form goes with no signal', () => {
  it('is in each language, right to left for Urdu, with the numbers to call, and travels in the worker', () => {
    for (const lang of LANGS) {
      const html = offlinePage(TEXTS[lang]);
      expect(html).toContain(`<html lang="${lang}" dir="${TEXTS[lang].dir}">`);
      expect(html).toContain(`<h1>${TEXTS[lang].offline.heading}</h1>`);
      if (lang === 'ur') expect(html).toContain('<bdi dir="ltr">116 123</bdi>');
      for (const number of ['tel:999', 'tel:111', 'tel:116123']) expect(html).toContain(`href="${number}"`);
      expect(html).not.toMatch(/<script|<style|https?:/);
      expect(SERVICE_WORKER).toContain(JSON.stringify(html).slice(1, -1));
    }
    expect(offlinePage(TEXTS.ur)).toContain(TEXTS.ur.review!.english);
    expect(offlinePage(TEXTS.en)).not.toContain(TEXTS.ur.review!.english);
  });
});
