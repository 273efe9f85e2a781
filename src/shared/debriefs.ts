import { z } from 'zod';
import { RecordId, Version } from './admin.js';

/**
 * Debriefs (issue 7): offered to everyone involved after an escalation closes or a lone-working
 * alarm is acknowledged, or asked for by anyone (partner staff too). Accepting names a peer
 * supporter and starts a gentle follow-up rhythm: a planning contact, a conversation, and a
 * follow-up about a month on. Saying no thanks is respected: no reminders, no nagging, and the
 * worker can still say yes later.
 *
 * Only the worker and their named supporter see a debrief. What happened is talked about, not
 * typed in: a request carries no words at all (docs/wellbeing.md "Debriefs").
 */

const IsoDateTime = z.iso.datetime({ offset: true, error: 'Enter a date and time' });

export const DEBRIEF_STATUSES = ['offered', 'booked', 'declined', 'done'] as const;
export type DebriefStatus = (typeof DEBRIEF_STATUSES)[number];
export const DEBRIEF_SOURCES = ['escalation', 'lone_working', 'request'] as const;
export type DebriefSource = (typeof DEBRIEF_SOURCES)[number];
export const CONTACT_KINDS = ['planning', 'conversation', 'follow_up'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** Plain words for each contact in the rhythm. */
export const CONTACT_LABELS: Record<ContactKind, string> = {
  planning: 'A first chat to plan',
  conversation: 'A proper conversation',
  follow_up: 'A check-in about a month on',
};

/** Where the debrief came from, in plain words, never naming the person who was in crisis. */
export function describeSource(source: DebriefSource, at: string, whose: 'mine' | 'theirs' = 'mine'): string {
  const when = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long' }).format(new Date(at));
  const who = whose === 'mine' ? 'you were' : 'they were';
  if (source === 'escalation') return `Offered after an escalation ${who} part of (${when})`;
  if (source === 'lone_working') return `Offered after a lone-working alarm (${when})`;
  return `${whose === 'mine' ? 'You' : 'They'} asked for this on ${when}`;
}

// ---- requests -------------------------------------------------------------------------

export const DebriefAccept = z.strictObject({
  /** A peer worker or senior peer of the debrief's service, not the worker themselves. */
  peerSupporterId: RecordId,
  version: Version.optional(),
});
export type DebriefAccept = z.infer<typeof DebriefAccept>;

export const DebriefDecline = z.strictObject({ version: Version.optional() }).nullish();
export type DebriefDecline = z.infer<typeof DebriefDecline>;

export const DebriefRequest = z.strictObject({
  /** The service the worker asks through (one they belong to). */
  serviceId: RecordId,
  /** Optional: name a supporter now, and the rhythm starts at once. */
  peerSupporterId: RecordId.nullable().optional(),
});
export type DebriefRequest = z.infer<typeof DebriefRequest>;

export const ContactDone = z.strictObject({
  /** When it happened; now if left out. Never in the future. */
  doneAt: IsoDateTime.optional(),
  /** "Are difficulties carrying on?" Left out when not asked. */
  difficultiesPersist: z.boolean().nullable().optional(),
});
export type ContactDone = z.infer<typeof ContactDone>;

// ---- replies --------------------------------------------------------------------------

export const ContactState = z.enum(['done', 'overdue', 'due', 'upcoming', 'stopped']);
export type ContactState = z.infer<typeof ContactState>;

export const DebriefContactOut = z.object({
  id: z.string(),
  kind: z.enum(CONTACT_KINDS),
  dueAt: z.string(),
  doneAt: z.string().nullable(),
  difficultiesPersist: z.boolean().nullable(),
  state: ContactState,
});
export type DebriefContactOut = z.infer<typeof DebriefContactOut>;

const Person = z.object({ id: z.string(), name: z.string() });

export const DebriefOut = z.object({
  id: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  sourceType: z.enum(DEBRIEF_SOURCES),
  offeredAt: z.string(),
  status: z.enum(DEBRIEF_STATUSES),
  peerSupporter: Person.nullable(),
  acceptedAt: z.string().nullable(),
  declinedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  contacts: z.array(DebriefContactOut),
  /** Difficulties carrying on after the conversation: show the kind prompt about professional help. */
  professionalHelp: z.boolean(),
  version: z.number(),
});
export type DebriefOut = z.infer<typeof DebriefOut>;

export const MyDebriefsOut = z.object({
  debriefs: z.array(DebriefOut),
  /** Who can be chosen as a supporter, per service the worker belongs to (never themselves). */
  supporterChoices: z.array(z.object({ serviceId: z.string(), serviceName: z.string(), people: z.array(Person) })),
});
export type MyDebriefsOut = z.infer<typeof MyDebriefsOut>;

export const DebriefReply = z.object({ debrief: DebriefOut });
export type DebriefReply = z.infer<typeof DebriefReply>;

/** A debrief the signed-in person supports: the worker's name (they chose them), never the words. */
export const SupportingOut = z.object({
  debriefs: z.array(DebriefOut.extend({ worker: Person, overdue: z.number() })),
});
export type SupportingOut = z.infer<typeof SupportingOut>;

/** What a service manager sees: counts only (docs/wellbeing.md says why). */
export const DebriefSummaryOut = z.object({
  serviceId: z.string(),
  /** Escalations and alarms that led to offers, and how many people were offered one. */
  events: z.number(),
  offeredAfterEvents: z.number(),
  requests: z.number(),
  counts: z.object({ offered: z.number(), booked: z.number(), declined: z.number(), done: z.number() }),
});
export type DebriefSummaryOut = z.infer<typeof DebriefSummaryOut>;

/** Places to turn to when difficulties carry on: our own words. */
export const PROFESSIONAL_HELP = {
  intro:
    'It sounds as if things are still hard. That is understandable after what you went through, and it is a good time to get some extra support. You do not have to wait until it gets worse.',
  /** What the supporter sees instead of the intro. */
  supporterIntro:
    'Things are still hard for them a month on. It could help to talk together about some extra support; these are places they could turn to, and you could help them take the first step.',
  places: [
    'Your GP: you can book an appointment and say you have been struggling since something at work.',
    'Occupational health, if your organisation has it: your manager or HR can refer you, or you may be able to refer yourself.',
    'An employee assistance programme, if your organisation has one: it is free, confidential and often open day and night.',
    'Samaritans: call 116 123, free, any time, to talk things through.',
    'NHS 111: call and choose the mental health option if you need help soon.',
  ],
} as const;
