import { AuditPageOut, AuditQuery, AuditVerifyOut } from '../../../shared/admin.js';
import { actorOf, authOf, type AppInstance } from '../../http/context.js';
import { readAudit, verifyAudit } from './service.js';

export default async function auditRoutes(app: AppInstance): Promise<void> {
  const { deps } = app;

  app.get(
    '/api/v1/audit',
    {
      config: { access: { kind: 'action', action: 'audit.read' } },
      schema: { tags: ['audit'], summary: 'The organisation’s audit events, newest first (`?before=<seq>&limit=`)', querystring: AuditQuery, response: { 200: AuditPageOut } },
    },
    async (request) => readAudit(deps, actorOf(request), authOf(request).organisationId, request.query),
  );

  app.get(
    '/api/v1/audit/verify',
    {
      config: { access: { kind: 'action', action: 'audit.read' } },
      schema: { tags: ['audit'], summary: 'Check the audit trail’s hash chain is whole', response: { 200: AuditVerifyOut } },
    },
    async (request) => verifyAudit(deps, actorOf(request)),
  );
}
