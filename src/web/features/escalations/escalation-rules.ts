import type { EscalationSummaryOut } from '../../../shared/escalations.js';
import { countdown } from '../alerts/alert-rules.js';

/** A phone number as a tel: address (digits and a leading plus only). */
export const telHref = (number: string): string => `tel:${number.replace(/[^\d+]/g, '')}`;

/** What happens next on an escalation, in words, with the countdown. */
export function nextText(e: Pick<EscalationSummaryOut, 'status' | 'next' | 'stepIndex' | 'stepCount'>, nowMs: number): string | null {
  if (e.status !== 'open' || !e.next) return null;
  const left = countdown(e.next.at, nowMs);
  if (!left) return null;
  if (e.next.type === 'advance') return left === 'now' ? 'Moving to the next step now' : `If nobody picks this up, the next step starts by itself in ${left}`;
  return left === 'now' ? 'Alerting the shift lead and service manager again now' : `If nobody picks this up, the shift lead and service manager are alerted again in ${left}`;
}

/** "Step 2 of 6". */
export const stepOf = (e: Pick<EscalationSummaryOut, 'stepIndex' | 'stepCount'>): string => `Step ${Math.min(e.stepIndex + 1, e.stepCount)} of ${e.stepCount}`;
