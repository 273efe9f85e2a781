import type { MySupervisionOut, OverdueOut, RecordCreate, RecordReply, RhythmReply, RhythmSet, RhythmsOut, SupervisingOut } from '../../../shared/supervision.js';
import { api } from '../../api/client.js';

const svc = (serviceId: string) => `/services/${encodeURIComponent(serviceId)}/supervision`;
export const mySupervisionKey = ['supervision', 'mine'] as const;
export const supervisingKey = ['supervision', 'supervising'] as const;
export const rhythmsKey = (serviceId: string) => ['supervision', 'rhythms', serviceId] as const;
export const overdueKey = (serviceId: string) => ['supervision', 'overdue', serviceId] as const;

export const getMySupervision = () => api<MySupervisionOut>('/me/supervision');
export const getSupervising = () => api<SupervisingOut>('/me/supervising');
export const recordMine = (body: RecordCreate) => api<RecordReply>('/me/supervision/records', { method: 'POST', body });
export const recordFor = (userId: string, body: RecordCreate) => api<RecordReply>(`/me/supervising/${encodeURIComponent(userId)}/records`, { method: 'POST', body });
export const getRhythms = (serviceId: string) => api<RhythmsOut>(`${svc(serviceId)}/rhythms`);
export const setRhythm = (serviceId: string, body: RhythmSet) => api<RhythmReply>(`${svc(serviceId)}/rhythms`, { method: 'PUT', body });
export const getOverdue = (serviceId: string) => api<OverdueOut>(`${svc(serviceId)}/overdue`);
