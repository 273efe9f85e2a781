import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.js';
import { REAUTH_WINDOW_MS, requireRecentReauth } from './service.js';

const at = Date.parse('2026-11-26T12:00:00.000Z');
const session = (reauthenticatedAt: string) => ({ session: { reauthenticated_at: reauthenticatedAt } }) as Parameters<typeof requireRecentReauth>[1];

describe('requireRecentReauth', () => {
  it('allows a change within ten minutes of confirming the password', () => {
    expect(() => requireRecentReauth({ clock: () => at + REAUTH_WINDOW_MS }, session(new Date(at).toISOString()))).not.toThrow();
  });

  it('asks for the password again after ten minutes', () => {
    try {
      requireRecentReauth({ clock: () => at + REAUTH_WINDOW_MS + 1 }, session(new Date(at).toISOString()));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).statusCode).toBe(403);
      expect((error as AppError).code).toBe('reauth_required');
    }
  });

  it('treats an unreadable time as not recent', () => {
    expect(() => requireRecentReauth({ clock: () => at }, session('not a time'))).toThrow(AppError);
  });
});
