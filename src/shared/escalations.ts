import { z } from 'zod';
import { RecordId } from './admin.js';
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

const noNul = (v: string) => !v.includes('\u0000');
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
