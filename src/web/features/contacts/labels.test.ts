import { describe, expect, it } from 'vitest';
import * as shared from '../../../shared/contacts.js';
import * as local from './labels.js';

describe('contact labels kept beside the web screens', () => {
  it('use the same codes and words as the shared contract', () => {
    expect(local.CONTACT_KINDS).toEqual(shared.CONTACT_KINDS);
    expect(local.REFERRAL_SOURCES).toEqual(shared.REFERRAL_SOURCES);
    expect(local.CONTACT_OUTCOMES).toEqual(shared.CONTACT_OUTCOMES);
    expect(local.OTHERWISE_WOULD_HAVE).toEqual(shared.OTHERWISE_WOULD_HAVE);
    expect(local.CALLBACK_STATUSES).toEqual(shared.CALLBACK_STATUSES);
    expect(local.CONTACT_KIND_LABELS).toEqual(shared.CONTACT_KIND_LABELS);
    expect(local.REFERRAL_SOURCE_LABELS).toEqual(shared.REFERRAL_SOURCE_LABELS);
    expect(local.CONTACT_OUTCOME_LABELS).toEqual(shared.CONTACT_OUTCOME_LABELS);
    expect(local.OTHERWISE_WOULD_HAVE_LABELS).toEqual(shared.OTHERWISE_WOULD_HAVE_LABELS);
    expect(local.CALLBACK_STATUS_LABELS).toEqual(shared.CALLBACK_STATUS_LABELS);
  });

  it('turns codes into options in order', () => {
    expect(local.optionsOf(local.CONTACT_KINDS, local.CONTACT_KIND_LABELS)[0]).toEqual({ value: 'walk_in', label: 'Walked in' });
  });
});
