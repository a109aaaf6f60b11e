import { definePermissions } from '../../platform/auth/permissions.ts';

definePermissions([
  {
    key: 'audit:read',
    area: 'audit',
    description: 'Read the change log and verify its chain',
    roles: ['auditor'],
  },
]);

export { auditRoutes } from './audit.routes.ts';
/** Append an entry to the tamper-evident change log, in the caller's transaction. */
/** Verify hash chains (CLI and tests). */
export { type AuditInput, maskForAudit, recordAudit, verifyAllChains, verifyChain } from './audit.service.ts';
