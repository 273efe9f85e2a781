import { createHmac } from 'node:crypto';
import { NotifyClient } from 'notifications-node-client';
import type { Config } from '../config.js';
import type { DbOrTrx } from '../db/scope.js';
import { newId, nowIso } from '../db/values.js';

/**
 * The notification port: every SMS and email the service sends goes through here.
 *
 * - `console` (development, and whenever NOTIFY_API_KEY is unset): prints the message to
 *   standard output so a developer can follow a link. The address is masked.
 * - `govuk` (production): GOV.UK Notify, through its official client. Two generic
 *   templates are used, one per channel, each made of placeholders: SMS `((message))`,
 *   email subject `((subject))` and body `((message))`. docs/notify.md says how to set them up.
 * - tests point NOTIFY_BASE_URL at the fake Notify server (notify/fake-notify-server.ts)
 *   on loopback, so the real client and its authentication are exercised end to end.
 *
 * The `notifications` table keeps what was sent (channel, kind, status, provider id),
 * never the words or the address: plan links are secrets and addresses are personal.
 */
export type Channel = 'sms' | 'email';

/** The kinds of message we send; each has its words in the feature that sends it. */
export type NotificationTemplate = 'plan_link' | 'break_glass' | 'alert' | 'alert_test' | 'debrief_reminder' | 'supervision_reminder';

export interface OutgoingMessage {
  organisationId: string;
  channel: Channel;
  to: string;
  template: NotificationTemplate;
  /** Email only. */
  subject?: string;
  message: string;
}

export interface SendResult {
  notificationId: string;
  status: 'sent' | 'failed';
  providerReference: string | null;
}

export interface Notifier {
  readonly mode: 'console' | 'govuk';
  /** Sends one message and records it (in `db`, which may be the caller's transaction). */
  send(db: DbOrTrx, message: OutgoingMessage): Promise<SendResult>;
}

export interface NotifySettings {
  apiKey: string | undefined;
  baseUrl: string;
  smsTemplateId: string | undefined;
  emailTemplateId: string | undefined;
}

/** Keyed digest of an address: lets us count messages to one address without keeping it. */
export const addressDigest = (secretKey: string, to: string): string =>
  createHmac('sha256', `notify:${secretKey}`).update(to.replace(/\s+/g, '').toLowerCase()).digest('hex');

const mask = (to: string): string => (to.includes('@') ? `${to.slice(0, 1)}…@${to.split('@')[1] ?? ''}` : `…${to.replace(/\s+/g, '').slice(-3)}`);

type Transport = (message: OutgoingMessage) => Promise<string | null>;

function consoleTransport(write: (line: string) => void): Transport {
  return async (message) => {
    write(
      [
        `── ${message.channel.toUpperCase()} to ${mask(message.to)} (${message.template}) ──`,
        ...(message.subject ? [`Subject: ${message.subject}`] : []),
        message.message,
        '──',
      ].join('\n'),
    );
    return null;
  };
}

function govukTransport(settings: NotifySettings & { apiKey: string }): Transport {
  const client = new NotifyClient(settings.baseUrl, settings.apiKey);
  return async (message) => {
    if (message.channel === 'sms') {
      if (!settings.smsTemplateId) throw new Error('NOTIFY_SMS_TEMPLATE_ID is not set');
      const reply = await client.sendSms(settings.smsTemplateId, message.to, { personalisation: { message: message.message } });
      return reply.data.id;
    }
    if (!settings.emailTemplateId) throw new Error('NOTIFY_EMAIL_TEMPLATE_ID is not set');
    const reply = await client.sendEmail(settings.emailTemplateId, message.to, { personalisation: { subject: message.subject ?? '', message: message.message } });
    return reply.data.id;
  };
}

export function createNotifier(settings: NotifySettings, secretKey: string, clock: () => number, write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Notifier {
  const mode = settings.apiKey ? 'govuk' : 'console';
  const transport = settings.apiKey ? govukTransport({ ...settings, apiKey: settings.apiKey }) : consoleTransport(write);
  return {
    mode,
    async send(db, message) {
      let status: SendResult['status'] = 'sent';
      let providerReference: string | null = null;
      let errorCode: string | null = null;
      try {
        providerReference = await transport(message);
      } catch (error) {
        status = 'failed';
        // Only the HTTP status or error class: provider error bodies can echo the address.
        const s = (error as { response?: { status?: number } }).response?.status;
        errorCode = s ? `http_${s}` : error instanceof Error ? error.name : 'error';
      }
      const notificationId = newId();
      await db
        .insertInto('notifications')
        .values({
          id: notificationId,
          organisation_id: message.organisationId,
          channel: message.channel,
          template: message.template,
          to_digest: addressDigest(secretKey, message.to),
          status,
          provider_reference: providerReference,
          error_code: errorCode,
          created_at: nowIso(clock),
        })
        .execute();
      return { notificationId, status, providerReference };
    },
  };
}

export const notifySettingsOf = (config: Config): NotifySettings => config.notify;
