import type { AlertOut } from '../../../shared/alerts.js';
import { AlertCard } from './AlertCard.js';

/** The open alerts as cards (a chunk of its own, loaded when the first alert arrives). */
export default function AlertCards({ alerts, now, idPrefix }: { alerts: AlertOut[]; now: number; idPrefix: string }) {
  return (
    <div className="app-alert-list">
      {alerts.map((a) => (
        <AlertCard key={a.id} alert={a} now={now} headingLevel={3} idPrefix={idPrefix} />
      ))}
    </div>
  );
}
