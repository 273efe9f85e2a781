import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { BoardOut } from '../../../shared/board.js';
import { api } from '../../api/client.js';
import { describeBoardChanges } from './board-helpers.js';

export const boardKey = (serviceId: string) => ['board', serviceId] as const;

export type Connection = 'connecting' | 'live' | 'reconnecting';

/**
 * The board of one service, kept current by the server's event stream: each `board` event fetches the
 * board again. EventSource reconnects by itself after an error; the server sends an event on every
 * (re)connect, so nothing missed while away stays missed. `announcement` says briefly what changed.
 */
export function useLiveBoard(serviceId: string) {
  const client = useQueryClient();
  const board = useQuery({
    queryKey: boardKey(serviceId),
    queryFn: () => api<BoardOut>(`/services/${encodeURIComponent(serviceId)}/board`),
    enabled: Boolean(serviceId),
  });
  const [connection, setConnection] = useState<Connection>('connecting');
  const [announcement, setAnnouncement] = useState('');
  const previous = useRef<BoardOut | undefined>(undefined);

  useEffect(() => {
    if (!serviceId || typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/v1/services/${encodeURIComponent(serviceId)}/board/events`, { withCredentials: true });
    const refetch = () => void client.invalidateQueries({ queryKey: boardKey(serviceId) });
    const onBoard = () => {
      setConnection('live');
      refetch();
    };
    source.addEventListener('board', onBoard);
    let lost = false;
    source.onopen = () => {
      setConnection('live');
      // Back after a break: fetch at once rather than wait for the server's first event.
      if (lost) refetch();
      lost = false;
    };
    source.onerror = () => {
      lost = true;
      // CLOSED means the browser gave up (for example the session ended): the board query's own 401 handling takes over.
      setConnection('reconnecting');
    };
    return () => {
      source.removeEventListener('board', onBoard);
      source.close();
    };
  }, [serviceId, client]);

  useEffect(() => {
    const next = board.data;
    if (!next) return;
    const said = describeBoardChanges(previous.current, next);
    previous.current = next;
    if (said) setAnnouncement(said);
  }, [board.data]);

  return { board, connection, announcement };
}

/** The current time, moving on every `everyMs` (the board's "12 min" counts up without a reload). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
