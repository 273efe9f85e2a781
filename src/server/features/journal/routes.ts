import {
  JournalDelete,
  JournalEntriesOut,
  JournalEntriesQuery,
  JournalEntryInput,
  JournalEntryOut,
  JournalEntryParams,
  JournalEntryUpdate,
  JournalExportQuery,
  JournalNoBody,
  JournalRecover,
  JournalSetup,
  JournalSetupOut,
  JournalStatus,
  JournalUnlock,
} from '../../../shared/journal.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import {
  createEntry,
  deleteEntry,
  deleteJournal,
  exportJournal,
  getJournalStatus,
  journalAsText,
  listEntries,
  lockJournal,
  recoverJournal,
  setupJournal,
  unlockJournal,
  updateEntry,
} from './service.js';

const BASE = '/api/v1/me/journal';
const own = { access: { kind: 'action', action: 'journal.own' } } as const;

/** The reflective journal: the signed-in person's own, and nobody else's, ever. */
export default async function journalRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;
  const tags = ['journal'];

  app.get(BASE, { config: own, schema: { tags, summary: 'Your journal: not set up, locked or open in this session', response: { 200: JournalStatus } } }, async (request) => getJournalStatus(deps, authOf(request)));

  app.post(
    `${BASE}/setup`,
    { config: own, schema: { tags, summary: 'Set up your journal with your password; the reply holds a recovery code shown this once', body: JournalSetup, response: { 201: JournalSetupOut } } },
    async (request, reply) => reply.code(201).send(await setupJournal(deps, actorOf(request), authOf(request), request.sessionToken, request.body.password)),
  );

  app.post(
    `${BASE}/unlock`,
    { config: own, schema: { tags, summary: 'Open your journal for this session with your password (wrong attempts are limited)', body: JournalUnlock, response: { 200: JournalStatus } } },
    async (request) => unlockJournal(deps, actorOf(request), authOf(request), request.sessionToken, request.body.password),
  );

  app.post(
    `${BASE}/recover`,
    { config: own, schema: { tags, summary: 'Open your journal with your recovery code after a password reset; your current password opens it from then on', body: JournalRecover, response: { 200: JournalStatus } } },
    async (request) => recoverJournal(deps, actorOf(request), authOf(request), request.sessionToken, request.body),
  );

  app.post(
    `${BASE}/lock`,
    { config: own, schema: { tags, summary: 'Lock your journal in this session', body: JournalNoBody, response: { 200: JournalStatus } } },
    async (request) => lockJournal(deps, actorOf(request), authOf(request)),
  );

  app.delete(
    BASE,
    { config: own, schema: { tags, summary: 'Delete your whole journal: every entry and its key (works while locked, to start again)', body: JournalDelete, response: { 200: JournalStatus } } },
    async (request) => deleteJournal(deps, actorOf(request), authOf(request)),
  );

  app.get(
    `${BASE}/entries`,
    { config: own, schema: { tags, summary: 'Your entries, newest first (the journal must be open in this session)', querystring: JournalEntriesQuery, response: { 200: JournalEntriesOut } } },
    async (request) => listEntries(deps, authOf(request), request.sessionToken, request.query.forGroup === undefined ? {} : { forGroup: request.query.forGroup === 'true' }),
  );

  app.post(
    `${BASE}/entries`,
    { config: own, schema: { tags, summary: 'Write an entry (encrypted before it is stored)', body: JournalEntryInput, response: { 201: JournalEntryOut } } },
    async (request, reply) => reply.code(201).send(await createEntry(deps, actorOf(request), authOf(request), request.sessionToken, request.body)),
  );

  app.patch(
    `${BASE}/entries/:entryId`,
    { config: own, schema: { tags, summary: 'Change an entry (send the version you started from; a stale one is a 409)', params: JournalEntryParams, body: JournalEntryUpdate, response: { 200: JournalEntryOut } } },
    async (request) => updateEntry(deps, actorOf(request), authOf(request), request.sessionToken, request.params.entryId, request.body),
  );

  app.delete(
    `${BASE}/entries/:entryId`,
    { config: own, schema: { tags, summary: 'Delete one entry', params: JournalEntryParams, body: JournalNoBody } },
    async (request, reply) => {
      await deleteEntry(deps, actorOf(request), authOf(request), request.sessionToken, request.params.entryId);
      return reply.code(204).send();
    },
  );

  app.get(
    `${BASE}/export`,
    { config: own, schema: { tags, summary: 'Download your journal, opened, as JSON (default) or plain text (format=text)', querystring: JournalExportQuery } },
    async (request, reply) => {
      const out = await exportJournal(deps, actorOf(request), authOf(request), request.sessionToken);
      const day = out.exportedAt.slice(0, 10);
      reply.header('cache-control', 'no-store');
      if (request.query.format === 'text') {
        return reply.header('content-disposition', `attachment; filename="my-journal-${day}.txt"`).type('text/plain; charset=utf-8').send(journalAsText(out));
      }
      return reply.header('content-disposition', `attachment; filename="my-journal-${day}.json"`).send(out);
    },
  );
}
