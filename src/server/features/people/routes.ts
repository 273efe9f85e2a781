import { z } from 'zod';
import {
  MergeBody,
  MergeOut,
  MergeUndoOut,
  PeopleSearchOut,
  PeopleSearchQuery,
  PersonCreate,
  PersonOut,
  PersonPatch,
  TimelineOut,
} from '../../../shared/people.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { IdParam } from '../services/routes.js';
import { createPerson, mergePeople, personTimeline, readPerson, searchPeople, undoMerge, updatePerson } from './service.js';

const PersonParams = z.object({ personId: IdParam });
const MergeParams = z.object({ mergeId: IdParam });

export default async function peopleRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;

  app.get(
    '/api/v1/people',
    {
      config: { access: { kind: 'action', action: 'person.search' } },
      schema: { tags: ['people'], summary: 'Find people by name (typos allowed), date of birth or NHS number', querystring: PeopleSearchQuery, response: { 200: PeopleSearchOut } },
      // Every answer is made field by field by matchOut (service.ts) from typed rows, so its shape
      // is PeopleSearchOut's by construction; checking 20 people again with zod on each search cost
      // as much as writing them out. The schema stays for the API description.
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request) => ({ people: await searchPeople(deps, authOf(request).organisationId, request.query) }),
  );

  app.post(
    '/api/v1/people',
    {
      config: { access: { kind: 'action', action: 'person.create' } },
      schema: { tags: ['people'], summary: 'Add a person (409 possible_duplicate lists records that may be them)', body: PersonCreate, response: { 200: PersonOut, 201: PersonOut } },
    },
    async (request, reply) => {
      const result = await createPerson(deps, actorOf(request), authOf(request).organisationId, request.body);
      return reply.code(result.created ? 201 : 200).send(result.person);
    },
  );

  app.get(
    '/api/v1/people/:personId',
    {
      config: { access: { kind: 'action', action: 'person.read' } },
      schema: { tags: ['people'], summary: 'A person’s record (audited)', params: PersonParams, response: { 200: PersonOut } },
    },
    async (request) => readPerson(deps, actorOf(request), authOf(request).organisationId, request.params.personId),
  );

  app.patch(
    '/api/v1/people/:personId',
    {
      config: { access: { kind: 'action', action: 'person.update' } },
      schema: { tags: ['people'], summary: 'Change a person’s details', params: PersonParams, body: PersonPatch, response: { 200: PersonOut } },
    },
    async (request) => updatePerson(deps, actorOf(request), authOf(request).organisationId, request.params.personId, request.body),
  );

  app.get(
    '/api/v1/people/:personId/timeline',
    {
      config: { access: { kind: 'action', action: 'person.read' } },
      schema: { tags: ['people'], summary: 'Contacts, episodes, sessions and transitions, newest first (audited)', params: PersonParams, response: { 200: TimelineOut } },
    },
    async (request) => ({ items: await personTimeline(deps, actorOf(request), authOf(request).organisationId, request.params.personId) }),
  );

  app.post(
    '/api/v1/people/:personId/merge',
    {
      config: { access: { kind: 'action', action: 'person.merge' } },
      schema: { tags: ['people'], summary: 'Merge another record of the same person into this one', params: PersonParams, body: MergeBody, response: { 200: MergeOut } },
    },
    async (request) => mergePeople(deps, actorOf(request), authOf(request).organisationId, request.params.personId, request.body),
  );

  app.post(
    '/api/v1/people/merges/:mergeId/undo',
    {
      config: { access: { kind: 'action', action: 'person.merge_undo' } },
      schema: { tags: ['people'], summary: 'Undo a merge: the moved records go back', params: MergeParams, response: { 200: MergeUndoOut } },
    },
    async (request) => undoMerge(deps, actorOf(request), authOf(request).organisationId, request.params.mergeId),
  );
}
