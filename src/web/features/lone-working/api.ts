import type { DuressCodeOut, HelpNowReply, VisitReply, VisitsOut } from '../../../shared/lone-working.js';
import type { HandoverNoteOut, HandoverOut } from '../../../shared/escalations.js';
import { api } from '../../api/client.js';

const svc = (serviceId: string) => `/services/${encodeURIComponent(serviceId)}`;
export const myVisitsKey = (serviceId: string) => ['visits', 'mine', serviceId] as const;
export const handoverKey = (serviceId: string) => ['handover', serviceId] as const;
export const duressKey = ['duress-code'] as const;

export const getMyVisits = (serviceId: string) => api<VisitsOut>(`${svc(serviceId)}/visits/mine`);
export const startVisit = (serviceId: string, body: unknown) => api<VisitReply>(`${svc(serviceId)}/visits`, { method: 'POST', body });
export const visitAction = (serviceId: string, visitId: string, action: 'check-in' | 'end' | 'extend' | 'cancel', body: unknown = {}) =>
  api<VisitReply>(`${svc(serviceId)}/visits/${encodeURIComponent(visitId)}/${action}`, { method: 'POST', body });
export const helpNow = (serviceId: string, visitId: string | null) => api<HelpNowReply>(`${svc(serviceId)}/help-now`, { method: 'POST', body: visitId ? { visitId } : {} });
export const getDuressCode = () => api<DuressCodeOut>('/lone-working/duress-code');
export const setDuressCode = (code: string) => api<DuressCodeOut>('/lone-working/duress-code', { method: 'PUT', body: { code } });
export const getHandover = (serviceId: string) => api<HandoverOut>(`${svc(serviceId)}/handover`);
export const writeHandover = (serviceId: string, note: string) => api<HandoverNoteOut>(`${svc(serviceId)}/handover`, { method: 'POST', body: { note } });
