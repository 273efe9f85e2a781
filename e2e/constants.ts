/** Shared by playwright.config.ts and the specs (kept free of test imports). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
/** The second demo server, whose sessions end after 3 seconds idle. */
export const E2E_EXPIRY_PORT = Number(process.env.E2E_EXPIRY_PORT ?? 3211);
export const DEMO_PASSWORD = 'e2e-demo-password-1';
export const BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const EXPIRY_BASE_URL = `http://127.0.0.1:${E2E_EXPIRY_PORT}`;
/** The third demo server, only for the lone-working journey, which waits on real timers (see playwright.config.ts). */
export const E2E_TIMERS_PORT = Number(process.env.E2E_TIMERS_PORT ?? 3214);
/** The fake GOV.UK Notify the demo servers send through (scripts/fake-notify.ts); GET /_messages lists what was sent. */
export const E2E_NOTIFY_PORT = Number(process.env.E2E_NOTIFY_PORT ?? 3213);
export const NOTIFY_URL = `http://127.0.0.1:${E2E_NOTIFY_PORT}`;
export const E2E_SMS_TEMPLATE_ID = '1a1e8c52-3b52-4e66-9a8c-6d0c0f3f0a01';
export const E2E_EMAIL_TEMPLATE_ID = '1a1e8c52-3b52-4e66-9a8c-6d0c0f3f0a02';
