import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useMatch } from 'react-router';
import { alertsKey, getMyAlerts, myAlertsKey } from './api.js';
import { ALERT_EVENT, announceAlerts, newsAmong } from './alert-rules.js';
import { beep, unlockSound } from './beep.js';
import './alerts.css';

/** The cards (with the acknowledge form) load only when an alert is open: the shell stays small. */
const AlertCards = lazy(() => import('./AlertCards.js'));

/**
 * Alerts on every signed-in page: listens to the person's alert stream, shows open alerts in a
 * banner (announced at once through an assertive live region), plays a short sound for each new
 * alert or reminder, and counts down to the next reminder. The region is always in the page, so
 * screen readers hear the text when it arrives.
 */
export function AlertCentre() {
  const client = useQueryClient();
  const mine = useQuery({ queryKey: myAlertsKey, queryFn: getMyAlerts, staleTime: 15_000, retry: 1 });
  const heard = useRef(new Set<string>());
  const [soundBlocked, setSoundBlocked] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const alerts = (mine.data?.alerts ?? []).filter((a) => a.status === 'open');
  // On a service's live board, that service's alerts are on the board itself: the banner keeps the others.
  const boardOf = useMatch('/services/:serviceId/board')?.params.serviceId;
  const shown = boardOf ? alerts.filter((a) => a.serviceId !== boardOf) : alerts;

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/alerts/events', { withCredentials: true });
    // Every event refreshes this person's alerts, and any service list of alerts on the page (the board).
    const refresh = () => void client.invalidateQueries({ queryKey: alertsKey });
    source.addEventListener(ALERT_EVENT, refresh);
    return () => {
      source.removeEventListener(ALERT_EVENT, refresh);
      source.close();
    };
  }, [client]);

  useEffect(() => {
    // Browsers allow sound only after the person has touched the page: unlock on the first tap or key.
    const unlock = () => void unlockSound().then((ok) => ok && setSoundBlocked(false));
    window.addEventListener('pointerdown', unlock, { once: true });
    window.addEventListener('keydown', unlock, { once: true });
    return () => {
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
    };
  }, []);

  useEffect(() => {
    const news = newsAmong(mine.data?.alerts ?? [], heard.current);
    if (news.length === 0) return;
    for (const stamp of news) heard.current.add(stamp);
    setSoundBlocked(!beep());
  }, [mine.data]);

  const count = alerts.length;
  useEffect(() => {
    if (count === 0) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [count]);

  return (
    <>
      <div className="nhsuk-u-visually-hidden" aria-live="assertive" aria-atomic="true" data-testid="alert-announcer">
        {announceAlerts(alerts)}
      </div>
      {shown.length > 0 && (
        <section className="app-alert-banner" aria-labelledby="alert-banner-title" data-testid="alert-banner">
          <div className="nhsuk-width-container">
            <h2 className="nhsuk-heading-m nhsuk-u-margin-bottom-2" id="alert-banner-title">
              {shown.length === 1 ? 'An alert needs someone' : `${shown.length} alerts need someone`}
            </h2>
            {soundBlocked && (
              <p className="nhsuk-body-s">
                Your browser is keeping alerts quiet.{' '}
                <button type="button" className="app-link-button" onClick={() => void unlockSound().then((ok) => setSoundBlocked(!ok || !beep()))}>
                  Turn on alert sound
                </button>
              </p>
            )}
            <Suspense fallback={<ul className="nhsuk-list">{shown.map((a) => <li key={a.id}>{a.title}</li>)}</ul>}>
              <AlertCards alerts={shown} now={now} idPrefix="banner" />
            </Suspense>
          </div>
        </section>
      )}
    </>
  );
}
