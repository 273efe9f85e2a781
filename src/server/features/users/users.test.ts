import { describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../../db/versioned.js';
import { staffScope } from './service.js';

describe('staffScope', () => {
  it('gives administrators every service', () => {
    expect(staffScope({ memberships: [{ role: 'org_admin', service_id: null }] as never })).toMatchObject({ isAdmin: true, allServices: true });
  });

  it('gives a service manager only the services they manage', () => {
    const scope = staffScope({ memberships: [{ role: 'service_manager', service_id: 'a' }, { role: 'peer_worker', service_id: 'b' }] as never });
    expect(scope.isAdmin).toBe(false);
    expect(scope.allServices).toBe(false);
    expect([...scope.managedServiceIds]).toEqual(['a']);
  });
});

describe('isUniqueViolation', () => {
  it('recognises both engines’ unique-constraint errors and nothing else', () => {
    expect(isUniqueViolation({ code: '23505' })).toBe(true);
    expect(isUniqueViolation({ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: users.email' })).toBe(true);
    expect(isUniqueViolation({ code: '23503' })).toBe(false);
    expect(isUniqueViolation(new Error('boom'))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });
});
