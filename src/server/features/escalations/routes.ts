import {
  AttemptCreate,
  EscalationAcknowledge,
  EscalationClose,
  EscalationOut,
  EscalationPatch,
  EscalationRaise,
  EscalationReportOut,
  EscalationsOut,
  EscalationsQuery,
  HandoverCreate,
  HandoverNoteOut,
  HandoverOut,
  LadderOut,
  LadderPut,
  ReportQuery,
  ViewCreate,
} from '../../../shared/escalations.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { IdParam, ServiceParams } from '../services/routes.js';
import { registerEscalationJobs } from './jobs.js';
import {
  acknowledgeEscalation,
  addAttempt,
  addHandoverNote,
  addView,
  closeEscalation,
  escalationReport,
  getEscalation,
  getHandover,
  getLadder,
  listEscalations,
  putLadder,
  raiseFromRequest,
  updateEscalation,
} from './service.js';

const EscalationParams = ServiceParams.extend({ escalationId: IdParam });
const BASE = '/api/v1/services/:serviceId';
const ONE = `${BASE}/escalations/:escalationId`;

export default async function escalationRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;
  const tags = ['escalations'];
  registerEscalationJobs(deps);

  app.get(
    `${BASE}/escalation-ladder`,
    {
      config: { access: { kind: 'action', action: 'ladder.read' } },
      schema: { tags, summary: 'The service’s escalation ladder with numbers to call (the default until one is saved: version 0)', params: ServiceParams, response: { 200: LadderOut } },
    },
    async (request) => getLadder(deps, authOf(request), request.params.serviceId),
  );

  app.put(
    `${BASE}/escalation-ladder`,
    {
      config: { access: { kind: 'action', action: 'ladder.update' } },
      schema: { tags, summary: 'Save the service’s escalation ladder (version 0 over the default; stale → 409 with both)', params: ServiceParams, body: LadderPut, response: { 200: LadderOut } },
    },
    async (request) => putLadder(deps, actorOf(request), authOf(request), request.params.serviceId, request.body),
  );

  app.get(
    `${BASE}/escalations`,
    {
      config: { access: { kind: 'action', action: 'escalation.read' } },
      schema: { tags, summary: 'Escalations in a service, newest first (clinical partners: those that reached them; audited)', params: ServiceParams, querystring: EscalationsQuery, response: { 200: EscalationsOut } },
    },
    async (request) => ({ escalations: await listEscalations(deps, actorOf(request), authOf(request), request.params.serviceId, request.query) }),
  );

  app.post(
    `${BASE}/escalations`,
    {
      config: { access: { kind: 'action', action: 'escalation.raise' } },
      schema: { tags, summary: 'Raise an escalation from a contact or about a person: the ladder starts now', params: ServiceParams, body: EscalationRaise, response: { 201: EscalationOut } },
    },
    async (request, reply) => reply.code(201).send(await raiseFromRequest(deps, actorOf(request), authOf(request), request.params.serviceId, request.body)),
  );

  app.get(
    `${BASE}/escalations/report`,
    {
      config: { access: { kind: 'action', action: 'escalation.report' } },
      schema: { tags, summary: 'Counts: escalations raised, picked up, closed, and how often the peer and clinical or social care views differed', params: ServiceParams, querystring: ReportQuery, response: { 200: EscalationReportOut } },
    },
    async (request) => escalationReport(deps, actorOf(request), authOf(request), request.params.serviceId, request.query),
  );

  app.get(
    ONE,
    {
      config: { access: { kind: 'action', action: 'escalation.read' } },
      schema: { tags, summary: 'One escalation: the ladder step by step, attempts, who picked it up, views side by side (audited)', params: EscalationParams, response: { 200: EscalationOut } },
    },
    async (request) => getEscalation(deps, actorOf(request), authOf(request), request.params.serviceId, request.params.escalationId),
  );

  app.patch(
    ONE,
    {
      config: { access: { kind: 'action', action: 'escalation.update' } },
      schema: { tags, summary: 'Record the outcome (stale version → 409 with both)', params: EscalationParams, body: EscalationPatch, response: { 200: EscalationOut } },
    },
    async (request) => updateEscalation(deps, actorOf(request), authOf(request), request.params.serviceId, request.params.escalationId, request.body),
  );

  app.post(
    `${ONE}/attempts`,
    {
      config: { access: { kind: 'action', action: 'escalation.update' } },
      schema: { tags, summary: 'Log an attempt at a step: tried, answered, no answer, advice given', params: EscalationParams, body: AttemptCreate, response: { 201: EscalationOut } },
    },
    async (request, reply) => reply.code(201).send(await addAttempt(deps, actorOf(request), authOf(request), request.params.serviceId, request.params.escalationId, request.body)),
  );

  app.post(
    `${ONE}/acknowledge`,
    {
      config: { access: { kind: 'action', action: 'escalation.acknowledge' } },
      schema: { tags, summary: 'Say you have picked it up: the ladder stops (twice → 409 saying who and when)', params: EscalationParams, body: EscalationAcknowledge, response: { 200: EscalationOut } },
    },
    async (request) => acknowledgeEscalation(deps, actorOf(request), authOf(request), request.params.serviceId, request.params.escalationId, request.body),
  );

  app.post(
    `${ONE}/close`,
    {
      config: { access: { kind: 'action', action: 'escalation.update' } },
      schema: { tags, summary: 'Close with the outcome; everyone involved is offered a debrief', params: EscalationParams, body: EscalationClose, response: { 200: EscalationOut } },
    },
    async (request) => closeEscalation(deps, actorOf(request), authOf(request), request.params.serviceId, request.params.escalationId, request.body),
  );

  app.post(
    `${ONE}/views`,
    {
      config: { access: { kind: 'action', action: 'escalation.view' } },
      schema: { tags, summary: 'Add a view (peer, clinical or social care) with reasons; views are never changed', params: EscalationParams, body: ViewCreate, response: { 201: EscalationOut } },
    },
    async (request, reply) => reply.code(201).send(await addView(deps, actorOf(request), authOf(request), request.params.serviceId, request.params.escalationId, request.body)),
  );

  app.get(
    `${BASE}/handover`,
    {
      config: { access: { kind: 'action', action: 'handover.read' } },
      schema: { tags, summary: 'Shift handover: open escalations, visits under way, open alerts and recent notes (audited)', params: ServiceParams, response: { 200: HandoverOut } },
    },
    async (request) => getHandover(deps, actorOf(request), authOf(request), request.params.serviceId),
  );

  app.post(
    `${BASE}/handover`,
    {
      config: { access: { kind: 'action', action: 'handover.write' } },
      schema: { tags, summary: 'Leave a handover note for the incoming lead', params: ServiceParams, body: HandoverCreate, response: { 201: HandoverNoteOut } },
    },
    async (request, reply) => reply.code(201).send(await addHandoverNote(deps, actorOf(request), authOf(request), request.params.serviceId, request.body)),
  );
}
