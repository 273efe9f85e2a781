import type { GroupOptionsOut, GroupSessionOut, GroupSessionsOut } from '../../../shared/reflective-groups.js';
import { api } from '../../api/client.js';

const base = (serviceId: string) => `/services/${encodeURIComponent(serviceId)}/reflective-groups`;
export const sessionsKey = (serviceId: string) => ['reflective-groups', serviceId] as const;
export const sessionKey = (serviceId: string, sessionId: string) => ['reflective-groups', serviceId, sessionId] as const;
export const optionsKey = (serviceId: string) => ['reflective-groups', serviceId, 'options'] as const;

export const getSessions = (serviceId: string) => api<GroupSessionsOut>(base(serviceId));
export const getSession = (serviceId: string, sessionId: string) => api<GroupSessionOut>(`${base(serviceId)}/${encodeURIComponent(sessionId)}`);
export const getOptions = (serviceId: string) => api<GroupOptionsOut>(`${base(serviceId)}/options`);
export const createSession = (serviceId: string, body: unknown) => api<GroupSessionOut>(base(serviceId), { method: 'POST', body });
export const updateSession = (serviceId: string, sessionId: string, body: unknown) => api<GroupSessionOut>(`${base(serviceId)}/${encodeURIComponent(sessionId)}`, { method: 'PATCH', body });
