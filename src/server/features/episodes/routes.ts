import {
  EpisodeCreate,
  EpisodeOut,
  EpisodePatch,
  EpisodeSessionCreate,
  EpisodeSessionOut,
  EpisodeSessionPatch,
  EpisodesOut,
  EpisodesQuery,
  EpisodeWorkersPut,
  TransitionCreate,
  TransitionOut,
  TransitionPatch,
} from '../../../shared/episodes.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { IdParam, ServiceParams } from '../services/routes.js';
import { addSession, addTransition, createEpisode, getEpisode, listEpisodes, setWorkers, updateEpisode, updateSession, updateTransition } from './service.js';

const EpisodeParams = ServiceParams.extend({ episodeId: IdParam });
const SessionParams = EpisodeParams.extend({ sessionId: IdParam });
const TransitionParams = EpisodeParams.extend({ transitionId: IdParam });

const BASE = '/api/v1/services/:serviceId/episodes';

export default async function episodeRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;
  const tags = ['episodes'];

  app.get(
    BASE,
    {
      config: { access: { kind: 'action', action: 'episode.read' } },
      schema: { tags, summary: 'Peer support episodes in a service, newest first (audited)', params: ServiceParams, querystring: EpisodesQuery, response: { 200: EpisodesOut } },
    },
    async (request) => ({ episodes: await listEpisodes(deps, actorOf(request), authOf(request), request.params.serviceId, request.query) }),
  );

  app.post(
    BASE,
    {
      config: { access: { kind: 'action', action: 'episode.create' } },
      schema: { tags, summary: 'Offer peer support: an episode, offered, accepted or declined', params: ServiceParams, body: EpisodeCreate, response: { 201: EpisodeOut } },
    },
    async (request, reply) => reply.code(201).send(await createEpisode(deps, actorOf(request), authOf(request), request.params.serviceId, request.body)),
  );

  app.get(
    `${BASE}/:episodeId`,
    {
      config: { access: { kind: 'action', action: 'episode.read' } },
      schema: { tags, summary: 'One episode with its workers, goals, sessions and transitions (audited)', params: EpisodeParams, response: { 200: EpisodeOut } },
    },
    async (request) => getEpisode(deps, actorOf(request), authOf(request), request.params.serviceId, request.params.episodeId),
  );

  app.patch(
    `${BASE}/:episodeId`,
    {
      config: { access: { kind: 'action', action: 'episode.update' } },
      schema: { tags, summary: 'Accept, decline, change goals or close an episode', params: EpisodeParams, body: EpisodePatch, response: { 200: EpisodeOut } },
    },
    async (request) => updateEpisode(deps, actorOf(request), authOf(request), request.params.serviceId, request.params.episodeId, request.body),
  );

  app.put(
    `${BASE}/:episodeId/workers`,
    {
      config: { access: { kind: 'action', action: 'episode.allocate' } },
      schema: { tags, summary: 'Allocate the peer worker(s); 409 caseload_full when someone is at their maximum', params: EpisodeParams, body: EpisodeWorkersPut, response: { 200: EpisodeOut } },
    },
    async (request) => setWorkers(deps, actorOf(request), authOf(request), request.params.serviceId, request.params.episodeId, request.body.workerUserIds),
  );

  app.post(
    `${BASE}/:episodeId/sessions`,
    {
      config: { access: { kind: 'action', action: 'episode.update' } },
      schema: { tags, summary: 'Record a session', params: EpisodeParams, body: EpisodeSessionCreate, response: { 201: EpisodeSessionOut } },
    },
    async (request, reply) =>
      reply.code(201).send(await addSession(deps, actorOf(request), authOf(request), request.params.serviceId, request.params.episodeId, request.body)),
  );

  app.patch(
    `${BASE}/:episodeId/sessions/:sessionId`,
    {
      config: { access: { kind: 'action', action: 'episode.update' } },
      schema: { tags, summary: 'Change a session record', params: SessionParams, body: EpisodeSessionPatch, response: { 200: EpisodeSessionOut } },
    },
    async (request) => updateSession(deps, actorOf(request), authOf(request), request.params.serviceId, request.params.episodeId, request.params.sessionId, request.body),
  );

  app.post(
    `${BASE}/:episodeId/transitions`,
    {
      config: { access: { kind: 'action', action: 'episode.update' } },
      schema: { tags, summary: 'Plan a supported move to other services', params: EpisodeParams, body: TransitionCreate, response: { 201: TransitionOut } },
    },
    async (request, reply) =>
      reply.code(201).send(await addTransition(deps, actorOf(request), authOf(request), request.params.serviceId, request.params.episodeId, request.body)),
  );

  app.patch(
    `${BASE}/:episodeId/transitions/:transitionId`,
    {
      config: { access: { kind: 'action', action: 'episode.update' } },
      schema: { tags, summary: 'Change a planned move', params: TransitionParams, body: TransitionPatch, response: { 200: TransitionOut } },
    },
    async (request) =>
      updateTransition(deps, actorOf(request), authOf(request), request.params.serviceId, request.params.episodeId, request.params.transitionId, request.body),
  );
}
