import { describe, expect, it } from 'vitest';
import { ApiError, fieldErrorsFromApi, fieldId, formErrorsFrom, formErrorsFromChecks, messageFor } from './errors.js';

describe('error mapping', () => {
  it('maps server field paths to form names, renaming prefixes, in the order of the form', () => {
    const fields = fieldErrorsFromApi(
      { 'openingHours.weekly.monday.0.opens': 'Use the 24-hour clock', slug: 'Already used', name: 'Enter a name' },
      ['name', 'slug', 'hours'],
      { 'openingHours.weekly.': 'hours.' },
    );
    expect(Object.entries(fields)).toEqual([
      ['name', 'Enter a name'],
      ['slug', 'Already used'],
      ['hours.monday.0.opens', 'Use the 24-hour clock'],
    ]);
  });

  it('links each summary entry to the input with the matching id', () => {
    const errors = formErrorsFrom(new ApiError(400, { code: 'invalid_input', message: 'Check the fields', fields: { 'memberships.0.role': 'Choose a role' } }));
    expect(errors.summary).toEqual([{ href: `#${fieldId('memberships.0.role')}`, text: 'Choose a role' }]);
    expect(fieldId('memberships.0.role')).toBe('field-memberships-0-role');
    expect(errors.fields['memberships.0.role']).toBe('Choose a role');
  });

  it('falls back to the server message when there are no fields, and to kind words for server failures', () => {
    expect(formErrorsFrom(new ApiError(409, { code: 'conflict', message: 'That web address name is taken.' })).summary).toEqual([{ text: 'That web address name is taken.' }]);
    expect(messageFor(new ApiError(500, { code: 'server_error', message: 'stack trace here' }))).toMatch(/on our side/);
    expect(messageFor(new ApiError(0, { code: 'offline', message: '' }))).toMatch(/connection/);
    expect(messageFor(new TypeError('boom'))).toMatch(/on our side/);
  });

  it('builds client-side errors only from failed checks', () => {
    const errors = formErrorsFromChecks({ email: 'Enter your email address', password: false, totp: undefined });
    expect(errors.summary).toEqual([{ href: '#field-email', text: 'Enter your email address' }]);
    expect(errors.fields).toEqual({ email: 'Enter your email address' });
  });
});
