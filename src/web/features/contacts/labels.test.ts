import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as local from './labels.js';

describe('contact labels for the web screens', () => {
  it('come from a shared file that does not pull zod into the web chunks', () => {
    const source = readFileSync(new URL('../../../shared/contact-codes.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/from ['"]zod['"]/);
    expect(source).not.toMatch(/^import /m);
  });

  it('have plain words for every code', () => {
    for (const [codes, labels] of [
      [local.CONTACT_KINDS, local.CONTACT_KIND_LABELS],
      [local.REFERRAL_SOURCES, local.REFERRAL_SOURCE_LABELS],
      [local.CONTACT_OUTCOMES, local.CONTACT_OUTCOME_LABELS],
      [local.OTHERWISE_WOULD_HAVE, local.OTHERWISE_WOULD_HAVE_LABELS],
      [local.CALLBACK_STATUSES, local.CALLBACK_STATUS_LABELS],
    ] as const) {
      for (const code of codes) expect((labels as Record<string, string>)[code], code).toMatch(/^[A-Z]/);
    }
  });

  it('turns codes into options in order', () => {
    expect(local.optionsOf(local.CONTACT_KINDS, local.CONTACT_KIND_LABELS)[0]).toEqual({ value: 'walk_in', label: 'Walked in' });
  });
});
