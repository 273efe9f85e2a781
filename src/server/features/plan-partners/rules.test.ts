import { describe, expect, it } from 'vitest';
import { BreakGlassCreate } from '../../../shared/plan-partners.js';
import { breakGlassEmail, fullNameMatches, grantExpiry, grantIsActive, sectionsOf, shareIsActive, visibleContent } from './rules.js';
import { everySection } from './test-factory.js';

describe('partner and emergency access rules', () => {
  const now = '2026-11-26T12:00:00.000Z';

  it('a share is active only when not revoked, started and not ended', () => {
    const share = { revoked_at: null, starts_at: '2026-11-01T00:00:00.000Z', ends_at: '2026-12-01T00:00:00.000Z' };
    expect(shareIsActive(share, now)).toBe(true);
    expect(shareIsActive({ ...share, revoked_at: '2026-11-26T11:59:59.000Z' }, now)).toBe(false);
    expect(shareIsActive({ ...share, starts_at: '2026-11-26T12:00:00.001Z' }, now)).toBe(false);
    expect(shareIsActive({ ...share, ends_at: now }, now)).toBe(false);
  });

  it('emergency access ends at its expiry, to the millisecond', () => {
    const expires_at = grantExpiry(Date.parse(now), 60 * 60_000);
    expect(expires_at).toBe('2026-11-26T13:00:00.000Z');
    expect(grantIsActive({ expires_at }, '2026-11-26T12:59:59.999Z')).toBe(true);
    expect(grantIsActive({ expires_at }, expires_at)).toBe(false);
  });

  it('reads stored sections in plan order and drops anything unknown', () => {
    expect(sectionsOf('["services","whenWell","nonsense",3]')).toEqual(['whenWell', 'services']);
    expect(sectionsOf('not json')).toEqual([]);
  });

  it('shows only the sections given', () => {
    const content = everySection('0190f5a4-0000-7000-8000-000000000001');
    expect(Object.keys(visibleContent(content, ['mattersMost']))).toEqual(['mattersMost']);
    expect(visibleContent(content, [])).toEqual({});
  });

  it('matches a full name exactly, ignoring only capitals, accents, apostrophes and spacing', () => {
    const person = { preferred_name: 'Alex', full_name: "Alexandra Ó'Briain" };
    expect(fullNameMatches("alexandra o'briain", person)).toBe(true);
    expect(fullNameMatches('  ALEXANDRA   OBRIAIN ', person)).toBe(true);
    expect(fullNameMatches('Alexandra', person)).toBe(false);
    expect(fullNameMatches('Alex', person)).toBe(false);
    expect(fullNameMatches('Alexandra O Brian', person)).toBe(false);
    expect(fullNameMatches('', person)).toBe(false);
    expect(fullNameMatches('Alex', { preferred_name: 'Alex', full_name: null })).toBe(true);
  });

  it('the manager’s email names the service and the review screen, nothing else', () => {
    const { subject, message } = breakGlassEmail('Harbour Safe Haven', 'https://alongside.example.org/app/services/x/break-glass-reviews');
    expect(subject).toContain('Harbour Safe Haven');
    expect(message).toContain('https://alongside.example.org/app/services/x/break-glass-reviews');
  });

  it('asks for a reason of a sentence or more and exactly one way to find the person', () => {
    const reason = 'Brought in by ambulance and unable to talk to us.';
    expect(BreakGlassCreate.safeParse({ nhsNumber: '943 476 5919', reason }).success).toBe(true);
    expect(BreakGlassCreate.safeParse({ fullName: 'Alex Smith', dateOfBirth: '1990-01-01', reason }).success).toBe(true);
    expect(BreakGlassCreate.safeParse({ nhsNumber: '943 476 5919', reason: 'Needed urgently now' }).success).toBe(false);
    expect(BreakGlassCreate.safeParse({ nhsNumber: '943 476 5919', reason: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }).success).toBe(false);
    expect(BreakGlassCreate.safeParse({ fullName: 'Alex Smith', reason }).success).toBe(false);
    expect(BreakGlassCreate.safeParse({ reason }).success).toBe(false);
    expect(BreakGlassCreate.safeParse({ nhsNumber: '943 476 5919', reason, extra: 1 }).success).toBe(false);
  });
});
