import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { Role } from '../../shared/roles.js';
import { api, setCsrfToken } from '../api/client.js';
import { ApiError } from '../api/errors.js';
import type { Meta, SessionOut, SessionUser } from '../api/types.js';

export const sessionKey = ['session'] as const;
export const metaKey = ['meta'] as const;

/** The live session, or null when nobody is signed in. */
export function useSession() {
  return useQuery({
    queryKey: sessionKey,
    queryFn: async (): Promise<SessionOut | null> => {
      try {
        const reply = await api<SessionOut>('/auth/session', { expectUnauthorised: true });
        setCsrfToken(reply.csrfToken);
        return reply;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw error;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

export function useMeta() {
  return useQuery({ queryKey: metaKey, queryFn: () => api<Meta>('/meta'), staleTime: 5 * 60_000, retry: 1 });
}

export function storeSession(client: QueryClient, reply: SessionOut): void {
  setCsrfToken(reply.csrfToken);
  client.setQueryData(sessionKey, reply);
}

export function forgetSession(client: QueryClient): void {
  setCsrfToken(null);
  client.clear();
  client.setQueryData(sessionKey, null);
}

export const rolesOf = (user: Pick<SessionUser, 'memberships'>): Set<Role> => new Set(user.memberships.map((m) => m.role));
export const hasAnyRole = (user: Pick<SessionUser, 'memberships'>, roles: readonly Role[]): boolean => roles.some((r) => rolesOf(user).has(r));
export const canAdminister = (user: Pick<SessionUser, 'memberships'>): boolean => hasAnyRole(user, ['org_admin', 'service_manager']);
export const isOrgAdmin = (user: Pick<SessionUser, 'memberships'>): boolean => hasAnyRole(user, ['org_admin']);
