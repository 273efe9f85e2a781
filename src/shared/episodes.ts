import { z } from 'zod';
import { text, words } from './text.js';
import { RecordId, Version } from './admin.js';
import { DirectoryEntryId } from './directory/entries.js';

/**
 * Request and response contracts for peer support episodes (a short course of peer
 * support, up to the service's session limit), their sessions and supported
 * transitions, and caseloads. Everything a person says is kept in their own words:
 * texts are free, trimmed and bounded. No scores anywhere.
 *
 * Routes (all service-scoped under /api/v1/services/:serviceId/):
 *   GET    episodes?personId=&status=            episode.read   → EpisodesOut
 *   POST   episodes                              episode.create → 201 EpisodeOut
 *   GET    episodes/:episodeId                   episode.read   → EpisodeOut (audited read)
 *   PATCH  episodes/:episodeId                   episode.update → EpisodeOut
 *   PUT    episodes/:episodeId/workers           episode.allocate → EpisodeOut (409 caseload_full)
 *   POST   episodes/:episodeId/sessions          episode.update → 201 EpisodeSessionOut
 *   PATCH  episodes/:episodeId/sessions/:sessionId        episode.update → EpisodeSessionOut
 *   POST   episodes/:episodeId/transitions       episode.update → 201 TransitionOut
 *   PATCH  episodes/:episodeId/transitions/:transitionId  episode.update → TransitionOut
 *   GET    caseloads                             caseload.read  → ServiceCaseloadsOut
 * Elsewhere:
 *   GET    /api/v1/caseload                      caseload.read_own → MyCaseloadOut
 *   PUT    /api/v1/users/:userId/adjustments     user.adjustments  → AdjustmentsOut
 */

/** A calendar date, YYYY-MM-DD, that really exists. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date like 2026-03-14')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'Enter a real date');
/** A moment in time as UTC ISO-8601 (with an offset or Z). */
export const IsoDateTime = z.iso.datetime({ offset: true, error: 'Enter a date and time' });

// ---- enums -----------------------------------------------------------------------

export const EPISODE_STATUSES = ['offered', 'accepted', 'declined', 'closed'] as const;
export type EpisodeStatus = (typeof EPISODE_STATUSES)[number];
export const EPISODE_STATUS_LABELS: Record<EpisodeStatus, string> = {
  offered: 'Offered',
  accepted: 'Accepted',
  declined: 'Declined',
  closed: 'Closed',
};
/** Statuses an episode can be created with. */
export const EPISODE_START_STATUSES = ['offered', 'accepted', 'declined'] as const;

export const GOAL_STATUSES = ['working_on', 'achieved', 'set_aside'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const GOAL_STATUS_LABELS: Record<GoalStatus, string> = {
  working_on: 'Working on it',
  achieved: 'Achieved',
  set_aside: 'Set aside for now',
};

export const CLOSING_REASONS = ['moved_on_with_support', 'transition_done', 'person_chose_to_stop', 'lost_touch', 'other'] as const;
export type ClosingReason = (typeof CLOSING_REASONS)[number];
export const CLOSING_REASON_LABELS: Record<ClosingReason, string> = {
  moved_on_with_support: 'Moved on with the support they need',
  transition_done: 'Moved on to another service',
  person_chose_to_stop: 'Chose to stop',
  lost_touch: 'We lost touch',
  other: 'Something else',
};

export const TRANSITION_STATUSES = ['planned', 'done', 'declined', 'no_longer_needed'] as const;
export type TransitionStatus = (typeof TRANSITION_STATUSES)[number];
export const TRANSITION_STATUS_LABELS: Record<TransitionStatus, string> = {
  planned: 'Planned',
  done: 'Done',
  declined: 'Person decided not to',
  no_longer_needed: 'No longer needed',
};

export const CONSENT_HOW = ['in_person', 'phone', 'in_writing'] as const;
export type ConsentHow = (typeof CONSENT_HOW)[number];
export const CONSENT_HOW_LABELS: Record<ConsentHow, string> = {
  in_person: 'In person',
  phone: 'On the phone',
  in_writing: 'In writing',
};

/** How close an episode is to its session limit: near (limit-2 and limit-1), reached, beyond. */
export const LIMIT_WARNINGS = ['near', 'reached', 'beyond'] as const;
export type LimitWarning = (typeof LIMIT_WARNINGS)[number];

// ---- goals -------------------------------------------------------------------------

export const GoalOut = z.object({ id: z.string(), text: z.string(), status: z.enum(GOAL_STATUSES) });
export type GoalOut = z.infer<typeof GoalOut>;

export const GoalNew = z.strictObject({ text: text(500, 'Write the goal in the person’s words') });
export const GoalEdit = z.strictObject({
  /** Leave out for a new goal. */
  id: RecordId.optional(),
  text: text(500, 'Write the goal in the person’s words'),
  status: z.enum(GOAL_STATUSES, { error: 'Choose how this goal is going' }),
});
export type GoalEdit = z.infer<typeof GoalEdit>;

// ---- sessions ------------------------------------------------------------------------

export const EpisodeSessionOut = z.object({
  id: z.string(),
  episodeId: z.string(),
  /** 1, 2, 3 … in the order they were recorded. */
  number: z.number(),
  heldAt: z.string(),
  workerUserId: z.string().nullable(),
  workerName: z.string().nullable(),
  whatHasBeenHappening: z.string().nullable(),
  strengthsAndResources: z.string().nullable(),
  peopleAndNetworks: z.string().nullable(),
  helpFromServices: z.string().nullable(),
  nextSteps: z.string().nullable(),
  /** true when this session's number is above the episode's session limit. */
  beyondLimit: z.boolean(),
  beyondLimitReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type EpisodeSessionOut = z.infer<typeof EpisodeSessionOut>;

const sessionTexts = {
  whatHasBeenHappening: words(5000).optional(),
  strengthsAndResources: words(5000).optional(),
  peopleAndNetworks: words(5000).optional(),
  helpFromServices: words(5000).optional(),
  nextSteps: words(2000).optional(),
};
/** The session texts, in the order a form shows them. */
export const SESSION_TEXT_FIELDS = ['whatHasBeenHappening', 'strengthsAndResources', 'peopleAndNetworks', 'helpFromServices', 'nextSteps'] as const;
export const SESSION_TEXT_LABELS: Record<(typeof SESSION_TEXT_FIELDS)[number], string> = {
  whatHasBeenHappening: 'What has been happening',
  strengthsAndResources: 'Strengths and resources noticed',
  peopleAndNetworks: 'People and networks',
  helpFromServices: 'What would help from services',
  nextSteps: 'Next steps',
};

/**
 * At least one text must be filled (400 otherwise). heldAt may not be in the future.
 * A session numbered above the limit needs beyondLimitReason (400 otherwise).
 */
export const EpisodeSessionCreate = z.strictObject({
  heldAt: IsoDateTime,
  /** Defaults to the person recording it. */
  workerUserId: RecordId.optional(),
  ...sessionTexts,
  beyondLimitReason: words(2000).optional(),
});
export type EpisodeSessionCreate = z.infer<typeof EpisodeSessionCreate>;

export const EpisodeSessionPatch = z.strictObject({
  version: Version,
  heldAt: IsoDateTime.optional(),
  workerUserId: RecordId.optional(),
  ...sessionTexts,
  beyondLimitReason: words(2000).optional(),
});
export type EpisodeSessionPatch = z.infer<typeof EpisodeSessionPatch>;

// ---- transitions -----------------------------------------------------------------------

export const ShareConsentIn = z.strictObject({
  given: z.boolean({ error: 'Say whether the person agreed' }),
  /** Required when given is true. */
  how: z.enum(CONSENT_HOW, { error: 'Choose how the person agreed' }).optional(),
});
export type ShareConsentIn = z.infer<typeof ShareConsentIn>;

export const TransitionOut = z.object({
  id: z.string(),
  episodeId: z.string(),
  /** Free-text name of where the person is moving on to ('' when only a directory id was given). */
  toName: z.string(),
  /** A service directory entry, once the directory exists. */
  toDirectoryServiceId: z.string().nullable(),
  plannedDate: z.string().nullable(),
  handoverSummary: z.string().nullable(),
  shareConsent: z.object({ given: z.boolean(), how: z.enum(CONSENT_HOW).nullable(), recordedAt: z.string().nullable() }),
  /** The handover summary may be shown outside this service's staff (consent given). */
  handoverShareable: z.boolean(),
  status: z.enum(TRANSITION_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type TransitionOut = z.infer<typeof TransitionOut>;

/** toName or toDirectoryServiceId is required. */
export const TransitionCreate = z.strictObject({
  toName: words(200).optional(),
  /** A directory entry of this organisation (any id an Open Referral UK import kept). */
  toDirectoryServiceId: DirectoryEntryId.optional(),
  plannedDate: IsoDate.optional(),
  handoverSummary: words(5000).optional(),
  shareConsent: ShareConsentIn.optional(),
  status: z.enum(TRANSITION_STATUSES, { error: 'Choose where this move has got to' }).optional(),
});
export type TransitionCreate = z.infer<typeof TransitionCreate>;

export const TransitionPatch = z.strictObject({
  version: Version,
  toName: words(200).optional(),
  toDirectoryServiceId: DirectoryEntryId.nullable().optional(),
  plannedDate: IsoDate.nullable().optional(),
  handoverSummary: words(5000).optional(),
  shareConsent: ShareConsentIn.optional(),
  status: z.enum(TRANSITION_STATUSES, { error: 'Choose where this move has got to' }).optional(),
});
export type TransitionPatch = z.infer<typeof TransitionPatch>;

// ---- episodes ----------------------------------------------------------------------------

export const EpisodeWorkerOut = z.object({ userId: z.string(), displayName: z.string(), allocatedAt: z.string() });
export type EpisodeWorkerOut = z.infer<typeof EpisodeWorkerOut>;

export const EpisodeSummaryOut = z.object({
  id: z.string(),
  serviceId: z.string(),
  personId: z.string(),
  personPreferredName: z.string(),
  contactId: z.string().nullable(),
  status: z.enum(EPISODE_STATUSES),
  offeredAt: z.string(),
  closedAt: z.string().nullable(),
  workers: z.array(EpisodeWorkerOut),
  sessionLimit: z.number(),
  sessionsUsed: z.number(),
  limitWarning: z.enum(LIMIT_WARNINGS).nullable(),
  updatedAt: z.string(),
  version: z.number(),
});
export type EpisodeSummaryOut = z.infer<typeof EpisodeSummaryOut>;
export const EpisodesOut = z.object({ episodes: z.array(EpisodeSummaryOut) });
export type EpisodesOut = z.infer<typeof EpisodesOut>;

export const EpisodeOut = EpisodeSummaryOut.extend({
  acceptedAt: z.string().nullable(),
  declinedAt: z.string().nullable(),
  declinedReason: z.string().nullable(),
  goals: z.array(GoalOut),
  closingReason: z.enum(CLOSING_REASONS).nullable(),
  closingNote: z.string().nullable(),
  sessions: z.array(EpisodeSessionOut),
  transitions: z.array(TransitionOut),
  createdAt: z.string(),
});
export type EpisodeOut = z.infer<typeof EpisodeOut>;

export const EpisodesQuery = z.strictObject({
  personId: RecordId.optional(),
  status: z.enum(EPISODE_STATUSES, { error: 'Choose a status' }).optional(),
});
export type EpisodesQuery = z.infer<typeof EpisodesQuery>;

export const EpisodeCreate = z.strictObject({
  personId: RecordId,
  contactId: RecordId.optional(),
  status: z.enum(EPISODE_START_STATUSES, { error: 'Choose whether peer support was offered, accepted or declined' }),
  declinedReason: words(1000).optional(),
  goals: z.array(GoalNew).max(20, 'Keep to 20 goals or fewer').optional(),
  /** A peer worker may allocate themselves; anyone else needs a shift lead or service manager. */
  workerUserIds: z.array(RecordId).max(5, 'Allocate 5 people or fewer').optional(),
});
export type EpisodeCreate = z.infer<typeof EpisodeCreate>;

/**
 * status: 'accepted' | 'declined' (with declinedReason) | 'closed' (with closingReason,
 * and closingNote when a transition is still planned or the reason is 'other').
 * goals replaces the whole list (existing goals keep their id).
 */
export const EpisodePatch = z.strictObject({
  version: Version,
  status: z.enum(['accepted', 'declined', 'closed'], { error: 'Choose accepted, declined or closed' }).optional(),
  declinedReason: words(1000).optional(),
  goals: z.array(GoalEdit).max(20, 'Keep to 20 goals or fewer').optional(),
  closingReason: z.enum(CLOSING_REASONS, { error: 'Choose why the episode is closing' }).optional(),
  closingNote: words(2000).optional(),
});
export type EpisodePatch = z.infer<typeof EpisodePatch>;

export const EpisodeWorkersPut = z.strictObject({
  workerUserIds: z.array(RecordId).max(5, 'Allocate 5 people or fewer'),
});
export type EpisodeWorkersPut = z.infer<typeof EpisodeWorkersPut>;

// ---- caseloads --------------------------------------------------------------------------

export const CaseloadItemOut = z.object({
  episodeId: z.string(),
  personId: z.string(),
  personPreferredName: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  status: z.enum(EPISODE_STATUSES),
  sessionsUsed: z.number(),
  sessionLimit: z.number(),
  limitWarning: z.enum(LIMIT_WARNINGS).nullable(),
  lastSessionAt: z.string().nullable(),
  /** The next steps from the latest session, in the person's words. */
  nextStep: z.string().nullable(),
});
export type CaseloadItemOut = z.infer<typeof CaseloadItemOut>;

export const MyCaseloadOut = z.object({
  people: z.array(CaseloadItemOut),
  count: z.number(),
  /** The person's caseload maximum (a reasonable adjustment); null: no cap. */
  max: z.number().nullable(),
});
export type MyCaseloadOut = z.infer<typeof MyCaseloadOut>;

export const WorkerCaseloadOut = z.object({
  userId: z.string(),
  displayName: z.string(),
  count: z.number(),
  max: z.number().nullable(),
  full: z.boolean(),
});
export type WorkerCaseloadOut = z.infer<typeof WorkerCaseloadOut>;
export const ServiceCaseloadsOut = z.object({ workers: z.array(WorkerCaseloadOut) });
export type ServiceCaseloadsOut = z.infer<typeof ServiceCaseloadsOut>;

export const CaseloadMax = z.number({ error: 'Enter a whole number, or clear it for no maximum' }).int('Use a whole number').min(1, 'Use at least 1').max(200, 'Use 200 or fewer');
export const AdjustmentsPut = z.strictObject({
  version: Version.optional(),
  /** null: no maximum. */
  caseloadMax: CaseloadMax.nullable(),
});
export type AdjustmentsPut = z.infer<typeof AdjustmentsPut>;

export const AdjustmentsOut = z.object({
  userId: z.string(),
  displayName: z.string(),
  caseloadMax: z.number().nullable(),
  version: z.number(),
});
export type AdjustmentsOut = z.infer<typeof AdjustmentsOut>;

/** Error codes the web app may want to handle specially. */
export const EPISODE_ERROR_CODES = {
  caseloadFull: 'caseload_full',
  episodeClosed: 'episode_closed',
  staleVersion: 'stale_version',
} as const;
