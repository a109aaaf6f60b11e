import type { App } from '../../platform/http/app.ts';
import { AuditPage, AuditQuery, VerifyResult } from './audit.contract.ts';
import { listAuditEvents, verifyWorkspaceChain } from './audit.service.ts';

export async function auditRoutes(app: App) {
  app.get(
    '/api/v1/audit-events',
    {
      schema: {
        tags: ['audit'],
        summary: 'List change-log entries, newest first',
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
      config: { access: { permission: 'audit:read' } },
    },
    async (req) => listAuditEvents(req.ctx, req.query),
  );
  app.post(
    '/api/v1/audit-events/verify',
    {
      schema: {
        tags: ['audit'],
        summary: "Verify the workspace's hash chain",
        response: { 200: VerifyResult },
      },
      config: { access: { permission: 'audit:read' } },
    },
    async (req) => verifyWorkspaceChain(req.ctx),
  );
}
