/** Shared by playwright.config.ts and the specs (kept free of test imports). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
/** The second demo server, whose sessions end after 3 seconds idle. */
export const E2E_EXPIRY_PORT = Number(process.env.E2E_EXPIRY_PORT ?? 3211);
export const DEMO_PASSWORD = 'e2e-demo-password-1';
export const BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const EXPIRY_BASE_URL = `http://127.0.0.1:${E2E_EXPIRY_PORT}`;
