import { z } from 'zod';

/**
 * Every setting Alongside reads from the environment, validated once at start.
 * The README's settings table is generated from `settingsTable` below, so the
 * two cannot drift apart (a unit test compares them).
 */
const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const settings = {
  PORT: { schema: z.coerce.number().int().min(0).max(65535), default: '3000', doc: 'TCP port the server listens on.' },
  HOST: { schema: z.string().min(1), default: '127.0.0.1', doc: 'Address to listen on. Use 0.0.0.0 inside a container or behind a proxy.' },
  DATABASE_URL: {
    schema: z.string().min(1),
    default: './data/alongside.db',
    doc: 'A file path (or `sqlite:` URL) for embedded SQLite, or a `postgres://` URL for PostgreSQL.',
  },
  PUBLIC_URL: {
    schema: z.string().url().optional(),
    default: undefined,
    doc: 'The address people use to reach the service (links in invitations and setup). Defaults to http://localhost:PORT. An https:// address turns on Secure `__Host-` cookies and HSTS.',
  },
  LOG_LEVEL: { schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), default: 'info', doc: 'pino log level. Logs never contain personal data.' },
  TRUST_PROXY: { schema: boolish, default: 'false', doc: 'Set to true behind a reverse proxy so client addresses come from X-Forwarded-For.' },
  SESSION_IDLE_MINUTES: { schema: z.coerce.number().positive().max(24 * 60), default: '30', doc: 'A session ends after this long without use.' },
  SESSION_ABSOLUTE_HOURS: { schema: z.coerce.number().positive().max(24 * 7), default: '12', doc: 'A session ends this long after sign-in, however busy.' },
  LOGIN_MAX_FAILURES: { schema: z.coerce.number().int().min(1).max(100), default: '5', doc: 'Failed sign-ins for one account (or 4x this from one address) before a temporary lockout.' },
  LOGIN_LOCKOUT_MINUTES: { schema: z.coerce.number().positive().max(24 * 60), default: '15', doc: 'How long a temporary sign-in lockout lasts. Short on purpose, so nobody can lock another person out for long.' },
  ALONGSIDE_DEMO_PASSWORD: { schema: z.string().min(8).max(64).optional(), default: undefined, doc: 'Password shared by every demo account (`npm run demo`). A random one is printed at start when unset.' },
  SECRET_KEY: {
    schema: z.string().min(32).optional(),
    default: undefined,
    doc: 'At least 32 characters, used to encrypt second-factor secrets and to key audit digests. When unset, a random key is made once and kept in the database; set it in production so the key lives apart from the data.',
  },
  METRICS_TOKEN: { schema: z.string().min(16).optional(), default: undefined, doc: 'When set, /metrics needs `Authorization: Bearer <token>`. Metrics never hold personal data.' },
  RATE_LIMIT_PER_MINUTE: { schema: z.coerce.number().int().min(10), default: '600', doc: 'Requests per minute one address may make to the API.' },
  PUBLIC_CALLBACKS_PER_HOUR: {
    schema: z.coerce.number().int().min(1).max(1000),
    default: '10',
    doc: 'Call back requests the public help page takes from one address in an hour. Many people can share one address (mobile networks, hospital Wi-Fi), so keep it generous; the form also has a time check and a hidden field against automated floods.',
  },
  NOTIFY_API_KEY: {
    schema: z.string().min(74).optional(),
    default: undefined,
    doc: 'GOV.UK Notify API key. Unset: messages (plan links, alerts) are printed to the console instead of sent, for development. See docs/notify.md.',
  },
  NOTIFY_BASE_URL: { schema: z.string().url(), default: 'https://api.notifications.service.gov.uk', doc: 'GOV.UK Notify API address (tests point it at a fake Notify on loopback).' },
  NOTIFY_SMS_TEMPLATE_ID: { schema: z.string().uuid().optional(), default: undefined, doc: 'Notify SMS template whose whole body is `((message))`.' },
  NOTIFY_EMAIL_TEMPLATE_ID: { schema: z.string().uuid().optional(), default: undefined, doc: 'Notify email template with subject `((subject))` and body `((message))`.' },
  PLAN_CODE_MAX_TRIES: {
    schema: z.coerce.number().int().min(3).max(20),
    default: '5',
    doc: 'Wrong codes allowed on one crisis plan link before it pauses for `PLAN_CODE_LOCK_MINUTES`.',
  },
  PLAN_CODE_LOCK_MINUTES: {
    schema: z.coerce.number().int().min(1).max(60),
    default: '15',
    doc: 'How long a plan link pauses after too many wrong codes. Short on purpose, so a guesser cannot keep the person out of their own plan for long.',
  },
  LONE_WORKING_STAGES_MINUTES: {
    schema: z
      .string()
      .regex(/^\s*\d+(\.\d+)?\s*,\s*\d+(\.\d+)?\s*,\s*\d+(\.\d+)?\s*$/, 'Give three numbers of minutes, like 5,15,30')
      .refine((v) => {
        const [a, b, c] = v.split(',').map(Number);
        return a! > 0 && a! < b! && b! < c!;
      }, 'The three times must each be later than the one before, and above 0'),
    default: '5,15,30',
    doc: 'Minutes after a lone-working visit\'s expected end, with no check-in, when the worker gets a second reminder, the shift lead is alerted, and the escalation ladder starts. docs/lone-working.md.',
  },
  PLAN_BREAK_GLASS_MINUTES: {
    schema: z.coerce.number().int().min(5).max(24 * 60),
    default: '60',
    doc: 'How long emergency access to a crisis plan without consent lasts. The service manager is told at once.',
  },
} as const;

type SettingName = keyof typeof settings;

// prefault (not default): zod 4 parses a prefault like given input, so "false" becomes false.
const envSchema = z.object(
  Object.fromEntries(
    Object.entries(settings).map(([name, s]) => [name, s.default === undefined ? s.schema : (s.schema as z.ZodTypeAny).prefault(s.default)]),
  ) as unknown as { [K in SettingName]: (typeof settings)[K]['schema'] },
);

export interface Config {
  port: number;
  host: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  publicUrl: string;
  secureCookies: boolean;
  logLevel: string;
  trustProxy: boolean;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  loginMaxFailures: number;
  loginLockoutMs: number;
  demoPassword: string | undefined;
  /** true when the server runs `alongside demo`: every page shows a demo banner. */
  demo: boolean;
  secretKey: string | undefined;
  metricsToken: string | undefined;
  rateLimitPerMinute: number;
  /** Public call back requests taken from one address in an hour. */
  publicCallbacksPerHour: number;
  /** Notification port (notify/notify.ts): console when apiKey is unset. */
  notify: { apiKey: string | undefined; baseUrl: string; smsTemplateId: string | undefined; emailTemplateId: string | undefined };
  /** Crisis plan links: wrong codes before a short pause, and its length. */
  planCodeMaxTries: number;
  planCodeLockMs: number;
  /** Emergency access to a plan without consent lasts this long. */
  planBreakGlassMs: number;
  /** Minutes after a visit's expected end for each stage (features/escalations/rules.ts). */
  loneWorkingOffsets: { due: number; worker_nudge: number; lead_alert: number; escalate: number };
  /** Where the built staff app lives; tests without a build leave it missing. */
  webRoot: string | undefined;
}

export class ConfigError extends Error {}

function loneWorkingOffsetsOf(text: string): Config['loneWorkingOffsets'] {
  const [nudge, lead, escalate] = text.split(',').map(Number) as [number, number, number];
  return { due: 0, worker_nudge: nudge, lead_alert: lead, escalate };
}

export function parseDatabaseUrl(url: string): Config['database'] {
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url };
  const file = url.replace(/^sqlite:(\/\/)?/, '').replace(/^file:(\/\/)?/, '');
  if (!file) throw new ConfigError('DATABASE_URL: give a file path or a postgres:// URL');
  return { kind: 'sqlite', file };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(
    Object.fromEntries(Object.keys(settings).map((k) => [k, env[k] === '' ? undefined : env[k]])),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Some settings are not valid:\n${lines.join('\n')}`);
  }
  const e = parsed.data as unknown as {
    PORT: number; HOST: string; DATABASE_URL: string; PUBLIC_URL?: string; LOG_LEVEL: string; TRUST_PROXY: boolean;
    SESSION_IDLE_MINUTES: number; SESSION_ABSOLUTE_HOURS: number; LOGIN_MAX_FAILURES: number; LOGIN_LOCKOUT_MINUTES: number;
    ALONGSIDE_DEMO_PASSWORD?: string; SECRET_KEY?: string; METRICS_TOKEN?: string; RATE_LIMIT_PER_MINUTE: number; PUBLIC_CALLBACKS_PER_HOUR: number;
    NOTIFY_API_KEY?: string; NOTIFY_BASE_URL: string; NOTIFY_SMS_TEMPLATE_ID?: string; NOTIFY_EMAIL_TEMPLATE_ID?: string;
    PLAN_CODE_MAX_TRIES: number; PLAN_CODE_LOCK_MINUTES: number; PLAN_BREAK_GLASS_MINUTES: number; LONE_WORKING_STAGES_MINUTES: string;
  };
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    database: parseDatabaseUrl(e.DATABASE_URL),
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockoutMs: e.LOGIN_LOCKOUT_MINUTES * 60_000,
    demoPassword: e.ALONGSIDE_DEMO_PASSWORD,
    demo: false,
    secretKey: e.SECRET_KEY,
    metricsToken: e.METRICS_TOKEN,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    publicCallbacksPerHour: e.PUBLIC_CALLBACKS_PER_HOUR,
    notify: { apiKey: e.NOTIFY_API_KEY, baseUrl: e.NOTIFY_BASE_URL.replace(/\/$/, ''), smsTemplateId: e.NOTIFY_SMS_TEMPLATE_ID, emailTemplateId: e.NOTIFY_EMAIL_TEMPLATE_ID },
    planCodeMaxTries: e.PLAN_CODE_MAX_TRIES,
    planCodeLockMs: e.PLAN_CODE_LOCK_MINUTES * 60_000,
    planBreakGlassMs: e.PLAN_BREAK_GLASS_MINUTES * 60_000,
    loneWorkingOffsets: loneWorkingOffsetsOf(e.LONE_WORKING_STAGES_MINUTES),
    webRoot: undefined,
    ...overrides,
  };
}

/** Markdown table of settings for the README (kept in step by a unit test). */
export function settingsTable(): string {
  const rows = Object.entries(settings).map(
    ([name, s]) => `| \`${name}\` | ${s.default === undefined ? '(unset)' : `\`${s.default}\``} | ${s.doc} |`,
  );
  return ['| setting | default | what it does |', '| --- | --- | --- |', ...rows].join('\n');
}
