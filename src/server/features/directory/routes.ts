import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DirectoryEntryForm,
  DirectoryEntryOut,
  DirectoryEntryUpdate,
  DirectoryEntryVersion,
  DirectoryImportQuery,
  DirectoryImportReport,
  DirectoryListOut,
  DirectoryListQuery,
} from '../../../shared/directory/entries.js';
import { OrukFeed } from '../../../shared/directory/oruk.js';
import { orukTaxonomies } from '../../../shared/directory/taxonomy.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import {
  archiveEntry,
  createEntry,
  exportDirectory,
  getEntry,
  getPublicService,
  importDirectory,
  listDirectory,
  listPublicServices,
  listStaleEntries,
  markEntryChecked,
  updateEntry,
} from './service.js';

/** Entry ids are ours (UUIDs) or kept from an imported feed: any short text without control characters. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const EntryId = z.string().min(1).max(200, 'This is not a valid reference').regex(/^[^\u0000-\u001f\u007f]+$/, 'This is not a valid reference');
const EntryParams = z.object({ entryId: EntryId });
const PublicParams = z.object({ id: EntryId });

const Count = (max: number) => z.coerce.number({ error: 'Use a number' }).int('Use a whole number').min(0, 'Use 0 or more').max(max, `Use ${max} or fewer`);
/** ORUK v1 query parameters; others that ORUK clients send are ignored rather than refused. */
const PublicQuery = z.object({
  page: Count(1_000_000).min(1, 'Pages count from 1').default(1),
  per_page: Count(200).min(1, 'Use 1 or more').default(50),
  text: z.string().trim().max(200, 'Keep this to 200 characters or fewer').optional(),
  taxonomy_id: z.string().trim().max(200).optional(),
  /** The person's age range: services whose ages overlap it. `age` is one age. */
  minimum_age: Count(130).optional(),
  maximum_age: Count(130).optional(),
  age: Count(130).optional(),
  /** true: only services open at this moment (Europe/London); false: only those closed. */
  open_now: z.enum(['true', 'false'], { error: 'Use true or false' }).optional(),
});

/** The service directory: the admin API (/api/v1/directory) and the open Open Referral UK read API (/openreferral). */
export default async function directoryRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;
  const read = { access: { kind: 'action', action: 'directory.read' } } as const;
  const manage = { access: { kind: 'action', action: 'directory.manage' } } as const;
  const tags = ['directory'];

  app.get(
    '/api/v1/directory',
    { config: read, schema: { tags, summary: 'Directory entries: filter by words, kind of help, status or "due a check"; paged', querystring: DirectoryListQuery, response: { 200: DirectoryListOut } } },
    async (request) => listDirectory(deps, authOf(request), request.query),
  );

  app.get(
    '/api/v1/directory/stale',
    { config: read, schema: { tags, summary: 'Entries never checked or not checked for 6 months, the longest unchecked first', response: { 200: DirectoryListOut } } },
    async (request) => listStaleEntries(deps, authOf(request)),
  );

  app.get(
    '/api/v1/directory/export',
    { config: manage, schema: { tags, summary: 'Every entry as Open Referral UK JSON (a page holding them all), exactly as stored' } },
    async (request, reply) => {
      const page = await exportDirectory(deps, actorOf(request), authOf(request));
      return reply.header('content-disposition', 'attachment; filename="directory-open-referral-uk.json"').send(page);
    },
  );

  app.post(
    '/api/v1/directory/import',
    {
      config: manage,
      // A council's whole feed can be several megabytes.
      bodyLimit: 10 * 1_048_576,
      schema: {
        tags,
        summary: 'Import Open Referral UK JSON (a page of services or a list). One problem stops the whole file unless skipInvalid=true; dryRun=true only reports',
        querystring: DirectoryImportQuery,
        body: OrukFeed,
        response: { 200: DirectoryImportReport },
      },
    },
    async (request) => importDirectory(deps, actorOf(request), authOf(request), request.body, request.query),
  );

  app.post(
    '/api/v1/directory',
    { config: manage, schema: { tags, summary: 'Add a directory entry', body: DirectoryEntryForm, response: { 201: DirectoryEntryOut } } },
    async (request, reply) => reply.code(201).send(await createEntry(deps, actorOf(request), authOf(request), request.body)),
  );

  app.get(
    '/api/v1/directory/:entryId',
    { config: read, schema: { tags, summary: 'One directory entry', params: EntryParams, response: { 200: DirectoryEntryOut } } },
    async (request) => getEntry(deps, authOf(request), request.params.entryId),
  );

  app.put(
    '/api/v1/directory/:entryId',
    { config: manage, schema: { tags, summary: 'Save the whole form over an entry (with the version you started from)', params: EntryParams, body: DirectoryEntryUpdate, response: { 200: DirectoryEntryOut } } },
    async (request) => updateEntry(deps, actorOf(request), authOf(request), request.params.entryId, request.body),
  );

  app.post(
    '/api/v1/directory/:entryId/checked',
    { config: manage, schema: { tags, summary: 'Record that the entry was checked today', params: EntryParams, body: DirectoryEntryVersion, response: { 200: DirectoryEntryOut } } },
    async (request) => markEntryChecked(deps, actorOf(request), authOf(request), request.params.entryId, request.body),
  );

  app.post(
    '/api/v1/directory/:entryId/archive',
    { config: manage, schema: { tags, summary: 'Archive an entry (status inactive): hidden from the public, kept for records that point at it', params: EntryParams, body: DirectoryEntryVersion, response: { 200: DirectoryEntryOut } } },
    async (request) => archiveEntry(deps, actorOf(request), authOf(request), request.params.entryId, request.body),
  );

  // ---- Open Referral UK: open to anyone, no key, readable from any web page ----
  await app.register(async (scope) => {
    const open = scope.withTypeProvider<ZodTypeProvider>();
    open.addHook('onRequest', async (_request, reply) => {
      reply.header('access-control-allow-origin', '*');
      reply.header('cross-origin-resource-policy', 'cross-origin');
      reply.header('cache-control', 'public, max-age=300');
    });
    // Open, but throttled per address like the API (the API's limit skips paths outside /api/).
    const publicAccess = { access: { kind: 'public' }, rateLimit: { max: deps.config.rateLimitPerMinute, timeWindow: 60_000, allowList: () => false } } as const;
    const oruk = ['openreferral'];

    open.options('/openreferral/*', { config: publicAccess, schema: { hide: true } }, async (_request, reply) =>
      reply.code(204).header('access-control-allow-methods', 'GET, OPTIONS').header('access-control-allow-headers', 'Accept, Content-Type').header('access-control-max-age', '86400').send(),
    );

    open.get(
      '/openreferral/services',
      { config: publicAccess, schema: { tags: oruk, summary: 'Open Referral UK: active services, paged; filter by text, taxonomy_id, age (or minimum_age and maximum_age) and open_now (Europe/London). No key needed', querystring: PublicQuery } },
      async (request) => {
        const q = request.query;
        return listPublicServices(deps, {
          page: q.page,
          perPage: q.per_page,
          ...(q.text ? { text: q.text } : {}),
          ...(q.taxonomy_id ? { taxonomyId: q.taxonomy_id } : {}),
          ...(q.minimum_age !== undefined ? { minimumAge: q.minimum_age } : {}),
          ...(q.maximum_age !== undefined ? { maximumAge: q.maximum_age } : {}),
          ...(q.age !== undefined ? { age: q.age } : {}),
          ...(q.open_now !== undefined ? { openNow: q.open_now === 'true' } : {}),
        });
      },
    );

    open.get(
      '/openreferral/taxonomies',
      { config: publicAccess, schema: { tags: oruk, summary: 'Open Referral UK: the kinds of help entries are tagged with (vocabulary alongside-crisis), as one page. No key needed' } },
      async () => {
        const content = orukTaxonomies();
        return { totalElements: content.length, totalPages: 1, number: 1, size: content.length, first: true, last: true, content };
      },
    );

    open.get(
      '/openreferral/services/:id',
      { config: publicAccess, schema: { tags: oruk, summary: 'Open Referral UK: one active service with everything about it. No key needed', params: PublicParams } },
      async (request) => getPublicService(deps, request.params.id),
    );
  });
}
