import { ORGANISATION_WIDE_ROLES, ROLE_LABELS, ROLES, type Role } from '../../../shared/roles.js';

export interface MembershipRow {
  role: Role | '';
  serviceId: string;
}

/** Checks role rows and builds `{ role, serviceId }` items; organisation-wide roles carry serviceId null. */
export function membershipsFromRows(rows: MembershipRow[]): { ok: true; value: { role: Role; serviceId: string | null }[] } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const value: { role: Role; serviceId: string | null }[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    if (!row.role) {
      errors[`memberships.${i}.role`] = 'Choose a role';
      return;
    }
    const wide = ORGANISATION_WIDE_ROLES.includes(row.role);
    if (!wide && !row.serviceId) {
      errors[`memberships.${i}.serviceId`] = `Choose the service they will be a ${ROLE_LABELS[row.role].toLowerCase()} in`;
      return;
    }
    const item = { role: row.role, serviceId: wide ? null : row.serviceId };
    const id = `${item.role}:${item.serviceId ?? ''}`;
    if (seen.has(id)) errors[`memberships.${i}.role`] = 'This role is listed twice';
    seen.add(id);
    value.push(item);
  });
  if (rows.length === 0) errors.memberships = 'Give them at least one role';
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value };
}

export const roleOptions = (allowed: readonly Role[] = ROLES) => [{ value: '', label: 'Choose a role' }, ...allowed.map((r) => ({ value: r, label: ROLE_LABELS[r] }))];

/** "Shift lead at North Safe Haven" / "Organisation administrator (whole organisation)". */
export function describeMembership(m: { role: Role; serviceName: string | null }): string {
  return m.serviceName ? `${ROLE_LABELS[m.role]} at ${m.serviceName}` : `${ROLE_LABELS[m.role]} (whole organisation)`;
}

/**
 * The services a role can be given in: a crisis responder (partner staff using staff peer support
 * only) belongs to a peer support service for crisis staff; every other service role, any service.
 */
export function serviceOptionsFor(role: Role | '', services: readonly { id: string; name: string; type: string; archived?: boolean }[]): { value: string; label: string }[] {
  const open = services.filter((s) => !s.archived && (role !== 'crisis_responder' || s.type === 'staff_peer_support'));
  return [{ value: '', label: open.length ? 'Choose a service' : 'No peer support service for crisis staff yet' }, ...open.map((s) => ({ value: s.id, label: s.name }))];
}
