import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { QueryState } from '../../ui/QueryState.js';
import { AlertCard } from './AlertCard.js';
import { getServiceAlerts, serviceAlertsKey } from './api.js';
import './alerts.css';

/**
 * The service's open alerts on the live board, oldest first, each with "I'm dealing with this".
 * `openAlerts` is the board's own count: when it changes (the board's stream), the list is fetched again.
 */
export function BoardAlerts({ serviceId, openAlerts }: { serviceId: string; openAlerts: number }) {
  const client = useQueryClient();
  const alerts = useQuery({ queryKey: serviceAlertsKey(serviceId), queryFn: () => getServiceAlerts(serviceId), enabled: Boolean(serviceId) });
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    void client.invalidateQueries({ queryKey: serviceAlertsKey(serviceId) });
  }, [client, serviceId, openAlerts]);
  const list = (alerts.data?.alerts ?? []).filter((a) => a.status === 'open');
  useEffect(() => {
    if (list.length === 0) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [list.length]);

  if (alerts.isError) return <QueryState query={alerts} what="the alerts" />;
  const count = (
    <div className={`app-alert-count${list.length > 0 ? ' app-alert-count--open' : ''}`} role="group" aria-label="Alerts">
      <p className="nhsuk-u-margin-bottom-0">{list.length > 0 ? <strong>Open alerts: {list.length}</strong> : `Open alerts: ${alerts.data ? 0 : '…'}`}</p>
    </div>
  );
  if (list.length === 0) return count;
  return (
    <section aria-labelledby="board-alerts-title" data-testid="board-alerts">
      {count}
      <h2 className="nhsuk-heading-m" id="board-alerts-title">
        Alerts that need someone <span className="app-count">({list.length})</span>
      </h2>
      <div className="app-alert-list">
        {list.map((a) => (
          <AlertCard key={a.id} alert={a} now={now} headingLevel={3} idPrefix="board" />
        ))}
      </div>
    </section>
  );
}
