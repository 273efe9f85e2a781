import { z } from 'zod';
import { ContactCreate, ContactListQuery, ContactPatch, ContactReply, ContactsOut } from '../../../shared/contacts.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { IdParam, ServiceParams } from '../services/routes.js';
import { createContact, getContact, listContacts, updateContact } from './service.js';

const ContactParams = z.object({ serviceId: IdParam, contactId: IdParam });

export default async function contactsRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;
  const base = '/api/v1/services/:serviceId/contacts';

  app.post(
    base,
    {
      config: { access: { kind: 'action', action: 'contact.create' } },
      schema: { tags: ['contacts'], summary: 'Record a contact (walk-in, phone, A&E, home visit, online); anonymous allowed', params: ServiceParams, body: ContactCreate, response: { 201: ContactReply } },
    },
    async (request, reply) => reply.code(201).send(await createContact(deps, actorOf(request), authOf(request), request.params.serviceId, request.body)),
  );

  app.get(
    base,
    {
      config: { access: { kind: 'action', action: 'contact.read' } },
      schema: { tags: ['contacts'], summary: 'Contacts of the service, newest arrival first (`?open=true`: not left yet)', params: ServiceParams, querystring: ContactListQuery, response: { 200: ContactsOut } },
    },
    async (request) => listContacts(deps, actorOf(request), authOf(request), request.params.serviceId, request.query),
  );

  app.get(
    `${base}/:contactId`,
    {
      config: { access: { kind: 'action', action: 'contact.read' } },
      schema: { tags: ['contacts'], summary: 'One contact (the read is audited)', params: ContactParams, response: { 200: ContactReply } },
    },
    async (request) => getContact(deps, actorOf(request), authOf(request), request.params.serviceId, request.params.contactId),
  );

  app.patch(
    `${base}/:contactId`,
    {
      config: { access: { kind: 'action', action: 'contact.update' } },
      schema: { tags: ['contacts'], summary: 'Update a contact: first seen, left (needs an outcome), who is with them, what helped', params: ContactParams, body: ContactPatch, response: { 200: ContactReply } },
    },
    async (request) => updateContact(deps, actorOf(request), authOf(request), request.params.serviceId, request.params.contactId, request.body),
  );
}
