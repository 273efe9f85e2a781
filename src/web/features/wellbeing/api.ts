import type { CheckinReply, CheckinsOut, ShareCandidatesOut, SharedItemOut, SharedWithMeOut, ShareOut, WellbeingPlanOut } from '../../../shared/wellbeing.js';
import { api } from '../../api/client.js';

export const checkinsKey = ['wellbeing', 'checkins'] as const;
export const planKey = ['wellbeing', 'plan'] as const;
export const candidatesKey = ['wellbeing', 'share-candidates'] as const;
export const sharedWithMeKey = ['wellbeing', 'shared-with-me'] as const;
export const sharedItemKey = (shareId: string) => ['wellbeing', 'shared-with-me', shareId] as const;

export const getCheckins = (before?: string) => api<CheckinsOut>(`/me/checkins?limit=10${before ? `&before=${encodeURIComponent(before)}` : ''}`);
export const postCheckin = (body: unknown) => api<CheckinReply>('/me/checkins', { method: 'POST', body });
export const deleteCheckin = (id: string) => api<void>(`/me/checkins/${encodeURIComponent(id)}`, { method: 'DELETE' });
export const shareCheckin = (id: string, sharedWithUserId: string) => api<ShareOut>(`/me/checkins/${encodeURIComponent(id)}/shares`, { method: 'POST', body: { sharedWithUserId } });
export const getPlan = () => api<WellbeingPlanOut>('/me/wellbeing-plan');
export const putPlan = (body: unknown) => api<WellbeingPlanOut>('/me/wellbeing-plan', { method: 'PUT', body });
export const sharePlan = (sharedWithUserId: string) => api<ShareOut>('/me/wellbeing-plan/shares', { method: 'POST', body: { sharedWithUserId } });
export const revokeShare = (shareId: string) => api<void>(`/me/wellbeing-shares/${encodeURIComponent(shareId)}`, { method: 'DELETE' });
export const getCandidates = () => api<ShareCandidatesOut>('/me/share-candidates');
export const getSharedWithMe = () => api<SharedWithMeOut>('/me/shared-with-me');
export const getSharedItem = (shareId: string) => api<SharedItemOut>(`/me/shared-with-me/${encodeURIComponent(shareId)}`);
