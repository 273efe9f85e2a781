import type { DebriefReply, DebriefSummaryOut, MyDebriefsOut, SupportingOut } from '../../../shared/debriefs.js';
import { api } from '../../api/client.js';

export const myDebriefsKey = ['debriefs', 'mine'] as const;
export const supportingKey = ['debriefs', 'supporting'] as const;

export const getMyDebriefs = () => api<MyDebriefsOut>('/me/debriefs');
export const getSupporting = () => api<SupportingOut>('/me/supporting');
export const acceptDebrief = (id: string, peerSupporterId: string) => api<DebriefReply>(`/me/debriefs/${encodeURIComponent(id)}/accept`, { method: 'POST', body: { peerSupporterId } });
export const declineDebrief = (id: string) => api<DebriefReply>(`/me/debriefs/${encodeURIComponent(id)}/decline`, { method: 'POST', body: {} });
export const requestDebrief = (serviceId: string, peerSupporterId: string | null) => api<DebriefReply>('/me/debriefs', { method: 'POST', body: { serviceId, peerSupporterId } });
export const markContactDone = (debriefId: string, contactId: string, difficultiesPersist: boolean | null) =>
  api<DebriefReply>(`/debriefs/${encodeURIComponent(debriefId)}/contacts/${encodeURIComponent(contactId)}/done`, { method: 'POST', body: { difficultiesPersist } });
export const debriefSummaryKey = (serviceId: string) => ['debriefs', 'summary', serviceId] as const;
export const getDebriefSummary = (serviceId: string) => api<DebriefSummaryOut>(`/services/${encodeURIComponent(serviceId)}/debriefs/summary`);
