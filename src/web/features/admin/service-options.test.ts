import { describe, expect, it } from 'vitest';
import { serviceOptionsFor } from './memberships.js';

const services = [
  { id: 'h', name: 'The Harbour', type: 'safe_haven' },
  { id: 'c', name: 'Crew Room', type: 'staff_peer_support' },
  { id: 'old', name: 'Closed haven', type: 'safe_haven', archived: true },
];

describe('services a role can be given in', () => {
  it('offers a crisis responder only peer support services for crisis staff', () => {
    expect(serviceOptionsFor('crisis_responder', services).map((o) => o.value)).toEqual(['', 'c']);
    expect(serviceOptionsFor('crisis_responder', services.slice(0, 1))).toEqual([{ value: '', label: 'No peer support service for crisis staff yet' }]);
  });

  it('offers every other role every open service', () => {
    expect(serviceOptionsFor('peer_worker', services).map((o) => o.value)).toEqual(['', 'h', 'c']);
    expect(serviceOptionsFor('', services).map((o) => o.label)).toEqual(['Choose a service', 'The Harbour', 'Crew Room']);
  });
});
