import { generate, generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

export const TOTP_PERIOD_SECONDS = 30;

export const newTotpSecret = (): string => generateSecret();

export function totpUri(secret: string, email: string, issuer: string): string {
  return generateURI({ issuer, label: email, secret });
}

/** The QR code as an SVG document, shown as an image in the web app. */
export const totpQrSvg = (uri: string): Promise<string> => QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });

/**
 * Checks a code, allowing one step of clock drift either way. A code whose time step
 * is not after `lastStep` is refused, so a code seen over someone's shoulder cannot
 * be used again. Returns the matched step to store, or null.
 */
export async function checkTotp(secret: string, code: string, lastStep: number | null, nowMs: number): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(nowMs / 1000),
    epochTolerance: TOTP_PERIOD_SECONDS,
    ...(lastStep != null ? { afterTimeStep: lastStep } : {}),
  });
  if (!result.valid) return null;
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS) + result.delta;
}

/** For tests and the demo: the code an authenticator app would show now. */
export const totpCodeAt = (secret: string, nowMs: number): Promise<string> =>
  generate({ secret, epoch: Math.floor(nowMs / 1000) });
