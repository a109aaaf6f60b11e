import { definePermissions } from '../../platform/auth/permissions.ts';

definePermissions([
  { key: 'audit:read', area: 'audit', description: 'Read the change log and verify its chain', roles: ['auditor'] },
]);

/** Append an entry to the tamper-evident change log, in the caller's transaction. */
export { recordAudit, maskForAudit, type AuditInput } from './audit.service.ts';
/** Verify hash chains (CLI and tests). */
export { verifyChain, verifyAllChains } from './audit.service.ts';
export { auditRoutes } from './audit.routes.ts';
