import './identity.permissions.ts';

/** Resolve the caller of a request from its session cookie secret or bearer token. */
export { authenticate, SESSION_COOKIE, userActor } from './auth.service.ts';
/** Each serving process listens for credential changes, which lets it cache resolved callers briefly. */
export { authChangeChannel } from './auth-cache.ts';
/** HTTP routes of the module: auth, workspace, users, roles, permissions, API tokens. */
export { type IdentityRouteOptions, identityRoutes } from './identity.routes.ts';
/** Background tasks of the module. */
export { purgeExpired } from './identity.tasks.ts';
export { createRole, listRoles } from './roles.service.ts';
export { createApiToken } from './tokens.service.ts';
/** Users and tokens, for the CLI and the demo seed. */
export { createUser, type UserSummary, userSummaries } from './users.service.ts';
/** Workspaces: creation with built-in roles and a first admin; the system actor; look-ups for the CLI. */
export {
  countWorkspaces,
  createWorkspace,
  firstWorkspace,
  roleIdByKey,
  userIdByEmail,
  workspaceSystemActor,
} from './workspaces.service.ts';
