import { describe, expect, it } from 'vitest';
import { ServiceCreate, UserInvite } from '../../../shared/admin.js';
import { capabilitiesFor } from '../home/capabilities.js';
import { safeNext } from '../auth/SignIn.js';
import { membershipsFromRows } from './memberships.js';
import { newServiceForm, serviceBodyFromForm, slugFrom } from './service-form.js';

describe('service form', () => {
  it('builds a body the server contract accepts', () => {
    const form = { ...newServiceForm(), name: ' North Safe Haven ', slug: 'north-safe-haven', area: 'Leeds' };
    const result = serviceBodyFromForm(form);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.name).toBe('North Safe Haven');
      expect(ServiceCreate.safeParse(result.value).success).toBe(true);
    }
  });

  it('reports every missing field at once', () => {
    const result = serviceBodyFromForm({ ...newServiceForm(), sessionLimit: '0' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['area', 'name', 'sessionLimit', 'slug']);
  });

  it('suggests a web address name from the service name', () => {
    expect(slugFrom('St Mary’s Crisis Café')).toBe('st-marys-crisis-cafe');
  });
});

describe('role rows', () => {
  it('sends organisation-wide roles without a service and insists on a service for the rest', () => {
    const ok = membershipsFromRows([
      { role: 'org_admin', serviceId: 'ignored' },
      { role: 'peer_worker', serviceId: '0190a0a0-0000-7000-8000-000000000001' },
    ]);
    expect(ok).toEqual({ ok: true, value: [{ role: 'org_admin', serviceId: null }, { role: 'peer_worker', serviceId: '0190a0a0-0000-7000-8000-000000000001' }] });
    if (ok.ok) expect(UserInvite.safeParse({ email: 'a@example.org', displayName: 'A', memberships: ok.value }).success).toBe(true);
    const bad = membershipsFromRows([{ role: 'shift_lead', serviceId: '' }, { role: '', serviceId: '' }]);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(['memberships.0.serviceId', 'memberships.1.role']);
  });
});

describe('home and sign-in helpers', () => {
  it('shows commissioners only reports, and admins administration first', () => {
    expect(capabilitiesFor(new Set(['commissioner'])).map((c) => c.key)).toEqual(['reports']);
    expect(capabilitiesFor(new Set(['org_admin']))[0]?.key).toBe('admin');
    expect(capabilitiesFor(new Set(['peer_worker'])).some((c) => c.key === 'admin')).toBe(false);
  });

  it('only returns to paths inside the app after sign-in', () => {
    expect(safeNext('/admin/users')).toBe('/admin/users');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
