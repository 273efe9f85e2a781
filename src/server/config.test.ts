import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDatabaseUrl, settings, settingsTable } from './config.js';

const env = (values: Record<string, string>) => values as NodeJS.ProcessEnv;

describe('config', () => {
  it('has safe defaults when nothing is set', () => {
    const config = loadConfig(env({}));
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.database).toEqual({ kind: 'sqlite', file: './data/alongside.db' });
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.secureCookies).toBe(false);
    expect(config.trustProxy).toBe(false);
    expect(config.sessionIdleMs).toBe(30 * 60_000);
    expect(config.sessionAbsoluteMs).toBe(12 * 3_600_000);
    expect(config.loginMaxFailures).toBe(5);
    expect(config.loginLockoutMs).toBe(15 * 60_000);
    expect(config.rateLimitPerMinute).toBe(600);
    expect(config.secretKey).toBeUndefined();
    expect(config.demo).toBe(false);
  });

  it('switches to PostgreSQL for a postgres:// DATABASE_URL', () => {
    expect(loadConfig(env({ DATABASE_URL: 'postgres://u:p@db:5432/alongside' })).database).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/alongside' });
    expect(parseDatabaseUrl('postgresql://db/alongside').kind).toBe('postgres');
    expect(parseDatabaseUrl('sqlite:///var/lib/alongside.db')).toEqual({ kind: 'sqlite', file: '/var/lib/alongside.db' });
    expect(parseDatabaseUrl('./here.db')).toEqual({ kind: 'sqlite', file: './here.db' });
  });

  it('reads booleans, numbers and an https address', () => {
    const config = loadConfig(env({ PORT: '8080', TRUST_PROXY: 'true', PUBLIC_URL: 'https://alongside.example.org/', SESSION_IDLE_MINUTES: '10' }));
    expect(config.port).toBe(8080);
    expect(config.trustProxy).toBe(true);
    expect(config.publicUrl).toBe('https://alongside.example.org');
    expect(config.secureCookies).toBe(true);
    expect(config.sessionIdleMs).toBe(10 * 60_000);
    expect(loadConfig(env({ TRUST_PROXY: 'no' })).trustProxy).toBe(false);
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig(env({ PORT: '' })).port).toBe(3000);
  });

  it.each([
    ['PORT', 'not-a-port'],
    ['PORT', '70000'],
    ['LOG_LEVEL', 'loud'],
    ['TRUST_PROXY', 'maybe'],
    ['SECRET_KEY', 'too-short'],
    ['PUBLIC_URL', 'not a url'],
    ['RATE_LIMIT_PER_MINUTE', '1'],
    ['LOGIN_MAX_FAILURES', '0'],
  ])('refuses %s=%s with a ConfigError naming the setting', (name, value) => {
    let caught: unknown;
    try {
      loadConfig(env({ [name]: value }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toContain(name);
  });

  it('lists every invalid setting at once', () => {
    expect(() => loadConfig(env({ PORT: 'x', LOG_LEVEL: 'y' }))).toThrow(/PORT[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*PORT/);
  });

  it('documents every setting in the table', () => {
    const table = settingsTable();
    for (const name of Object.keys(settings)) expect(table).toContain(`\`${name}\``);
  });

  it('README.md holds the settings table exactly as settingsTable() makes it', () => {
    const readme = join(process.cwd(), 'README.md');
    expect(existsSync(readme), 'README.md is missing').toBe(true);
    const text = readFileSync(readme, 'utf8');
    const match = /<!-- settings:start -->\r?\n([\s\S]*?)\r?\n<!-- settings:end -->/.exec(text);
    expect(match, 'README.md needs the settings table between <!-- settings:start --> and <!-- settings:end -->').not.toBeNull();
    expect(match![1]!.trim()).toBe(settingsTable());
  });
  it('reads the lone-working stage times, and refuses times out of order', () => {
    expect(loadConfig({} as NodeJS.ProcessEnv).loneWorkingOffsets).toEqual({ due: 0, worker_nudge: 5, lead_alert: 15, escalate: 30 });
    expect(loadConfig({ LONE_WORKING_STAGES_MINUTES: '0.05, 0.1,1' } as NodeJS.ProcessEnv).loneWorkingOffsets).toEqual({ due: 0, worker_nudge: 0.05, lead_alert: 0.1, escalate: 1 });
    expect(() => loadConfig({ LONE_WORKING_STAGES_MINUTES: '15,5,30' } as NodeJS.ProcessEnv)).toThrow(/later than the one before/);
    expect(() => loadConfig({ LONE_WORKING_STAGES_MINUTES: '0,5,30' } as NodeJS.ProcessEnv)).toThrow(/above 0/);
    expect(() => loadConfig({ LONE_WORKING_STAGES_MINUTES: 'soon' } as NodeJS.ProcessEnv)).toThrow(/three numbers/);
  });
});
