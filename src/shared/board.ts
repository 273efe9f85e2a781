import { z } from 'zod';
import { CallbackStatus, ContactKind } from './contacts.js';

/**
 * The live board of one service: who is here now or waiting, call backs to make, who is
 * on shift and how many alerts are open. GET /api/v1/services/:serviceId/board.
 * Minutes since arrival are worked out by the screen from `arrivedAt`.
 *
 * Live updates: GET /api/v1/services/:serviceId/board/events is a server-sent event
 * stream (`retry: 2000`, a comment every 15 s). It sends `event: board` once on connect
 * and whenever anything on the board changes; the screen then fetches the board again.
 */

export const BoardContact = z.object({
  id: z.string(),
  personId: z.string().nullable(),
  /** Preferred name, or the label, or "Someone (anonymous)". */
  displayName: z.string(),
  anonymous: z.boolean(),
  kind: ContactKind,
  arrivedAt: z.string(),
  firstSeenAt: z.string().nullable(),
  workerUserId: z.string().nullable(),
  /** Who is with them. */
  workerName: z.string().nullable(),
  under16: z.boolean(),
  version: z.number(),
});
export type BoardContact = z.infer<typeof BoardContact>;

export const BoardCallback = z.object({
  id: z.string(),
  name: z.string(),
  goodTime: z.string().nullable(),
  status: CallbackStatus,
  handledBy: z.string().nullable(),
  handledByName: z.string().nullable(),
  /** 'public': asked for on the help page; 'staff': added by a worker. */
  source: z.enum(['staff', 'public']),
  createdAt: z.string(),
  version: z.number(),
});
export type BoardCallback = z.infer<typeof BoardCallback>;

export const BoardStaff = z.object({ userId: z.string(), name: z.string(), startedAt: z.string() });
export type BoardStaff = z.infer<typeof BoardStaff>;

export const BoardOut = z.object({
  serviceId: z.string(),
  /** Changes whenever anything on the board changes: compare to skip redrawing. */
  revision: z.string(),
  generatedAt: z.string(),
  /** Here now or waiting (not left), longest waiting first. */
  here: z.array(BoardContact),
  /** Call backs waiting or in progress, oldest first. */
  callbacks: z.array(BoardCallback),
  /** Staff on shift now. */
  onShift: z.array(BoardStaff),
  openAlerts: z.number(),
});
export type BoardOut = z.infer<typeof BoardOut>;

/** The `data` of an `event: board` message (then fetch the board again). */
export const BoardEvent = z.object({ serviceId: z.string(), at: z.string() });
export type BoardEvent = z.infer<typeof BoardEvent>;
export const BOARD_EVENT_NAME = 'board';
