import { api } from '../../api/client.js';
import type { PlanCompareOut, PlanOut, PlanVersionOut, PlanViewsOut } from '../../../shared/plans.js';

/** Where each screen lives in the web app (one place, so links agree). */
export const planScreen = (personId: string, rest = '') => `/people/${encodeURIComponent(personId)}/plan${rest}`;
/** The server's path for a person's plan (organisation scope). */
export const planPath = (personId: string, rest = '') => `/people/${encodeURIComponent(personId)}/plan${rest}`;

export const planKey = (personId: string) => ['plan', personId] as const;
export const planVersionKey = (personId: string, n: number) => ['plan', personId, 'version', n] as const;
export const planViewsKey = (personId: string) => ['plan', personId, 'views'] as const;
export const planCompareKey = (personId: string, from: number, to: number) => ['plan', personId, 'compare', from, to] as const;

export const getPlan = (personId: string) => api<PlanOut>(planPath(personId));
export const getPlanVersion = (personId: string, n: number) => api<PlanVersionOut>(planPath(personId, `/versions/${n}`));
export const getPlanViews = (personId: string) => api<PlanViewsOut>(planPath(personId, '/views'));
export const getPlanCompare = (personId: string, from: number, to: number) => api<PlanCompareOut>(planPath(personId, `/compare?from=${from}&to=${to}`));
