import { z } from 'zod';
import { noNul, text, words } from './text.js';
import { Phone, RecordId, Version } from './admin.js';
import { ROLES } from './roles.js';

/**
 * Escalation ladders (issue 6): where a peer worker goes, step by step, when they are
 * worried and need someone quickly. A ladder belongs to a service and is kept by its
 * managers. Raising an escalation takes a copy of the ladder as it is then, so editing the
 * ladder never changes one already under way.
 *
 * A ladder is a straight line of steps by construction: a step cannot point back to an
 * earlier one, so loops cannot be written down. The last step never goes quiet (see
 * server/features/escalations/rules.ts): until someone acknowledges, it keeps alerting
 * the shift lead and the service manager.
 */

export const STEP_ACTIONS = ['phone', 'sms', 'email', 'in_app', 'call_999', 'wait_end_of_shift'] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];
export const STEP_ACTION_LABELS: Record<StepAction, string> = {
  phone: 'Phone',
  sms: 'Text message',
  email: 'Email',
  in_app: 'Alert in Alongside',
  call_999: 'Call 999',
  wait_end_of_shift: 'Wait for the end-of-shift call',
};

const Label = z.string().trim().min(1, 'Say what this step is').max(160, 'Keep this to 160 characters or fewer').refine(noNul, 'Remove the unusual characters from this');

export const StepWho = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('role'), role: z.enum(ROLES, { error: 'Choose a role' }) }).strict(),
    z.object({ kind: z.literal('user'), userId: RecordId }).strict(),
    /** A partner service's duty contact, from this organisation's directory. */
    z.object({ kind: z.literal('directory'), directoryEntryId: RecordId }).strict(),
    /** Nobody in particular: 999, or waiting for the call at the end of the shift. */
    z.object({ kind: z.literal('none') }).strict(),
  ],
  { error: 'Choose who this step reaches' },
);
export type StepWho = z.infer<typeof StepWho>;

export const MAX_WINDOW_MINUTES = 24 * 60;
export const LadderStep = z
  .object({
    label: Label,
    action: z.enum(STEP_ACTIONS, { error: 'Choose what this step does' }),
    who: StepWho,
    /** How long this step has to be acknowledged before the next one starts by itself. */
    windowMinutes: z
      .number({ error: 'Enter a number of minutes' })
      .int('Enter whole minutes')
      .min(1, 'Give each step at least a minute')
      .max(MAX_WINDOW_MINUTES, 'Keep a step to a day or less'),
    /** The number to call for this step, when it is not a person's or a directory entry's own. */
    phone: Phone.optional(),
  })
  .strict()
  .superRefine((step, ctx) => {
    const needsSomeone = step.action === 'phone' || step.action === 'sms' || step.action === 'email' || step.action === 'in_app';
    if (needsSomeone && step.who.kind === 'none') ctx.addIssue({ code: 'custom', path: ['who'], message: 'Choose who this step reaches' });
  });
export type LadderStep = z.infer<typeof LadderStep>;

export const MAX_STEPS = 12;
export const LadderSteps = z
  .array(LadderStep)
  .min(1, 'A ladder needs at least one step')
  .max(MAX_STEPS, `Keep a ladder to ${MAX_STEPS} steps or fewer`)
  .superRefine((steps, ctx) => {
    // The very same step twice in a row would only ring the same person again: a loop in disguise.
    for (let i = 1; i < steps.length; i++) {
      const a = steps[i - 1]!;
      const b = steps[i]!;
      if (a.label === b.label && a.action === b.action && JSON.stringify(a.who) === JSON.stringify(b.who)) {
        ctx.addIssue({ code: 'custom', path: [i], message: 'This step repeats the one before it. Make it a different action or person, or remove it' });
      }
    }
  });

/**
 * A new service's ladder, shaped like the one crisis services described: the usual crisis
 * number, then the crisis team's duty manager, the home treatment team's duty manager, the
 * service manager, an email to all of them, and finally, depending on urgency, waiting for the
 * end-of-shift call or calling 999. Directory-based steps start as roles until a manager
 * links them to the partners' entries.
 */
export function defaultLadder(): LadderStep[] {
  return [
    { label: 'Call the usual crisis number', action: 'phone', who: { kind: 'role', role: 'shift_lead' }, windowMinutes: 10 },
    { label: 'Call the crisis team’s duty manager', action: 'phone', who: { kind: 'role', role: 'clinical_partner' }, windowMinutes: 10 },
    { label: 'Call the home treatment team’s duty manager', action: 'phone', who: { kind: 'role', role: 'clinical_partner' }, windowMinutes: 10 },
    { label: 'Call the service manager', action: 'phone', who: { kind: 'role', role: 'service_manager' }, windowMinutes: 10 },
    { label: 'Email all of the above', action: 'email', who: { kind: 'role', role: 'service_manager' }, windowMinutes: 15 },
    { label: 'If it can wait, wait for the end-of-shift call; if not, call 999', action: 'call_999', who: { kind: 'none' }, windowMinutes: 15 },
  ];
}

// ---- API contracts -----------------------------------------------------------------
//
// Routes (service-scoped under /api/v1/services/:serviceId/):
//   GET  escalation-ladder                          ladder.read            → LadderOut (the default when none saved: version 0)
//   PUT  escalation-ladder                          ladder.update          → LadderOut (version 0 over the default; stale → 409)
//   GET  escalations?status=                        escalation.read        → EscalationsOut
//   POST escalations                                escalation.raise       → 201 EscalationOut
//   GET  escalations/report?from=&to=               escalation.report      → EscalationReportOut
//   GET  escalations/:escalationId                  escalation.read        → EscalationOut (audited read)
//   POST escalations/:escalationId/attempts         escalation.update      → 201 EscalationOut
//   POST escalations/:escalationId/acknowledge      escalation.acknowledge → EscalationOut (twice → 409 who and when)
//   PATCH escalations/:escalationId                 escalation.update      → EscalationOut (outcome; stale → 409)
//   POST escalations/:escalationId/close            escalation.update      → EscalationOut (debrief offers)
//   POST escalations/:escalationId/views            escalation.view        → 201 EscalationOut (append-only)
//   GET  handover                                   handover.read          → HandoverOut
//   POST handover                                   handover.write         → 201 HandoverNoteOut

const IsoDateTime = z.iso.datetime({ offset: true, error: 'Enter a date and time' });

/** Someone a step reaches, with the ways to reach them (numbers to call first). */
export const StepContactOut = z.object({
  kind: z.enum(['user', 'directory']),
  id: z.string(),
  name: z.string(),
  phones: z.array(z.object({ number: z.string(), label: z.string().nullable() })),
  email: z.string().nullable(),
});
export type StepContactOut = z.infer<typeof StepContactOut>;

export const LadderStepOut = z.object({
  index: z.number(),
  label: z.string(),
  action: z.enum(STEP_ACTIONS),
  actionLabel: z.string(),
  who: StepWho,
  /** Who this step reaches, in words (a role, a person, a partner service, or nobody). */
  whoLabel: z.string(),
  windowMinutes: z.number(),
  phone: z.string().nullable(),
  /** The people and partner services it reaches, with numbers to call. */
  contacts: z.array(StepContactOut),
});
export type LadderStepOut = z.infer<typeof LadderStepOut>;

export const LadderOut = z.object({
  serviceId: z.string(),
  steps: z.array(LadderStepOut),
  /** True until a manager saves this service's own ladder (version 0 until then). */
  isDefault: z.boolean(),
  updatedAt: z.string().nullable(),
  version: z.number(),
});
export type LadderOut = z.infer<typeof LadderOut>;

export const LadderPut = z.strictObject({
  steps: LadderSteps,
  /** The version read; 0 when saving over the default ladder. */
  version: z.number({ error: 'Send the version you started editing from' }).int().min(0).max(2_147_483_647),
});
export type LadderPut = z.infer<typeof LadderPut>;

export const ESCALATION_STATUSES = ['open', 'acknowledged', 'closed'] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];
export const ESCALATION_STATUS_LABELS: Record<EscalationStatus, string> = {
  open: 'Waiting for someone to pick it up',
  acknowledged: 'Someone has picked it up',
  closed: 'Closed',
};

export const ATTEMPT_RESULTS = ['tried', 'answered', 'no_answer', 'advice_given'] as const;
export type AttemptResult = (typeof ATTEMPT_RESULTS)[number];
export const ATTEMPT_RESULT_LABELS: Record<AttemptResult, string> = {
  tried: 'Tried',
  answered: 'Answered',
  no_answer: 'No answer',
  advice_given: 'Advice given',
};

export const PERSPECTIVES = ['peer', 'clinical', 'social_care'] as const;
export type Perspective = (typeof PERSPECTIVES)[number];
export const PERSPECTIVE_LABELS: Record<Perspective, string> = {
  peer: 'Peer worker’s view',
  clinical: 'Clinical view',
  social_care: 'Social care view',
};

export const EscalationRaise = z
  .strictObject({
    /** The worry, in the worker's own words. */
    concern: text(4000, 'Say what you are worried about, in your own words'),
    personId: RecordId.optional(),
    contactId: RecordId.optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.personId && !v.contactId) ctx.addIssue({ code: 'custom', path: ['personId'], message: 'Choose the person or the contact this is about' });
  });
export type EscalationRaise = z.infer<typeof EscalationRaise>;

export const AttemptCreate = z.strictObject({
  stepIndex: z.number({ error: 'Choose the step' }).int('Choose the step').min(0, 'Choose the step').max(MAX_STEPS - 1, 'Choose the step'),
  result: z.enum(ATTEMPT_RESULTS, { error: 'Choose what happened' }),
  note: words(2000).optional(),
  /** When it happened (defaults to now); not in the future. */
  attemptedAt: IsoDateTime.optional(),
});
export type AttemptCreate = z.infer<typeof AttemptCreate>;

export const EscalationAcknowledge = z.strictObject({ note: words(2000).optional() });
export type EscalationAcknowledge = z.infer<typeof EscalationAcknowledge>;

export const EscalationPatch = z.strictObject({ outcome: text(4000, 'Say what happened'), version: Version });
export type EscalationPatch = z.infer<typeof EscalationPatch>;

export const EscalationClose = z.strictObject({ outcome: text(4000, 'Say what happened').optional(), version: Version });
export type EscalationClose = z.infer<typeof EscalationClose>;

export const ViewCreate = z.strictObject({
  perspective: z.enum(PERSPECTIVES, { error: 'Choose whose view this is' }),
  view: text(4000, 'Write the view'),
  reasons: text(4000, 'Say why'),
  /** The one recording it says it differs from the other side's view. */
  differs: z.boolean({ error: 'Say whether this differs from the other view' }),
});
export type ViewCreate = z.infer<typeof ViewCreate>;

export const EscalationsQuery = z.strictObject({ status: z.enum(ESCALATION_STATUSES).optional() });
export type EscalationsQuery = z.infer<typeof EscalationsQuery>;

const Named = z.object({ userId: z.string(), name: z.string() }).nullable();

export const AttemptOut = z.object({
  id: z.string(),
  stepIndex: z.number(),
  result: z.enum(ATTEMPT_RESULTS),
  note: z.string().nullable(),
  attemptedAt: z.string(),
  recordedBy: Named,
  recordedAt: z.string(),
});
export type AttemptOut = z.infer<typeof AttemptOut>;

export const ViewOut = z.object({
  id: z.string(),
  perspective: z.enum(PERSPECTIVES),
  view: z.string(),
  reasons: z.string(),
  differs: z.boolean(),
  recordedBy: Named,
  recordedAt: z.string(),
});
export type ViewOut = z.infer<typeof ViewOut>;

export const EscalationStepOut = LadderStepOut.extend({
  status: z.enum(['done', 'current', 'upcoming']),
});

export const EscalationSummaryOut = z.object({
  id: z.string(),
  serviceId: z.string(),
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  contactId: z.string().nullable(),
  visitId: z.string().nullable(),
  raisedBy: Named,
  raisedAt: z.string(),
  status: z.enum(ESCALATION_STATUSES),
  stepIndex: z.number(),
  stepCount: z.number(),
  currentStepLabel: z.string(),
  stepStartedAt: z.string(),
  /** How many times the last step has alerted again. */
  repeats: z.number(),
  /** What happens next and when (null once someone has picked it up). */
  next: z.object({ type: z.enum(['advance', 'repeat']), at: z.string() }).nullable(),
  acknowledgedBy: Named,
  acknowledgedAt: z.string().nullable(),
  updatedAt: z.string(),
  version: z.number(),
});
export type EscalationSummaryOut = z.infer<typeof EscalationSummaryOut>;

export const EscalationOut = EscalationSummaryOut.extend({
  concern: z.string(),
  steps: z.array(EscalationStepOut),
  attempts: z.array(AttemptOut),
  /** Side by side: every view as recorded, oldest first; none overwrites another. */
  views: z.object({ peer: z.array(ViewOut), other: z.array(ViewOut), differ: z.boolean() }),
  outcome: z.string().nullable(),
  closedBy: Named,
  closedAt: z.string().nullable(),
});
export type EscalationOut = z.infer<typeof EscalationOut>;

export const EscalationsOut = z.object({ escalations: z.array(EscalationSummaryOut) });

export const ReportQuery = z.strictObject({ from: IsoDateTime.optional(), to: IsoDateTime.optional() });
export type ReportQuery = z.infer<typeof ReportQuery>;

export const EscalationReportOut = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  raised: z.number(),
  acknowledged: z.number(),
  closed: z.number(),
  /** Escalations with both a peer view and a clinical or social care view recorded. */
  withBothViews: z.number(),
  /** Of those, how many where the views differed. */
  viewsDiffered: z.number(),
});
export type EscalationReportOut = z.infer<typeof EscalationReportOut>;

export const HandoverCreate = z.strictObject({
  note: text(4000, 'Write the handover note'),
  /** The incoming lead, when known. */
  toUserId: RecordId.optional(),
});
export type HandoverCreate = z.infer<typeof HandoverCreate>;

export const HandoverNoteOut = z.object({
  id: z.string(),
  from: Named,
  to: Named,
  note: z.string(),
  createdAt: z.string(),
});
export type HandoverNoteOut = z.infer<typeof HandoverNoteOut>;

export const HandoverVisitOut = z.object({
  id: z.string(),
  worker: Named,
  contact: Named,
  location: z.string(),
  startedAt: z.string(),
  expectedEndAt: z.string(),
  checkedInAt: z.string().nullable(),
  overdue: z.boolean(),
});

export const HandoverOut = z.object({
  serviceId: z.string(),
  openEscalations: z.array(EscalationSummaryOut),
  activeVisits: z.array(HandoverVisitOut),
  /** Open alerts in the service, oldest first (what still needs someone). */
  openAlerts: z.number(),
  /** The latest handover notes, newest first. */
  notes: z.array(HandoverNoteOut),
});
export type HandoverOut = z.infer<typeof HandoverOut>;
