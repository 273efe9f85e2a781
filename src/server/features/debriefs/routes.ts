import { z } from 'zod';
import { ContactDone, DebriefAccept, DebriefDecline, DebriefReply, DebriefRequest, DebriefSummaryOut, MyDebriefsOut, SupportingOut } from '../../../shared/debriefs.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { IdParam, ServiceParams } from '../services/routes.js';
import { acceptDebrief, debriefSummary, declineDebrief, listMyDebriefs, listSupporting, recordContact, registerDebriefJobs, requestDebrief } from './service.js';

const DebriefParams = z.object({ debriefId: IdParam });
const ContactParams = z.object({ debriefId: IdParam, contactId: IdParam });

export default async function debriefRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;
  const tags = ['debriefs'];
  registerDebriefJobs(deps);

  app.get(
    '/api/v1/me/debriefs',
    {
      config: { access: { kind: 'action', action: 'debrief.own' } },
      schema: { tags, summary: 'Your debriefs (offered, booked, declined, done) with their follow-up rhythm, and who you can choose as a supporter', response: { 200: MyDebriefsOut } },
    },
    async (request) => listMyDebriefs(deps, authOf(request)),
  );

  app.post(
    '/api/v1/me/debriefs',
    {
      config: { access: { kind: 'action', action: 'debrief.request' } },
      schema: { tags, summary: 'Ask for a debrief (no words needed); naming a supporter starts the rhythm at once', body: DebriefRequest, response: { 201: DebriefReply } },
    },
    async (request, reply) => reply.code(201).send(await requestDebrief(deps, actorOf(request), authOf(request), request.body)),
  );

  app.post(
    '/api/v1/me/debriefs/:debriefId/accept',
    {
      config: { access: { kind: 'action', action: 'debrief.own' } },
      schema: { tags, summary: 'Say yes to a debrief with a named peer supporter; plans the follow-up rhythm and the supporter’s reminders', params: DebriefParams, body: DebriefAccept, response: { 200: DebriefReply } },
    },
    async (request) => acceptDebrief(deps, actorOf(request), authOf(request), request.params.debriefId, request.body),
  );

  app.post(
    '/api/v1/me/debriefs/:debriefId/decline',
    {
      config: { access: { kind: 'action', action: 'debrief.own' } },
      schema: { tags, summary: 'Say no thanks: no reminders and no nagging; you can still say yes later', params: DebriefParams, body: DebriefDecline, response: { 200: DebriefReply } },
    },
    async (request) => declineDebrief(deps, actorOf(request), authOf(request), request.params.debriefId, request.body),
  );

  app.post(
    '/api/v1/debriefs/:debriefId/contacts/:contactId/done',
    {
      config: { access: { kind: 'action', action: 'debrief.contact' } },
      schema: { tags, summary: 'Record a contact in the rhythm as done (the worker or their supporter), with whether difficulties are carrying on', params: ContactParams, body: ContactDone, response: { 200: DebriefReply } },
    },
    async (request) => recordContact(deps, actorOf(request), authOf(request), request.params.debriefId, request.params.contactId, request.body),
  );

  app.get(
    '/api/v1/me/supporting',
    {
      config: { access: { kind: 'action', action: 'debrief.support' } },
      schema: { tags, summary: 'The debriefs you are the named peer supporter for, overdue contacts first (audited)', response: { 200: SupportingOut } },
    },
    async (request) => listSupporting(deps, actorOf(request), authOf(request)),
  );

  app.get(
    '/api/v1/services/:serviceId/debriefs/summary',
    {
      config: { access: { kind: 'action', action: 'debrief.summary' } },
      schema: { tags, summary: 'Counts of debriefs offered, booked, declined and done in the service: no names, no words', params: ServiceParams, response: { 200: DebriefSummaryOut } },
    },
    async (request) => debriefSummary(deps, actorOf(request), authOf(request), request.params.serviceId),
  );
}
