import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../auth/secrets.js';
import type { Role } from '../../db/tables.js';
import { ENGINES } from '../../testing/databases.js';
import { createTestApp, type TestApp, type TestOrg } from '../../testing/test-app.js';

const DAY = 24 * 3_600_000;

describe.each(ENGINES)('users API on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t.close());

  const as = (org: TestOrg, roles: { role: Role; serviceId?: string | null }[]) => t.staff(org, roles);
  const adminOf = (org: TestOrg) => as(org, [{ role: 'org_admin', serviceId: null }]);
  const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;
  const db = () => t.app.deps.db;

  describe('inviting', () => {
    it('creates the account without a password, its roles and a 7-day link that works', async () => {
      const org = await t.organisation('Harbour Trust');
      const { client, id: adminId } = await adminOf(org);
      const res = await client.post('/api/v1/users', { email: ' New.Person@Example.org ', displayName: ' Robin Peer ', memberships: [{ role: 'peer_worker', serviceId: org.serviceId }, { role: 'commissioner', serviceId: null }] });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body.user).toMatchObject({ email: 'new.person@example.org', displayName: 'Robin Peer', status: 'invited', totpEnabled: false, version: 1 });
      expect(body.user.memberships.map((m: { role: string; serviceId: string | null; serviceName: string | null }) => [m.role, m.serviceId, m.serviceName])).toEqual([
        ['peer_worker', org.serviceId, 'Safe haven'],
        ['commissioner', null, null],
      ]);
      expect(body.invitationUrl).toMatch(new RegExp(`^${t.config.publicUrl}/app/invite\\?token=[A-Za-z0-9_-]{40,}$`));
      expect(body.expiresAt).toBe(new Date(t.clock.now + 7 * DAY).toISOString());

      const user = await db().selectFrom('users').selectAll().where('id', '=', body.user.id).executeTakeFirstOrThrow();
      expect(user).toMatchObject({ organisation_id: org.id, password_hash: null, disabled_at: null });
      const token = await db().selectFrom('one_time_tokens').selectAll().where('id', '=', sha256(tokenOf(body.invitationUrl))).executeTakeFirstOrThrow();
      expect(token).toMatchObject({ purpose: 'invite', organisation_id: org.id, user_id: body.user.id, created_by: adminId, used_at: null, expires_at: new Date(t.clock.now + 7 * DAY).toISOString() });
      const audit = await db().selectFrom('audit_events').selectAll().where('action', '=', 'user.invite').where('entity_id', '=', body.user.id).executeTakeFirstOrThrow();
      expect(audit.actor_user_id).toBe(adminId);
      expect(audit.details).not.toContain('example.org');
      expect(audit.details).not.toContain('Robin');

      // The invited person follows the link, sets a password and signs in.
      const invitation = await t.anonymous.get(`/api/v1/invitations/${tokenOf(body.invitationUrl)}`);
      expect(invitation.statusCode).toBe(200);
      expect(invitation.json()).toEqual({ email: 'new.person@example.org', displayName: 'Robin Peer', organisationName: 'Harbour Trust' });
      const accepted = await t.anonymous.post(`/api/v1/invitations/${tokenOf(body.invitationUrl)}/accept`, { password: 'a long and private sentence' });
      expect(accepted.statusCode).toBeLessThan(300);
      await t.signIn('new.person@example.org', 'a long and private sentence');
      expect((await client.get(`/api/v1/users/${body.user.id}`)).json().status).toBe('active');
    });

    it('answers bad input with field errors and stores nothing', async () => {
      const org = await t.organisation();
      const other = await t.organisation();
      const { client } = await adminOf(org);
      const count = async () => (await db().selectFrom('users').select('id').where('organisation_id', '=', org.id).execute()).length;
      const before = await count();
      const bad = await client.post('/api/v1/users', { email: 'not an email', displayName: '', memberships: [] });
      expect(bad.statusCode).toBe(400);
      expect(Object.keys(bad.json().error.fields)).toEqual(expect.arrayContaining(['email', 'displayName', 'memberships']));
      const badRole = await client.post('/api/v1/users', { email: 'a@example.org', displayName: 'A', memberships: [{ role: 'wizard', serviceId: null }] });
      expect(badRole.statusCode).toBe(400);
      expect(badRole.json().error.fields).toHaveProperty(['memberships.0.role']);
      const extra = await client.post('/api/v1/users', { email: 'a@example.org', displayName: 'A', memberships: [{ role: 'peer_worker', serviceId: org.serviceId }], isAdmin: true });
      expect(extra.statusCode).toBe(400);

      const shapes = await client.post('/api/v1/users', {
        email: 'b@example.org',
        displayName: 'B',
        memberships: [
          { role: 'org_admin', serviceId: org.serviceId },
          { role: 'peer_worker', serviceId: null },
          { role: 'shift_lead', serviceId: other.serviceId },
          { role: 'commissioner', serviceId: null },
        ],
      });
      expect(shapes.statusCode).toBe(400);
      expect(Object.keys(shapes.json().error.fields).sort()).toEqual(['memberships.0.serviceId', 'memberships.1.serviceId', 'memberships.2.serviceId']);
      expect(await count()).toBe(before);
      expect(await db().selectFrom('users').select('id').where('email', 'in', ['a@example.org', 'b@example.org']).execute()).toEqual([]);
    });

    it('refuses an email that already has an account (409 on the email field), whatever its case or organisation', async () => {
      const org = await t.organisation();
      const other = await t.organisation();
      const existing = await other.user({ roles: [{ role: 'peer_worker' }], email: 'taken@example.org' });
      const { client } = await adminOf(org);
      const res = await client.post('/api/v1/users', { email: 'TAKEN@example.org', displayName: 'Someone', memberships: [{ role: 'peer_worker', serviceId: org.serviceId }] });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.fields).toHaveProperty('email');
      const rows = await db().selectFrom('users').select('id').where('email', '=', 'taken@example.org').execute();
      expect(rows).toEqual([{ id: existing.id }]);
    });

    it('lets a service manager invite only into services they manage, and never give organisation-wide roles', async () => {
      const org = await t.organisation();
      const second = await org.service('Elsewhere');
      const { client } = await as(org, [{ role: 'service_manager', serviceId: org.serviceId }]);
      const ok = await client.post('/api/v1/users', { email: 'sm-ok@example.org', displayName: 'OK', memberships: [{ role: 'shift_lead', serviceId: org.serviceId }] });
      expect(ok.statusCode).toBe(201);
      const elsewhere = await client.post('/api/v1/users', { email: 'sm-else@example.org', displayName: 'Else', memberships: [{ role: 'peer_worker', serviceId: org.serviceId }, { role: 'peer_worker', serviceId: second }] });
      expect(elsewhere.statusCode).toBe(403);
      const admin = await client.post('/api/v1/users', { email: 'sm-admin@example.org', displayName: 'Admin', memberships: [{ role: 'org_admin', serviceId: null }] });
      expect(admin.statusCode).toBe(403);
      const commissioner = await client.post('/api/v1/users', { email: 'sm-comm@example.org', displayName: 'Comm', memberships: [{ role: 'commissioner', serviceId: null }] });
      expect(commissioner.statusCode).toBe(403);
      const rows = await db().selectFrom('users').select('email').where('email', 'like', 'sm-%').execute();
      expect(rows.map((r) => r.email)).toEqual(['sm-ok@example.org']);
      // A peer worker may not invite at all.
      const { client: peer } = await as(org, [{ role: 'peer_worker' }]);
      expect((await peer.post('/api/v1/users', { email: 'peer-inv@example.org', displayName: 'P', memberships: [{ role: 'peer_worker', serviceId: org.serviceId }] })).statusCode).toBe(403);
    });
  });

  describe('reading', () => {
    it('lists the organisation’s staff for an administrator, and the people in their services for a manager', async () => {
      const org = await t.organisation();
      const second = await org.service('Second');
      const other = await t.organisation();
      const stranger = await other.user({ roles: [{ role: 'peer_worker' }] });
      const { client: admin, id: adminId } = await adminOf(org);
      const inFirst = await org.user({ roles: [{ role: 'peer_worker' }] });
      const inSecond = await org.user({ roles: [{ role: 'peer_worker', serviceId: second }] });
      const { client: manager, id: managerId } = await as(org, [{ role: 'service_manager', serviceId: org.serviceId }]);

      const all = (await admin.get('/api/v1/users')).json().users.map((u: { id: string }) => u.id).sort();
      expect(all).toEqual([adminId, inFirst.id, inSecond.id, managerId].sort());
      const managed = (await manager.get('/api/v1/users')).json().users.map((u: { id: string }) => u.id).sort();
      expect(managed).toEqual([inFirst.id, managerId].sort());

      expect((await admin.get(`/api/v1/users/${inSecond.id}`)).json()).toMatchObject({ id: inSecond.id, status: 'active', memberships: [{ role: 'peer_worker', serviceId: second, serviceName: 'Second' }] });
      expect((await manager.get(`/api/v1/users/${inFirst.id}`)).statusCode).toBe(200);
      expect((await manager.get(`/api/v1/users/${inSecond.id}`)).statusCode).toBe(404);
      expect((await admin.get(`/api/v1/users/${stranger.id}`)).statusCode).toBe(404);
    });
  });

  describe('changing an account', () => {
    it('renames with a version, and refuses a stale one with both versions', async () => {
      const org = await t.organisation();
      const { client } = await adminOf(org);
      const person = await org.user({ roles: [{ role: 'peer_worker' }], name: 'Alex' });
      const res = await client.patch(`/api/v1/users/${person.id}`, { version: 1, displayName: 'Alex Jones' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ displayName: 'Alex Jones', version: 2 });
      const stale = await client.patch(`/api/v1/users/${person.id}`, { version: 1, displayName: 'Alexandra' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error).toMatchObject({ code: 'stale_version', current: { displayName: 'Alex Jones', version: 2 }, submitted: { version: 1, displayName: 'Alexandra' } });
      const bad = await client.patch(`/api/v1/users/${person.id}`, { version: 2, displayName: ' ', email: 'x@example.org' });
      expect(bad.statusCode).toBe(400);
      const stored = await db().selectFrom('users').select(['display_name', 'version', 'email']).where('id', '=', person.id).executeTakeFirstOrThrow();
      expect(stored).toEqual({ display_name: 'Alex Jones', version: 2, email: person.email });
      const audit = await db().selectFrom('audit_events').selectAll().where('action', '=', 'user.update').where('entity_id', '=', person.id).execute();
      expect(audit.map((a) => JSON.parse(a.details))).toEqual([{ fields: ['displayName'] }]);
    });

    it('disabling ends every session they have and stops them signing in; re-enabling lets them back', async () => {
      const org = await t.organisation();
      const { client } = await adminOf(org);
      const person = await org.user({ roles: [{ role: 'peer_worker' }] });
      const theirs = await t.signIn(person.email);
      const theirOther = await t.signIn(person.email);
      expect((await theirs.get('/api/v1/auth/session')).statusCode).toBe(200);

      const res = await client.patch(`/api/v1/users/${person.id}`, { version: 1, disabled: true });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'disabled', version: 2 });
      expect((await theirs.get('/api/v1/auth/session')).statusCode).toBe(401);
      expect((await theirOther.get('/api/v1/auth/session')).statusCode).toBe(401);
      const live = await db().selectFrom('sessions').select('id').where('user_id', '=', person.id).where('revoked_at', 'is', null).execute();
      expect(live).toEqual([]);
      await expect(t.signIn(person.email)).rejects.toThrow(/401/);
      expect(await db().selectFrom('audit_events').select('seq').where('action', '=', 'user.disable').where('entity_id', '=', person.id).execute()).toHaveLength(1);

      const enabled = await client.patch(`/api/v1/users/${person.id}`, { version: 2, disabled: false });
      expect(enabled.json()).toMatchObject({ status: 'active', version: 3 });
      await t.signIn(person.email);
    });

    it('needs a recent password check to disable, and an administrator cannot disable themselves', async () => {
      const org = await t.organisation();
      const { client, id } = await adminOf(org);
      const person = await org.user({ roles: [{ role: 'peer_worker' }] });
      const self = await client.patch(`/api/v1/users/${id}`, { version: 1, disabled: true });
      expect(self.statusCode).toBe(409);
      expect(self.json().error.message).toMatch(/your own account/);

      t.clock.advance(11 * 60_000);
      const stale = await client.patch(`/api/v1/users/${person.id}`, { version: 1, disabled: true });
      expect(stale.statusCode).toBe(403);
      expect(stale.json().error.code).toBe('reauth_required');
      expect((await db().selectFrom('users').select('disabled_at').where('id', '=', person.id).executeTakeFirstOrThrow()).disabled_at).toBeNull();
      // Renaming is not security-sensitive.
      expect((await client.patch(`/api/v1/users/${person.id}`, { version: 1, displayName: 'Still fine' })).statusCode).toBe(200);
    });

    it('answers 404 for another organisation’s account, and a manager may not change accounts', async () => {
      const org = await t.organisation();
      const other = await t.organisation();
      const stranger = await other.user({ roles: [{ role: 'peer_worker' }] });
      const { client } = await adminOf(org);
      const res = await client.patch(`/api/v1/users/${stranger.id}`, { version: 1, disabled: true });
      expect(res.statusCode).toBe(404);
      expect((await db().selectFrom('users').select('disabled_at').where('id', '=', stranger.id).executeTakeFirstOrThrow()).disabled_at).toBeNull();
      const { client: manager } = await as(org, [{ role: 'service_manager' }]);
      const person = await org.user({ roles: [{ role: 'peer_worker' }] });
      expect((await manager.patch(`/api/v1/users/${person.id}`, { version: 1, disabled: true })).statusCode).toBe(403);
    });
  });

  describe('invitation links', () => {
    it('re-issues a link: the old one stops working and the new one works', async () => {
      const org = await t.organisation();
      const { client } = await adminOf(org);
      const invited = (await client.post('/api/v1/users', { email: 'again@example.org', displayName: 'Again', memberships: [{ role: 'peer_worker', serviceId: org.serviceId }] })).json();
      const oldToken = tokenOf(invited.invitationUrl);
      t.clock.advance(5 * 60_000);
      const res = await client.post(`/api/v1/users/${invited.user.id}/invitation`);
      expect(res.statusCode).toBe(200);
      const newToken = tokenOf(res.json().invitationUrl);
      expect(newToken).not.toBe(oldToken);
      expect(res.json().expiresAt).toBe(new Date(t.clock.now + 7 * DAY).toISOString());
      const tokens = await db().selectFrom('one_time_tokens').select('id').where('user_id', '=', invited.user.id).execute();
      expect(tokens).toEqual([{ id: sha256(newToken) }]);
      expect((await t.anonymous.get(`/api/v1/invitations/${oldToken}`)).statusCode).toBe(404);
      expect((await t.anonymous.get(`/api/v1/invitations/${newToken}`)).statusCode).toBe(200);
      expect(await db().selectFrom('audit_events').select('seq').where('action', '=', 'user.invitation').where('entity_id', '=', invited.user.id).execute()).toHaveLength(1);
    });

    it('refuses a new link for someone who has set a password, and for another organisation’s account', async () => {
      const org = await t.organisation();
      const other = await t.organisation();
      const { client } = await adminOf(org);
      const active = await org.user({ roles: [{ role: 'peer_worker' }] });
      const res = await client.post(`/api/v1/users/${active.id}/invitation`);
      expect(res.statusCode).toBe(409);
      const stranger = await other.user({ roles: [{ role: 'peer_worker' }] });
      expect((await client.post(`/api/v1/users/${stranger.id}/invitation`)).statusCode).toBe(404);
      expect(await db().selectFrom('one_time_tokens').select('id').where('user_id', 'in', [active.id, stranger.id]).execute()).toEqual([]);
    });
  });

  describe('roles', () => {
    it('gives and removes a role, each audited', async () => {
      const org = await t.organisation();
      const second = await org.service('Crisis café');
      const { client } = await adminOf(org);
      const person = await org.user({ roles: [{ role: 'peer_worker' }] });
      const added = await client.post(`/api/v1/users/${person.id}/memberships`, { role: 'shift_lead', serviceId: second });
      expect(added.statusCode).toBe(201);
      expect(added.json()).toMatchObject({ role: 'shift_lead', serviceId: second, serviceName: 'Crisis café' });
      const membershipId = added.json().id;
      // The new role counts straight away.
      const theirs = await t.signIn(person.email);
      expect((await theirs.get(`/api/v1/services/${second}`)).statusCode).toBe(200);

      const dup = await client.post(`/api/v1/users/${person.id}/memberships`, { role: 'shift_lead', serviceId: second });
      expect(dup.statusCode).toBe(409);

      const removed = await client.delete(`/api/v1/users/${person.id}/memberships/${membershipId}`);
      expect(removed.statusCode).toBe(204);
      expect((await theirs.get(`/api/v1/services/${second}`)).statusCode).toBe(403);
      const rows = await db().selectFrom('memberships').select('role').where('user_id', '=', person.id).execute();
      expect(rows).toEqual([{ role: 'peer_worker' }]);
      const audit = await db().selectFrom('audit_events').select(['action', 'details']).where('entity_id', '=', membershipId).orderBy('seq').execute();
      expect(audit.map((a) => a.action)).toEqual(['membership.create', 'membership.delete']);
      expect(JSON.parse(audit[0]!.details)).toEqual({ userId: person.id, role: 'shift_lead', serviceId: second });
    });

    it('answers bad roles with field errors, and other organisations’ ids with 404', async () => {
      const org = await t.organisation();
      const other = await t.organisation();
      const { client } = await adminOf(org);
      const person = await org.user({ roles: [{ role: 'peer_worker' }] });
      const stranger = await other.user({ roles: [{ role: 'peer_worker' }] });
      const strangerRole = await db().selectFrom('memberships').select('id').where('user_id', '=', stranger.id).executeTakeFirstOrThrow();

      const noService = await client.post(`/api/v1/users/${person.id}/memberships`, { role: 'shift_lead', serviceId: null });
      expect(noService.statusCode).toBe(400);
      expect(noService.json().error.fields).toHaveProperty('serviceId');
      const adminInService = await client.post(`/api/v1/users/${person.id}/memberships`, { role: 'org_admin', serviceId: org.serviceId });
      expect(adminInService.statusCode).toBe(400);
      expect(adminInService.json().error.fields).toHaveProperty('serviceId');
      const theirService = await client.post(`/api/v1/users/${person.id}/memberships`, { role: 'shift_lead', serviceId: other.serviceId });
      expect(theirService.statusCode).toBe(400);
      const noRole = await client.post(`/api/v1/users/${person.id}/memberships`, { serviceId: org.serviceId });
      expect(noRole.statusCode).toBe(400);
      expect(noRole.json().error.fields).toHaveProperty('role');

      expect((await client.post(`/api/v1/users/${stranger.id}/memberships`, { role: 'peer_worker', serviceId: org.serviceId })).statusCode).toBe(404);
      expect((await client.delete(`/api/v1/users/${stranger.id}/memberships/${strangerRole.id}`)).statusCode).toBe(404);
      expect((await client.delete(`/api/v1/users/${person.id}/memberships/${strangerRole.id}`)).statusCode).toBe(404);
      expect(await db().selectFrom('memberships').select('id').where('user_id', '=', stranger.id).execute()).toHaveLength(1);
      expect(await db().selectFrom('memberships').select('id').where('user_id', '=', person.id).execute()).toHaveLength(1);
    });

    it('keeps an administrator from removing their own last administrator role, and needs a recent password check', async () => {
      const org = await t.organisation();
      const { client, id } = await adminOf(org);
      const mine = await db().selectFrom('memberships').select('id').where('user_id', '=', id).executeTakeFirstOrThrow();
      const res = await client.delete(`/api/v1/users/${id}/memberships/${mine.id}`);
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toMatch(/your own administrator role/);
      expect(await db().selectFrom('memberships').select('id').where('id', '=', mine.id).execute()).toHaveLength(1);

      const person = await org.user({ roles: [{ role: 'peer_worker' }] });
      t.clock.advance(11 * 60_000);
      const late = await client.post(`/api/v1/users/${person.id}/memberships`, { role: 'senior_peer', serviceId: org.serviceId });
      expect(late.statusCode).toBe(403);
      expect(late.json().error.code).toBe('reauth_required');
      const lateDelete = await client.delete(`/api/v1/users/${person.id}/memberships/${mine.id}`);
      expect(lateDelete.statusCode).toBe(403);
      expect(await db().selectFrom('memberships').select('id').where('user_id', '=', person.id).execute()).toHaveLength(1);
    });

    it('lets an administrator remove another administrator’s role while one remains', async () => {
      const org = await t.organisation();
      const { client } = await adminOf(org);
      const second = await org.user({ roles: [{ role: 'org_admin', serviceId: null }] });
      const role = await db().selectFrom('memberships').select('id').where('user_id', '=', second.id).executeTakeFirstOrThrow();
      expect((await client.delete(`/api/v1/users/${second.id}/memberships/${role.id}`)).statusCode).toBe(204);
    });

    it('refuses role changes from a service manager', async () => {
      const org = await t.organisation();
      const { client } = await as(org, [{ role: 'service_manager' }]);
      const person = await org.user({ roles: [{ role: 'peer_worker' }] });
      expect((await client.post(`/api/v1/users/${person.id}/memberships`, { role: 'shift_lead', serviceId: org.serviceId })).statusCode).toBe(403);
    });
  });

  describe('resetting a second factor', () => {
    it('clears it, ends their sessions, and is audited', async () => {
      const org = await t.organisation();
      const { client } = await adminOf(org);
      const person = await org.user({ roles: [{ role: 'peer_worker' }] });
      await db().updateTable('users').set({ totp_enabled: 1, totp_secret: 'v1.sealed.value.here' }).where('id', '=', person.id).execute();
      const theirs = await t.signIn(person.email, undefined, undefined).catch(() => null);
      expect(theirs).toBeNull(); // they need a code to sign in while the factor is on
      const res = await client.post(`/api/v1/users/${person.id}/totp/reset`);
      expect(res.statusCode).toBe(200);
      expect(res.json().totpEnabled).toBe(false);
      const row = await db().selectFrom('users').selectAll().where('id', '=', person.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ totp_enabled: 0, totp_secret: null });
      expect(await db().selectFrom('audit_events').select('outcome').where('action', '=', 'user.totp_reset').where('entity_id', '=', person.id).execute()).toEqual([{ outcome: 'success' }]);
      // Now they can sign in with their password alone, and set up a new factor.
      expect((await t.signIn(person.email)).csrfToken).toBeTruthy();
    });

    it('answers 404 for someone in another organisation, and changes nothing', async () => {
      const org = await t.organisation();
      const other = await t.organisation('Elsewhere');
      const { client } = await adminOf(org);
      const stranger = await other.user({ roles: [{ role: 'peer_worker' }] });
      await db().updateTable('users').set({ totp_enabled: 1 }).where('id', '=', stranger.id).execute();
      expect((await client.post(`/api/v1/users/${stranger.id}/totp/reset`)).statusCode).toBe(404);
      expect((await db().selectFrom('users').select('totp_enabled').where('id', '=', stranger.id).executeTakeFirstOrThrow()).totp_enabled).toBe(1);
    });

    it('needs a recent re-authentication', async () => {
      const org = await t.organisation();
      const { client } = await adminOf(org);
      const person = await org.user({ roles: [{ role: 'peer_worker' }] });
      t.clock.advance(11 * 60_000);
      await client.get('/api/v1/users'); // stay signed in
      const res = await client.post(`/api/v1/users/${person.id}/totp/reset`);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('reauth_required');
    });
  });
});
