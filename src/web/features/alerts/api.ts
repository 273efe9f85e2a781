import type { AlertOut, AlertReply, AlertsOut } from '../../../shared/alerts.js';
import { api } from '../../api/client.js';

export const alertsKey = ['alerts'] as const;
export const myAlertsKey = ['alerts', 'mine'] as const;
export const serviceAlertsKey = (serviceId: string) => ['alerts', 'service', serviceId] as const;

export const getMyAlerts = () => api<AlertsOut>('/alerts/mine');
export const getServiceAlerts = (serviceId: string) => api<AlertsOut>(`/services/${encodeURIComponent(serviceId)}/alerts`);
export const acknowledgeAlert = (alert: Pick<AlertOut, 'id' | 'serviceId'>, note: string) =>
  api<AlertReply>(`/services/${encodeURIComponent(alert.serviceId)}/alerts/${encodeURIComponent(alert.id)}/acknowledge`, { method: 'POST', body: note.trim() ? { note: note.trim() } : {} });
