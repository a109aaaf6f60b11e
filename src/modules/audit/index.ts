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
/**
 * Append entries to the tamper-evident change log in the caller's transaction (one, or many in one go);
 * mask values for the log; verify hash chains (CLI and tests).
 */
export {
  type AuditInput,
  maskForAudit,
  recordAudit,
  recordAuditMany,
  verifyAllChains,
  verifyChain,
} from './audit.service.ts';
