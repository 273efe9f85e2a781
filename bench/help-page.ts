import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import type { Deps } from '../src/server/http/context.js';
import { newId, nowIso } from '../src/server/db/values.js';
import { LANGS } from '../src/server/public/i18n/index.js';
import { PAGE_ENTRIES } from '../src/server/public/queries.js';

/**
 * The public help page in the bench: its size on the wire in each language and encoding
 * (budget: the complete first render in 14 KB, one TCP round trip), and its throughput
 * against a static file of exactly the same bytes served by a bare Fastify with
 * @fastify/static.
 */
export const HELP_PAGE_BUDGET_BYTES = 14 * 1024;
export const HELP_PAGE_PATH = '/help';

const LONG = 'Friendly help with this, in person, by phone or online, for anyone who lives or works in the area. No need to be referred, and no waiting list for a first chat with us, most weeks of the year.';

/**
 * The largest page the help page can be: its service described in the directory (address,
 * directions, phone) and the most entries it lists (carers and other local services), each
 * with a long description, a phone number and a website. Added once, only to an organisation
 * with no directory yet.
 */
export async function fillHelpPageDirectory(deps: Pick<Deps, 'db'>, organisationId: string, serviceId: string): Promise<void> {
  const has = await deps.db.selectFrom('directory_entries').select('id').where('organisation_id', '=', organisationId).limit(1).executeTakeFirst();
  if (has) return;
  const at = nowIso();
  const entry = (i: number, name: string, taxonomy: string[], linked: boolean) => {
    const id = newId();
    const document = {
      id,
      name,
      description: LONG,
      url: `https://service-${i}.example.org/help`,
      status: 'active',
      contacts: [{ id: `c${i}`, phones: [{ id: `p${i}`, number: `0300 555 0${String(100 + i)}` }] }],
      service_at_locations: [
        { id: `sl${i}`, location: { id: `l${i}`, name, description: linked ? 'A short walk from the bus station: cross at the lights, go past the library, and we are the green door on the left.' : undefined, physical_addresses: [{ id: `a${i}`, address_1: `${10 + i} Long Street`, city: 'Riverside', postal_code: 'RS1 4AB' }] } },
      ],
    };
    return { id, organisation_id: organisationId, service_id: linked ? serviceId : null, name, status: 'active' as const, taxonomy: JSON.stringify(taxonomy), min_age: linked ? 16 : null, max_age: null, document: JSON.stringify(document), last_checked_at: at, last_checked_by: null, created_at: at, updated_at: at, version: 1 };
  };
  const rows = [entry(0, 'Our safe haven', ['safe-haven'], true)];
  for (let i = 1; i <= 4; i++) rows.push(entry(i, `Carers support group number ${i}`, ['carers-support'], false));
  for (let i = 5; i < 5 + PAGE_ENTRIES; i++) rows.push(entry(i, `Local support service number ${i}`, ['housing'], false));
  await deps.db.insertInto('directory_entries').values(rows).execute();
}

/** The bytes as sent (not decompressed), with the headers. */
export function rawGet(url: string, encoding: string): Promise<{ status: number; encoding: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': encoding, accept: 'text/html' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export interface HelpPageSize {
  lang: string;
  identity: number;
  br: number;
  gzip: number;
}

/** Bytes on the wire for each language: uncompressed, brotli and gzip. */
export async function helpPageSizes(origin: string): Promise<HelpPageSize[]> {
  const sizes: HelpPageSize[] = [];
  for (const lang of LANGS) {
    const url = `${origin}${HELP_PAGE_PATH}${lang === 'en' ? '' : `?lang=${lang}`}`;
    const [identity, br, gzip] = await Promise.all([rawGet(url, 'identity'), rawGet(url, 'br'), rawGet(url, 'gzip')]);
    for (const [name, r, expected] of [['identity', identity, undefined], ['br', br, 'br'], ['gzip', gzip, 'gzip']] as const) {
      if (r.status !== 200 || r.encoding !== expected) throw new Error(`GET ${url} (${name}) answered ${r.status} ${r.encoding ?? 'uncompressed'}`);
    }
    sizes.push({ lang, identity: identity.body.length, br: br.body.length, gzip: gzip.body.length });
  }
  return sizes;
}

/**
 * A bare Fastify serving one file: the help page as the app just sent it, with its brotli
 * and gzip bodies stored beside it (precompressed), so both sides send the same bytes.
 */
export async function staticTwin(origin: string) {
  const folder = mkdtempSync(join(tmpdir(), 'alongside-bench-static-'));
  const url = `${origin}${HELP_PAGE_PATH}`;
  const [identity, br, gzip] = await Promise.all([rawGet(url, 'identity'), rawGet(url, 'br'), rawGet(url, 'gzip')]);
  writeFileSync(join(folder, 'help.html'), identity.body);
  writeFileSync(join(folder, 'help.html.br'), br.body);
  writeFileSync(join(folder, 'help.html.gz'), gzip.body);
  const app = Fastify({ logger: false });
  await app.register(fastifyStatic, { root: folder, preCompressed: true });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const staticUrl = `http://127.0.0.1:${address.port}/help.html`;
  const check = await rawGet(staticUrl, 'br');
  if (check.encoding !== 'br' || check.body.length !== br.body.length) throw new Error('the static twin does not send the same bytes');
  return {
    url: staticUrl,
    close: async () => {
      await app.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
