import type { EscalationOut, LadderOut } from '../../../shared/escalations.js';
import { api } from '../../api/client.js';

const svc = (serviceId: string) => `/services/${encodeURIComponent(serviceId)}`;
export const ladderKey = (serviceId: string) => ['ladder', serviceId] as const;
export const escalationKey = (serviceId: string, id: string) => ['escalation', serviceId, id] as const;
export const escalationPath = (serviceId: string, id: string) => `${svc(serviceId)}/escalations/${encodeURIComponent(id)}`;

export const getLadder = (serviceId: string) => api<LadderOut>(`${svc(serviceId)}/escalation-ladder`);
export const putLadder = (serviceId: string, body: unknown) => api<LadderOut>(`${svc(serviceId)}/escalation-ladder`, { method: 'PUT', body });
export const raiseEscalation = (serviceId: string, body: unknown) => api<EscalationOut>(`${svc(serviceId)}/escalations`, { method: 'POST', body });
export const getEscalation = (serviceId: string, id: string) => api<EscalationOut>(escalationPath(serviceId, id));
