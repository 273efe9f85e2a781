import { z } from 'zod';
import { words } from './text.js';
import { RecordId, Version } from './admin.js';

/**
 * Supervision layers (issue 7): line management, peer supervision, clinical supervision and
 * peer supervision from outside the organisation. A service manager sets how often and with
 * whom for each worker; the worker or their supervisor records each session. Only those two
 * read a record's themes and agreed actions; a manager sees who is due or overdue, never what
 * was talked about (docs/wellbeing.md "Supervision").
 */

export const SUPERVISION_LAYERS = ['line_management', 'peer', 'clinical', 'external_peer'] as const;
export type SupervisionLayer = (typeof SUPERVISION_LAYERS)[number];

export const LAYER_LABELS: Record<SupervisionLayer, string> = {
  line_management: 'Line management',
  peer: 'Peer supervision',
  clinical: 'Clinical supervision',
  external_peer: 'Peer supervision from outside the organisation',
};

export const MIN_EVERY_DAYS = 7;
export const MAX_EVERY_DAYS = 365;
/** Due within this many days counts as "due soon"; the first reminder goes this many days before. */
export const DUE_SOON_DAYS = 7;

/** A calendar date, YYYY-MM-DD, that really exists. */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date like 2026-03-14')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'Enter a real date');

// ---- rhythms (service manager) ----------------------------------------------------------

export const RhythmSet = z.strictObject({
  /** The worker (someone in this service). */
  userId: RecordId,
  layer: z.enum(SUPERVISION_LAYERS, { error: 'Choose a kind of supervision' }),
  /** How often, in days (7 to 365); null stops expecting this layer. */
  everyDays: z
    .number({ error: 'Enter how often, in days' })
    .int('Enter a whole number of days')
    .min(MIN_EVERY_DAYS, `Choose at least every ${MIN_EVERY_DAYS} days`)
    .max(MAX_EVERY_DAYS, `Choose at most every ${MAX_EVERY_DAYS} days`)
    .nullable(),
  /** A colleague in the organisation (every layer but external peer supervision). */
  supervisorId: RecordId.nullable().optional(),
  /** External peer supervision: the supervisor's name and organisation, as text. */
  supervisorName: words(200).nullable().optional(),
  /** The rhythm's version when changing one. */
  version: Version.optional(),
});
export type RhythmSet = z.infer<typeof RhythmSet>;

const Person = z.object({ id: z.string(), name: z.string() });

export const RhythmOut = z.object({
  id: z.string(),
  userId: z.string(),
  layer: z.enum(SUPERVISION_LAYERS),
  everyDays: z.number(),
  supervisorId: z.string().nullable(),
  supervisorName: z.string().nullable(),
  version: z.number(),
});
export type RhythmOut = z.infer<typeof RhythmOut>;

export const RhythmsOut = z.object({
  workers: z.array(z.object({ id: z.string(), name: z.string(), rhythms: z.array(RhythmOut) })),
  /** Colleagues in the organisation who can be named as a supervisor. */
  colleagues: z.array(Person),
});
export type RhythmsOut = z.infer<typeof RhythmsOut>;

export const RhythmReply = z.object({ rhythm: RhythmOut.nullable() });
export type RhythmReply = z.infer<typeof RhythmReply>;

// ---- due and overdue ------------------------------------------------------------------

export const DueState = z.enum(['overdue', 'due_soon', 'on_track']);
export type DueState = z.infer<typeof DueState>;

/** Facts only: when it was last held and when it is due; never what was talked about. */
export const LayerDue = z.object({
  layer: z.enum(SUPERVISION_LAYERS),
  everyDays: z.number(),
  lastHeldOn: z.string().nullable(),
  nextDueOn: z.string(),
  state: DueState,
  /** Days past the due date (0 when not overdue). */
  daysOverdue: z.number(),
});
export type LayerDue = z.infer<typeof LayerDue>;

export const OverdueOut = z.object({
  serviceId: z.string(),
  rows: z.array(LayerDue.extend({ userId: z.string(), name: z.string(), supervisorName: z.string().nullable() })),
});
export type OverdueOut = z.infer<typeof OverdueOut>;

// ---- records --------------------------------------------------------------------------

export const RecordCreate = z.strictObject({
  layer: z.enum(SUPERVISION_LAYERS, { error: 'Choose a kind of supervision' }),
  /** The day it was held: today or earlier. */
  heldOn: CalendarDate,
  themes: words(4000).optional(),
  agreedActions: words(4000).optional(),
});
export type RecordCreate = z.infer<typeof RecordCreate>;

export const RecordOut = z.object({
  id: z.string(),
  userId: z.string(),
  layer: z.enum(SUPERVISION_LAYERS),
  heldOn: z.string(),
  supervisorId: z.string().nullable(),
  supervisorName: z.string().nullable(),
  themes: z.string().nullable(),
  agreedActions: z.string().nullable(),
  recordedBy: z.string(),
  createdAt: z.string(),
});
export type RecordOut = z.infer<typeof RecordOut>;

export const RecordReply = z.object({ record: RecordOut });
export type RecordReply = z.infer<typeof RecordReply>;

export const MySupervisionOut = z.object({
  layers: z.array(LayerDue.extend({ supervisorId: z.string().nullable(), supervisorName: z.string().nullable() })),
  records: z.array(RecordOut),
});
export type MySupervisionOut = z.infer<typeof MySupervisionOut>;

export const SupervisingOut = z.object({
  supervisees: z.array(LayerDue.extend({ userId: z.string(), name: z.string(), records: z.array(RecordOut) })),
});
export type SupervisingOut = z.infer<typeof SupervisingOut>;
