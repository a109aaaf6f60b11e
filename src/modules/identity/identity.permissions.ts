import { type BuiltinRole, definePermissions } from '../../platform/auth/permissions.ts';

definePermissions([
  {
    key: 'users:read',
    area: 'administration',
    description: 'See the users of the workspace',
    roles: ['auditor'],
  },
  {
    key: 'users:write',
    area: 'administration',
    description: 'Create users, change their roles, disable them',
    roles: [],
  },
  {
    key: 'roles:read',
    area: 'administration',
    description: 'See roles and their permissions',
    roles: ['auditor'],
  },
  {
    key: 'roles:write',
    area: 'administration',
    description: 'Create, change and delete custom roles',
    roles: [],
  },
  {
    key: 'api_tokens:own',
    area: 'administration',
    description: 'Create and revoke your own API tokens',
    roles: ['recruiter', 'sourcer', 'coordinator'],
  },
  {
    key: 'api_tokens:admin',
    area: 'administration',
    description: 'See and revoke the API tokens of every user',
    roles: [],
  },
]);

export const BUILTIN_ROLE_INFO: Record<BuiltinRole, { name: string; description: string }> = {
  admin: { name: 'Admin', description: 'Everything, including users, roles and configuration' },
  recruiter: { name: 'Recruiter', description: 'Owns requisitions and candidates through to hire' },
  sourcer: { name: 'Sourcer', description: 'Finds and engages candidates' },
  hiring_manager: { name: 'Hiring manager', description: 'Reviews candidates for their requisitions' },
  coordinator: { name: 'Coordinator', description: 'Schedules and keeps the process moving' },
  auditor: { name: 'Auditor', description: 'Reads everything needed to audit, changes nothing' },
};
