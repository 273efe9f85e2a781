import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../db/values.js';
import { ENGINES } from '../testing/databases.js';
import { createTestApp, type Client, type TestApp, type TestOrg } from '../testing/test-app.js';
import { everyDay } from '../../shared/opening-hours.js';
import { FORM_MAX_MS } from './form-token.js';

/** The page budget from DESIGN.md: the complete first render in one round trip. */
const BUDGET_BYTES = 14 * 1024;
const SCRIPT = '<script>alert("x")</script>';

describe.each(ENGINES)('public help pages on %s', (engine) => {
  let t: TestApp;
  let org: TestOrg;
  let lead: Client;
  let address = 0;
  const nextAddress = () => `192.0.2.${++address}`;

  const db = () => t.app.deps.db;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...headers } });
  const post = (url: string, fields: Record<string, string> | string, remoteAddress = nextAddress()) =>
    t.app.inject({
      method: 'POST',
      url,
      remoteAddress,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: typeof fields === 'string' ? fields : new URLSearchParams(fields).toString(),
    });
  const tokenIn = (res: LightMyRequestResponse) => /name="token" value="([^"]+)"/.exec(res.body)?.[1] ?? '';
  /** A form token handed out now, then time for a person to fill the form in. */
  const freshToken = async (base: string) => {
    const token = tokenIn(await get(base));
    t.clock.advance(20_000);
    return token;
  };
  const callbacks = (serviceId: string) => db().selectFrom('callback_requests').selectAll().where('service_id', '=', serviceId).orderBy('created_at').execute();

  async function addEntry(fields: { name: string; serviceId?: string | null; status?: string; taxonomy?: string[]; minAge?: number | null; document: Record<string, unknown>; organisationId?: string }) {
    const now = nowIso(() => t.clock.now);
    const id = newId();
    await db()
      .insertInto('directory_entries')
      .values({
        id,
        organisation_id: fields.organisationId ?? org.id,
        service_id: fields.serviceId ?? null,
        name: fields.name,
        status: (fields.status ?? 'active') as 'active',
        taxonomy: JSON.stringify(fields.taxonomy ?? []),
        min_age: fields.minAge ?? null,
        max_age: null,
        document: JSON.stringify({ id, name: fields.name, status: fields.status ?? 'active', ...fields.document }),
        last_checked_at: now,
        last_checked_by: null,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .execute();
    return id;
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    org = await t.organisation('Riverbank Partnership');
    await db()
      .updateTable('organisations')
      .set({ under16_service_name: 'Young Minds Line', under16_phone: '0300 555 0199' })
      .where('id', '=', org.id)
      .execute();
    // The haven opens 16:00 to midnight every day of the year.
    await db()
      .updateTable('services')
      .set({ slug: 'harbour', name: 'The Harbour', is_default: 1, opening_hours: JSON.stringify(everyDay('16:00', '00:00')), description: 'A calm place to come in the evening.' })
      .where('id', '=', org.serviceId)
      .execute();
    const carersId = await org.service('Carers Together');
    await db().updateTable('services').set({ slug: 'carers', type: 'carers_peer_support' }).where('id', '=', carersId).execute();
    await addEntry({
      name: 'The Harbour',
      serviceId: org.serviceId,
      minAge: 16,
      document: {
        description: 'Our safe haven.',
        contacts: [{ id: 'c1', phones: [{ id: 'p1', number: '0300 555 0100' }] }],
        service_at_locations: [{ id: 'sl1', location: { id: 'l1', name: 'Harbour House', description: 'Take bus 12 to the quay. We are the blue door.', physical_addresses: [{ id: 'a1', address_1: '4 Quay Street', city: 'Riverbank', postal_code: 'RB1 2AB' }] } }],
      },
    });
    await addEntry({ name: 'Money Advice Riverbank', taxonomy: ['money'], document: { description: 'Help with debts and bills.', url: 'https://money.example.org', contacts: [{ phones: [{ number: '0300 555 0123' }] }] } });
    await addEntry({ name: 'Carers Hub', taxonomy: ['carers-support'], document: { description: 'Support for people caring for someone.' } });
    await addEntry({ name: 'Closed Drop-in', status: 'defunct', document: {} });
    // Already on the page: a national line, the under-16 service, one of our own services.
    await addEntry({ name: 'Samaritans entry', taxonomy: ['crisis-line'], document: { contacts: [{ phones: [{ number: '116 123' }] }] } });
    await addEntry({ name: 'Young Minds entry', document: { contacts: [{ phones: [{ number: '0300 555 0199' }] }] } });
    await addEntry({ name: 'Carers Together entry', serviceId: carersId, taxonomy: ['carers-support'], document: {} });
    await addEntry({ name: `Bad ${SCRIPT}`, document: { description: SCRIPT, url: 'javascript:alert(1)' } });
    // A second organisation, set up later, with a default service of its own and the same service address.
    const other = await t.organisation('Another Org');
    await db().updateTable('services').set({ is_default: 1, slug: 'harbour', name: 'Another Org haven' }).where('id', '=', other.serviceId).execute();
    await addEntry({ name: 'Another org entry', organisationId: other.id, document: {} });
    const leadUser = await org.user({ roles: [{ role: 'shift_lead' }], name: 'Lee Lead' });
    lead = await t.signIn(leadUser.email);
  });
  afterAll(async () => t.close());

  it('sends /help/ and /s/<service>/help/ to the page, keeping the language', async () => {
    const slash = await get('/help/?lang=ur');
    expect(slash.statusCode).toBe(301);
    expect(slash.headers.location).toBe('/help?lang=ur');
    const service = await get('/s/carers/help/');
    expect(service.statusCode).toBe(301);
    expect(service.headers.location).toBe('/s/carers/help');
  });

  it('/help is the default service of the first organisation, with every section in order', async () => {
    const res = await get('/help');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    expect(html).toMatch(/^<!doctype html><html lang="en" dir="ltr">/);
    expect(html).toContain('The Harbour');
    const order = ['id="danger"', 'id="urgent"', 'id="place"', 'id="peer"', 'id="u16"', 'id="carers"', 'id="local"', 'id="callback"'].map((id) => html.indexOf(id));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Danger and urgent help, as links a phone can dial.
    for (const link of ['href="tel:999"', 'href="tel:111"', 'href="tel:116123"', 'href="sms:85258?body=SHOUT"']) expect(html).toContain(link);
    expect(html).toContain('choose option 2');
    expect(html).toContain('116 123. It is free');
    // Our place, from the directory entry linked to the service.
    expect(html).toContain('Our safe haven');
    expect(html).toContain('4 Quay Street, Riverbank, RB1 2AB');
    expect(html).toContain('Take bus 12 to the quay.');
    expect(html).toContain('When you get here');
    expect(html).toContain('aged 16 and over');
    expect(html).toContain('href="tel:03005550100"');
    // Under 16: the organisation's named service.
    expect(html).toContain('Young Minds Line');
    expect(html).toContain('href="tel:03005550199"');
    // Carers: the organisation's carers service and the carers entry.
    const carers = html.slice(html.indexOf('id="carers"'), html.indexOf('id="local"'));
    expect(carers).toContain('href="/s/carers/help"');
    expect(carers).toContain('Carers Hub');
    // Other local services: active entries of this organisation only.
    const local = html.slice(html.indexOf('id="local"'), html.indexOf('id="callback"'));
    expect(local).toContain('Money Advice Riverbank');
    expect(local).toContain('href="tel:03005550123"');
    expect(local).toContain('href="https://money.example.org"');
    expect(html).not.toContain('Closed Drop-in');
    for (const shownAlready of ['Samaritans entry', 'Young Minds entry', 'Carers Together entry']) expect(html).not.toContain(shownAlready);
    expect(html).not.toContain('Another org entry');
    expect(html).not.toContain('Another Org haven');
    expect((await get('/s/harbour/help')).body).not.toContain('Another Org haven');
    // The form asks only four things, plus its token and the hidden honeypot.
    const form = html.slice(html.indexOf('<form'), html.indexOf('</form>'));
    const names = [...form.matchAll(/ name="([a-z]+)"/g)].map((m) => m[1]);
    expect(names).toEqual(['token', 'lang', 'website', 'name', 'reach', 'time', 'message']);
    expect(html).toContain('action="/help/callback"');
  });

  it('escapes what comes from records, and never links to a script', async () => {
    const html = (await get('/s/harbour/help')).body;
    expect(html).not.toContain(SCRIPT);
    expect(html).toContain('Bad &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.toContain('javascript:');
  });

  it('makes no other request: CSS inline, no external resources, a strict policy, under 14 KB compressed', async () => {
    const res = await get('/help', { 'accept-encoding': 'br, gzip' });
    expect(res.headers['content-encoding']).toBe('br');
    const html = brotliDecompressSync(res.rawPayload).toString('utf8');
    // Only <a> links may point elsewhere; nothing is loaded from anywhere.
    expect(html).not.toMatch(/\ssrc=/i);
    expect([...html.matchAll(/<link [^>]*>/g)].map((m) => m[0])).toEqual(['<link rel="icon" href="data:,">']);
    expect(html).not.toMatch(/url\(|@import/i);
    expect([...html.matchAll(/<style>/g)]).toHaveLength(1);
    expect([...html.matchAll(/<script>/g)]).toHaveLength(1);
    expect(html).not.toMatch(/ style=/);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['cache-control']).toContain('stale-if-error');
    expect(res.headers.vary).toContain('accept-encoding');
    expect(res.rawPayload.length).toBeLessThanOrEqual(BUDGET_BYTES);
    for (const lang of ['ur', 'pl']) {
      for (const encoding of ['br', 'gzip']) {
        const r = await get(`/help?lang=${lang}`, { 'accept-encoding': encoding });
        expect(r.headers['content-encoding']).toBe(encoding);
        expect(r.rawPayload.length, `${lang} ${encoding}`).toBeLessThanOrEqual(BUDGET_BYTES);
      }
    }
    expect(gunzipSync((await get('/help', { 'accept-encoding': 'gzip' })).rawPayload).toString('utf8')).toContain('id="callback"');
  });

  it('makes the page once a second, in the encoding the browser asks for', async () => {
    const plain = await get('/help');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-length']).toBe(String(Buffer.byteLength(plain.body)));
    expect((await get('/help', { 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding']).toBe('gzip');
    expect((await get('/help', { 'accept-encoding': 'gzip, br' })).headers['content-encoding']).toBe('br');
    // The same page (and form token) for everyone in the same second; a new one the next second.
    expect(tokenIn(await get('/help'))).toBe(tokenIn(plain));
    t.clock.advance(1000);
    expect(tokenIn(await get('/help'))).not.toBe(tokenIn(plain));
  });

  it("shows today's hours and whether it is open now, in London time", async () => {
    const start = t.clock.now;
    try {
      // Thursday 26 November, 12:00 GMT.
      t.clock.now = Date.parse('2026-11-26T12:00:00Z');
      let html = (await get('/help')).body;
      expect(html).toContain('Closed now. Opens today at 16:00');
      expect(html).toContain('Open today 16:00 to midnight');
      t.clock.now = Date.parse('2026-11-26T17:30:00Z');
      expect((await get('/help')).body).toContain('Open now until midnight');
      // Summer time: 15:30 UTC is 16:30 in London.
      t.clock.now = Date.parse('2026-07-01T15:30:00Z');
      expect((await get('/help')).body).toContain('Open now until midnight');
      // 23:30 UTC on 1 July is 00:30 on 2 July in London: closed, and today there means 2 July.
      t.clock.now = Date.parse('2026-07-01T23:30:00Z');
      html = (await get('/help?lang=pl')).body;
      expect(html).toContain('Teraz zamknięte. Otwieramy dziś o 16:00');
      expect(html).toContain('Dziś otwarte od 16:00 do północy');
    } finally {
      t.clock.now = start;
    }
  });

  it('speaks Urdu (right to left) and Polish, marked as awaiting review, with a small switch', async () => {
    const ur = (await get('/help?lang=ur')).body;
    expect(ur).toMatch(/^<!doctype html><html lang="ur" dir="rtl">/);
    expect(ur).toContain('ابھی مدد حاصل کریں');
    expect(ur).toContain('class="review"');
    expect(ur).toContain('This translation is waiting to be checked by native speakers from our community.');
    // Numbers keep their order inside right-to-left text.
    expect(ur).toContain('<bdi dir="ltr">116 123</bdi>');
    expect(ur).toContain('<input type="hidden" name="lang" value="ur">');
    const pl = (await get('/help?lang=pl')).body;
    expect(pl).toMatch(/<html lang="pl" dir="ltr">/);
    expect(pl).toContain('Pomoc teraz');
    expect(pl).toContain('czeka na sprawdzenie');
    const en = (await get('/help?lang=xx')).body;
    expect(en).toMatch(/<html lang="en" dir="ltr">/);
    expect(en).not.toContain('class="review"');
    expect(en).toContain('<a href="/help?lang=ur" lang="ur" hreflang="ur">اردو</a>');
    expect(en).toContain('<a href="/help?lang=pl" lang="pl" hreflang="pl">Polski</a>');
  });

  it('answers 404 with the urgent numbers for an unknown or archived service', async () => {
    for (const url of ['/s/no-such-service/help', '/s/NOT%20A%20SLUG/help', '/s/no-such-service/help/thanks']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('href="tel:999"');
    }
    const archived = await org.service('Old place');
    await db().updateTable('services').set({ slug: 'old-place', archived_at: nowIso() }).where('id', '=', archived).execute();
    expect((await get('/s/old-place/help')).statusCode).toBe(404);
    const res = await post('/s/no-such-service/help/callback', { name: 'A', reach: '07700 900000' });
    expect(res.statusCode).toBe(404);
  });

  it('a call back request lands on the board at once, audited without personal text', async () => {
    const boardUrl = `/api/v1/services/${org.serviceId}/board`;
    expect((await lead.get(boardUrl)).json().callbacks).toEqual([]);
    const token = await freshToken('/s/harbour/help');
    const name = `Sam ${SCRIPT}`;
    const res = await post('/s/harbour/help/callback', { token, lang: 'pl', website: '', name, reach: '07700 900123', time: 'after 6pm', message: 'Rough week.\r\nCan someone call?' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/s/harbour/help/thanks?lang=pl');
    const rows = await callbacks(org.serviceId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name, how_to_reach: '07700 900123', good_time: 'after 6pm', message: 'Rough week.\nCan someone call?', status: 'waiting', source: 'public', organisation_id: org.id });
    // On the board at once (the cached board was dropped), the script kept as text.
    const board = (await lead.get(boardUrl)).json();
    expect(board.callbacks).toEqual([expect.objectContaining({ id: rows[0]!.id, name, goodTime: 'after 6pm', status: 'waiting' })]);
    const audit = await db().selectFrom('audit_events').selectAll().where('entity_id', '=', rows[0]!.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'callback.public_request', actor_user_id: null, organisation_id: org.id, outcome: 'success' });
    expect(audit[0]!.source_digest).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.parse(audit[0]!.details)).toEqual({ serviceId: org.serviceId, source: 'public', gave: ['time', 'message'] });
    for (const personal of ['Sam', '07700', 'Rough', '6pm']) expect(audit[0]!.details).not.toContain(personal);

    const thanks = await get(res.headers.location as string);
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('Co będzie dalej');
    expect(thanks.body).toContain('Jeśli w czasie czekania poczujesz się gorzej');
    const en = (await get('/s/harbour/help/thanks')).body;
    expect(en).toContain('What happens next');
    expect(en).toContain('If things get worse while you wait');
    expect(en).toContain('href="tel:999"');
  });

  it('works from /help too, for the default service', async () => {
    const before = (await callbacks(org.serviceId)).length;
    const res = await post('/help/callback', { token: await freshToken('/help'), name: 'Alex', reach: 'alex@example.org' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/help/thanks');
    expect(await callbacks(org.serviceId)).toHaveLength(before + 1);
  });

  it('refuses without storing anything: missing, forged or other-service token, too quick, too old, honeypot, bad fields', async () => {
    const carers = (await db().selectFrom('services').select('id').where('slug', '=', 'carers').executeTakeFirstOrThrow()).id;
    const carersToken = await freshToken('/s/carers/help');
    const good = { name: 'Jo', reach: '07700 900456' };
    const before = await db().selectFrom('callback_requests').select('id').execute();
    const cases: [string, () => Promise<LightMyRequestResponse>, string][] = [
      ['missing token', async () => post('/s/harbour/help/callback', good), 'Something was not right with the form'],
      ['forged token', async () => post('/s/harbour/help/callback', { ...good, token: 'abc.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }), 'Something was not right'],
      ['another service’s token', async () => post('/s/harbour/help/callback', { ...good, token: carersToken }), 'Something was not right'],
      ['too quick', async () => post('/s/harbour/help/callback', { ...good, token: tokenIn(await get('/s/harbour/help')) }), 'That was very quick'],
      [
        'too old',
        async () => {
          const token = tokenIn(await get('/s/harbour/help'));
          t.clock.advance(FORM_MAX_MS + 1000);
          return post('/s/harbour/help/callback', { ...good, token });
        },
        'This form was open for a long time',
      ],
      ['honeypot', async () => post('/s/harbour/help/callback', { ...good, token: await freshToken('/s/harbour/help'), website: 'http://spam.example' }), 'Something was not right'],
      ['unknown field', async () => post('/s/harbour/help/callback', { ...good, token: await freshToken('/s/harbour/help'), extra: '1' }), 'Something was not right'],
      ['field twice', async () => post('/s/harbour/help/callback', `name=a&name=b&reach=07700900000&token=${await freshToken('/s/harbour/help')}`), 'Something was not right'],
      ['nothing to reach them by', async () => post('/s/harbour/help/callback', { name: 'Jo', reach: '', token: await freshToken('/s/harbour/help') }), 'Please fill this in.'],
      ['over-long message', async () => post('/s/harbour/help/callback', { ...good, message: `${SCRIPT}${'x'.repeat(1200)}`, token: await freshToken('/s/harbour/help') }), 'This is too long.'],
      ['over-long name', async () => post('/s/harbour/help/callback', { ...good, name: 'n'.repeat(61), token: await freshToken('/s/harbour/help') }), 'This is too long.'],
    ];
    for (const [label, send, says] of cases) {
      const res = await send();
      expect(res.statusCode, label).toBe(400);
      expect(res.headers['content-type'], label).toBe('text/html; charset=utf-8');
      expect(res.body, label).toContain(says);
      // The form comes back with a fresh token and what was written, escaped.
      expect(tokenIn(res), label).not.toBe('');
      expect(res.body, label).not.toContain(SCRIPT);
      expect(res.body, label).toContain('href="tel:999"');
    }
    const overLong = await post('/s/harbour/help/callback', { ...good, message: `${SCRIPT}${'x'.repeat(1200)}`, token: await freshToken('/s/harbour/help') });
    expect(overLong.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;xxx');
    expect(overLong.body).toContain('value="Jo"');
    expect(await db().selectFrom('callback_requests').select('id').execute()).toHaveLength(before.length);
    expect(await callbacks(carers)).toHaveLength(0);
  });

  it('odd bodies get a page, never a 500, and store nothing', async () => {
    const before = (await db().selectFrom('callback_requests').select('id').execute()).length;
    const url = '/s/harbour/help/callback';
    const json = await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: { name: 'x', reach: 'y' } });
    expect(json.statusCode).toBe(400);
    expect(json.body).toContain('href="tel:999"');
    const plain = await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'text/plain' }, payload: 'name=x' });
    expect(plain.statusCode).toBe(415);
    expect(plain.headers['content-type']).toBe('text/html; charset=utf-8');
    const huge = await post(url, { name: 'x', reach: 'y', message: 'z'.repeat(20_000) });
    expect(huge.statusCode).toBe(413);
    expect(huge.body).toContain('href="tel:999"');
    // NUL and other control characters are dropped, not stored (PostgreSQL refuses NUL).
    const res = await post(url, { name: 'Ri\u0000ta\u0007', reach: '07700 900789', token: await freshToken('/s/harbour/help') });
    expect(res.statusCode).toBe(303);
    const rows = await db().selectFrom('callback_requests').select('name').where('how_to_reach', '=', '07700 900789').execute();
    expect(rows).toEqual([{ name: 'Rita' }]);
    expect((await db().selectFrom('callback_requests').select('id').execute()).length).toBe(before + 1);
  });

  it('takes at most PUBLIC_CALLBACKS_PER_HOUR an hour from one address; a flood is refused with a clear page', async () => {
    const CALLBACKS_PER_ADDRESS_PER_HOUR = t.config.publicCallbacksPerHour;
    expect(CALLBACKS_PER_ADDRESS_PER_HOUR).toBe(10);
    const carersId = (await db().selectFrom('services').select('id').where('slug', '=', 'carers').executeTakeFirstOrThrow()).id;
    const flooder = '198.51.100.7';
    const send = async (i: number) => post('/s/carers/help/callback', { name: `Flood ${i}`, reach: `07700 9001${String(i).padStart(2, '0')}`, token: await freshToken('/s/carers/help') }, flooder);
    const answers: number[] = [];
    for (let i = 0; i < CALLBACKS_PER_ADDRESS_PER_HOUR + 3; i++) answers.push((await send(i)).statusCode);
    expect(answers).toEqual([...Array(CALLBACKS_PER_ADDRESS_PER_HOUR).fill(303), 429, 429, 429]);
    const refused = await send(99);
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('We have had a lot of messages from here');
    expect(refused.body).toContain('href="tel:116123"');
    expect(await callbacks(carersId)).toHaveLength(CALLBACKS_PER_ADDRESS_PER_HOUR);
    // Someone else is not held up by it.
    expect((await post('/s/carers/help/callback', { name: 'Neighbour', reach: '07700 900999', token: await freshToken('/s/carers/help') })).statusCode).toBe(303);
    // An hour later, the address may ask again.
    t.clock.advance(3_600_000);
    expect((await send(50)).statusCode).toBe(303);
  });

  it('when the database fails, still a readable page with the urgent numbers', async () => {
    const deps = t.app.deps;
    const real = deps.db;
    deps.db = new Proxy(real, {
      get: (target, key) => (key === 'selectFrom' ? () => { throw new Error('database unavailable'); } : Reflect.get(target, key, target)),
    });
    try {
      const res = await get('/s/carers/help?lang=pl');
      expect(res.statusCode).toBe(500);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('Przepraszamy, coś poszło nie tak');
      expect(res.body).toContain('href="tel:999"');
      expect(res.body).not.toContain('database unavailable');
    } finally {
      deps.db = real;
    }
  });

  it('serves a small service worker scoped to the help page', async () => {
    for (const url of ['/help-sw.js', '/s/harbour/help-sw.js']) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(res.body).toContain("addEventListener('fetch'");
      // Small: fetched only after the page has loaded; most of it is the "not sent" page in each language.
      expect(Buffer.byteLength(res.body)).toBeLessThan(6000);
    }
    const html = (await get('/help')).body;
    expect(html).toContain("register(p+'-sw.js',{scope:p})");
    // Registered only once the page has loaded.
    expect(html).toContain("addEventListener('load'");
  });
});
