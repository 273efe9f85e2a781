import { describe, expect, it } from 'vitest';
import { alertChannelFor, deliveryChannels, formatUkMobile, normaliseUkMobile } from './uk-mobile.js';

describe('UK mobile numbers', () => {
  it('accepts the ways people write a UK mobile and stores E.164', () => {
    for (const typed of ['07700 900123', '07700900123', '07700-900-123', '(07700) 900123', '+44 7700 900123', '+44 (0)7700 900123', '0044 7700 900123', '447700900123', ' 07700 900 123 ', '07700.900.123']) {
      expect(normaliseUkMobile(typed), typed).toBe('+447700900123');
    }
    expect(normaliseUkMobile('07624 123456')).toBe('+447624123456');
    expect(normaliseUkMobile('07912345678')).toBe('+447912345678');
  });

  it('refuses landlines, pagers, personal numbers, foreign numbers and the wrong length', () => {
    for (const bad of ['0113 496 0000', '020 7946 0000', '07000 123456', '07600 123456', '0770090012', '077009001234', '+33 6 12 34 56 78', '+1 202 555 0123', '7700900123', '447700900', '+44 1632 960000', '0800 123 4567', '999', '']) {
      expect(normaliseUkMobile(bad), bad).toBeNull();
    }
  });

  it('refuses hostile input without trying hard', () => {
    for (const bad of ['<script>alert(1)</script>', '07700 900123<script>', "07700900123' or 1=1 --", '07700 900123\u0000', '０７７００９００１２３', '٠٧٧٠٠٩٠٠١٢٣', '+44 7700 900123 ext 4', '7'.repeat(10_000), '07700 900123'.repeat(3)]) {
      expect(normaliseUkMobile(bad), bad.slice(0, 40)).toBeNull();
    }
  });

  it('shows a stored number as people in the UK write it', () => {
    expect(formatUkMobile('+447700900123')).toBe('07700 900123');
    expect(formatUkMobile('something else')).toBe('something else');
  });
});

describe('how alerts reach someone', () => {
  it('defaults to text with a number and email without; text needs a number', () => {
    expect(alertChannelFor('+447700900123', undefined)).toBe('sms');
    expect(alertChannelFor('+447700900123', 'both')).toBe('both');
    expect(alertChannelFor('+447700900123', 'email')).toBe('email');
    expect(alertChannelFor(null, undefined)).toBe('email');
    expect(alertChannelFor(null, 'email')).toBe('email');
    expect(alertChannelFor(null, 'sms')).toBeNull();
    expect(alertChannelFor(null, 'both')).toBeNull();
  });

  it('sends by the choice, and never by text without a number', () => {
    expect(deliveryChannels('+447700900123', 'sms')).toEqual(['sms']);
    expect(deliveryChannels('+447700900123', 'both')).toEqual(['sms', 'email']);
    expect(deliveryChannels('+447700900123', 'email')).toEqual(['email']);
    expect(deliveryChannels('+447700900123', null)).toEqual(['sms']);
    expect(deliveryChannels(null, 'sms')).toEqual(['email']);
    expect(deliveryChannels(null, null)).toEqual(['email']);
  });
});
