import { describe, expect, it } from 'vitest';
import { capabilitiesFor } from './capabilities.js';

describe('what the home page offers', () => {
  it('a crisis responder sees only their wellbeing', () => {
    expect(capabilitiesFor(new Set(['crisis_responder'])).map((c) => c.key)).toEqual(['wellbeing']);
  });

  it('every staff role but commissioners can open their wellbeing', () => {
    for (const role of ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager', 'clinical_partner', 'org_admin'] as const) {
      expect(capabilitiesFor(new Set([role])).find((c) => c.key === 'wellbeing')?.to, role).toBe('/wellbeing');
    }
    expect(capabilitiesFor(new Set(['commissioner'])).some((c) => c.key === 'wellbeing')).toBe(false);
  });
});
