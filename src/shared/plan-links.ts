import { z } from 'zod';
import { RecordId } from './admin.js';
import { IsoDate } from './episodes.js';
import { EmailAddress, LinkOut, PhoneNumber } from './plans.js';

/**
 * Links to a crisis plan for people without an account (issue 5): the person's own link,
 * or a link for someone the plan is shared with (a carer, a GP, ...). A link is sent by
 * SMS or email through the notification port, or handed over by the worker (`none`).
 * The short code that opens it is never sent with it: the worker sees it once and tells
 * the person (or the recipient) in person or on the phone.
 *
 * Staff routes (organisation scope), under /api/v1/people/:personId/plan:
 *   POST plan/links                    plan.link → 201 LinkCreated (url and code shown once, never again)
 *   POST plan/links/:linkId/withdraw   plan.link → LinkOut (every open of it stops at once)
 * Public pages (no account): /my-plan/open/<token> (enter the code), /my-plan (the plan),
 * /my-plan/print?layout=a4|wallet, /my-plan/agree, /my-plan/forget. See docs/my-plan.md.
 */

export const LINK_CHANNELS = ['sms', 'email', 'none'] as const;
export type LinkChannel = (typeof LINK_CHANNELS)[number];
export const LINK_CHANNEL_LABELS: Record<LinkChannel, string> = {
  sms: 'By text message',
  email: 'By email',
  none: 'I will give it to them myself',
};

/** Digits in a code. */
export const PLAN_CODE_LENGTH = 6;
/** The person's own link lasts this long unless a date is chosen; a share's link never outlives its share. */
export const PERSON_LINK_DAYS = 366;
/** The latest last day a link can be given (days from today). */
export const LINK_MAX_DAYS = 366;

export const LinkCreate = z
  .object({
    /** The share whose recipient gets the link; absent: the person's own link. */
    shareId: RecordId.optional(),
    channel: z.enum(LINK_CHANNELS, { error: 'Choose how the link gets to them' }),
    /**
     * Where to send it: a mobile number for SMS, an email address for email. Absent: the
     * number or address on the person's record (or the share's) is used, if there is one.
     */
    to: z.string().trim().max(254, 'Keep this to 254 characters or fewer').optional(),
    /** Last day the link works (Europe/London); default a year, and never after the share ends. */
    expiresOn: IsoDate.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.to === undefined || value.to === '') return;
    if (value.channel === 'none') ctx.addIssue({ code: 'custom', path: ['to'], message: 'Leave this empty when you give the link yourself' });
    else if (value.channel === 'sms' && !PhoneNumber.safeParse(value.to).success) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Enter a mobile number, like 07700 900123' });
    else if (value.channel === 'email' && !EmailAddress.safeParse(value.to).success) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Enter an email address, like name@example.com' });
  });
export type LinkCreate = z.infer<typeof LinkCreate>;

export const LinkCreated = z.object({
  link: LinkOut,
  /** The address to open; shown once. Sent by SMS or email too unless the channel is `none`. */
  url: z.string(),
  /** The short code; shown once, never sent with the link. */
  code: z.string(),
  /** What happened to the message: sent, failed (give the link by hand instead), or none sent. */
  sent: z.enum(['sent', 'failed', 'not_sent']),
});
export type LinkCreated = z.infer<typeof LinkCreated>;

export const LinkWithdraw = z.object({}).strict();
export type LinkWithdraw = z.infer<typeof LinkWithdraw>;

export const LinkParams = z.object({ personId: RecordId, linkId: RecordId }).strict();
