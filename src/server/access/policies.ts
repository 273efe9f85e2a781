import type { Role } from '../db/tables.js';
import matrix from './matrix.json' with { type: 'json' };

/**
 * Who may do what. `matrix.json` beside this file is the single, machine-readable
 * source: action → the roles allowed and whether the role must be held in the
 * service named by the route's `:serviceId` (scope "service") or anywhere in the
 * organisation (scope "organisation"). Deny by default: an action that is not in
 * the matrix is refused, and the access test fails for a route without a policy.
 *
 * Object-level checks (is this record in your organisation and service?) happen in
 * the services through db/scope.ts and answer 404, never revealing other records.
 */
export type Scope = 'organisation' | 'service';
export interface Policy {
  scope: Scope;
  roles: Role[];
  description: string;
}

export const policies = matrix.actions as Record<string, Policy>;
export type Action = keyof typeof matrix.actions;

/** Route access: an action from the matrix, or one of the few kinds of route outside it. */
export type RouteAccess =
  | { kind: 'public' }
  /** Any signed-in staff member with a complete sign-in (for their own account). */
  | { kind: 'self' }
  /** Also allowed while the person still has to set up a second factor. */
  | { kind: 'self-enrolling' }
  | { kind: 'action'; action: Action };

export interface MembershipLike {
  role: Role;
  service_id: string | null;
}

/** The roles a person holds for a request: organisation-wide ones always count. */
export function rolesFor(memberships: MembershipLike[], scope: Scope, serviceId: string | undefined): Set<Role> {
  const roles = new Set<Role>();
  for (const m of memberships) {
    if (scope === 'organisation' || m.service_id === null || m.service_id === serviceId) roles.add(m.role);
  }
  return roles;
}

export function isAllowed(action: string, memberships: MembershipLike[], serviceId?: string): boolean {
  const policy = policies[action];
  if (!policy) return false;
  if (policy.scope === 'service' && !serviceId) return false;
  const held = rolesFor(memberships, policy.scope, serviceId);
  return policy.roles.some((r) => held.has(r));
}
