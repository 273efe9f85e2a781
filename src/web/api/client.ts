/**
 * The one way the web app talks to the server: same-origin JSON, the CSRF token on every change,
 * one error type, and a hook for "your session ended".
 */
import { ApiError, type ErrorPayload } from './errors.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;
let onSessionEnded: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request made with a live session comes back 401. */
export function setSessionEndedHandler(handler: (() => void) | null): void {
  onSessionEnded = handler;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Sign-in and reauthentication expect 401s as ordinary answers. */
  expectUnauthorised?: boolean;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, { code: 'offline', message: 'We could not reach Alongside. Check your connection and try again.' });
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const payload = (data as { error?: ErrorPayload } | null)?.error ?? {
      code: 'server_error',
      message: 'Something went wrong on our side. Please try again.',
    };
    const error = new ApiError(response.status, payload);
    if (response.status === 401 && !options.expectUnauthorised && csrfToken && onSessionEnded) {
      csrfToken = null;
      onSessionEnded();
    }
    throw error;
  }
  return data as T;
}
