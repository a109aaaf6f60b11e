import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { Problem } from '../../platform/http/problem.ts';
import {
  authenticate,
  changePassword,
  currentSession,
  SESSION_COOKIE,
  signIn,
  signOut,
} from './auth.service.ts';
import { userDirectory } from './directory.service.ts';
import {
  ApiTokenList,
  ApiTokenQuery,
  ChangePassword,
  CreateApiToken,
  CreatedApiToken,
  CreatedUser,
  CreateRole,
  CreateUser,
  IdParam,
  PermissionCatalogue,
  Role,
  RoleList,
  Session,
  SignIn,
  UpdateRole,
  UpdateUser,
  User,
  UserDirectory,
  UserPage,
  UserQuery,
  Workspace,
} from './identity.contract.ts';
import { createRole, deleteRole, listRoles, permissionCatalogue, updateRole } from './roles.service.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './tokens.service.ts';
import { createUser, getUser, listUsers, updateUser } from './users.service.ts';
import { getWorkspace } from './workspaces.service.ts';

export interface IdentityRouteOptions {
  sessionTtlHours: number;
  secureCookies: boolean;
  authRateLimit: number;
}

const NoContent = z.null().describe('No content');
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };

export async function identityRoutes(app: App, opts: IdentityRouteOptions) {
  const authLimit = { max: opts.authRateLimit, timeWindow: 60_000 };

  app.post(
    '/api/v1/auth/sign-in',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password',
        body: SignIn,
        response: { 200: Session, 401: Problem, 429: Problem },
      },
      config: { access: 'public', rateLimit: authLimit },
    },
    async (req, reply) => {
      const { secret, expiresAt, actor } = await signIn(req.ctx, req.body, {
        ip: req.ip ?? null,
        userAgent: req.headers['user-agent'] ?? null,
        ttlHours: opts.sessionTtlHours,
      });
      reply.setCookie(SESSION_COOKIE, secret, {
        httpOnly: true,
        sameSite: 'lax',
        secure: opts.secureCookies,
        path: '/',
        expires: expiresAt,
      });
      return currentSession({ ...req.ctx, actor });
    },
  );

  app.post(
    '/api/v1/auth/sign-out',
    {
      schema: { tags: ['auth'], summary: 'End this session', response: { 204: NoContent } },
      config: { access: 'authenticated' },
    },
    async (req, reply) => {
      await signOut(req.ctx);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who am I: user, workspace, permissions, CSRF token',
        response: { 200: Session, 401: Problem },
      },
      config: { access: 'authenticated' },
    },
    async (req) => currentSession(req.ctx),
  );

  app.post(
    '/api/v1/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change my password (ends my other sessions)',
        body: ChangePassword,
        response: { 204: NoContent, ...errors },
      },
      config: { access: 'authenticated', rateLimit: authLimit },
    },
    async (req, reply) => {
      await changePassword(req.ctx, req.body);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/workspace',
    {
      schema: { tags: ['workspace'], summary: 'The current workspace', response: { 200: Workspace } },
      config: { access: 'authenticated' },
    },
    async (req) => getWorkspace(req.ctx),
  );

  app.get(
    '/api/v1/users/directory',
    {
      schema: {
        tags: ['users'],
        summary: 'Colleagues: id and name of every active user (for owner pickers and names)',
        response: { 200: UserDirectory, ...errors },
      },
      config: { access: 'authenticated' },
    },
    async (req) => userDirectory(req.ctx),
  );
  app.get(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'List users',
        querystring: UserQuery,
        response: { 200: UserPage, ...errors },
      },
      config: { access: { permission: 'users:read' } },
    },
    async (req) => listUsers(req.ctx, req.query),
  );
  app.post(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a user',
        body: CreateUser,
        response: { 201: CreatedUser, ...errors },
      },
      config: { access: { permission: 'users:write' } },
    },
    async (req, reply) => reply.code(201).send(await createUser(req.ctx, req.body)),
  );
  app.get(
    '/api/v1/users/:id',
    {
      schema: { tags: ['users'], summary: 'One user', params: IdParam, response: { 200: User, ...errors } },
      config: { access: { permission: 'users:read' } },
    },
    async (req) => getUser(req.ctx, req.params.id),
  );
  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change name, roles or status',
        params: IdParam,
        body: UpdateUser,
        response: { 200: User, ...errors },
      },
      config: { access: { permission: 'users:write' } },
    },
    async (req) => updateUser(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/v1/roles',
    {
      schema: {
        tags: ['roles'],
        summary: 'List built-in and custom roles',
        response: { 200: RoleList, ...errors },
      },
      config: { access: { permission: 'roles:read' } },
    },
    async (req) => listRoles(req.ctx),
  );
  app.post(
    '/api/v1/roles',
    {
      schema: {
        tags: ['roles'],
        summary: 'Create a custom role',
        body: CreateRole,
        response: { 201: Role, ...errors },
      },
      config: { access: { permission: 'roles:write' } },
    },
    async (req, reply) => reply.code(201).send(await createRole(req.ctx, req.body)),
  );
  app.patch(
    '/api/v1/roles/:id',
    {
      schema: {
        tags: ['roles'],
        summary: 'Change a custom role',
        params: IdParam,
        body: UpdateRole,
        response: { 200: Role, ...errors },
      },
      config: { access: { permission: 'roles:write' } },
    },
    async (req) => updateRole(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/api/v1/roles/:id',
    {
      schema: {
        tags: ['roles'],
        summary: 'Delete a custom role nobody holds',
        params: IdParam,
        response: { 204: NoContent, ...errors },
      },
      config: { access: { permission: 'roles:write' } },
    },
    async (req, reply) => {
      await deleteRole(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/v1/permissions',
    {
      schema: {
        tags: ['roles'],
        summary: 'Every permission and sensitive field group',
        response: { 200: PermissionCatalogue, ...errors },
      },
      config: { access: { permission: 'roles:read' } },
    },
    async () => permissionCatalogue(),
  );

  app.get(
    '/api/v1/api-tokens',
    {
      schema: {
        tags: ['api tokens'],
        summary: 'List my API tokens (or all, for token admins)',
        querystring: ApiTokenQuery,
        response: { 200: ApiTokenList, ...errors },
      },
      config: { access: { permission: 'api_tokens:own' } },
    },
    async (req) => listApiTokens(req.ctx, req.query.all === 'true'),
  );
  app.post(
    '/api/v1/api-tokens',
    {
      schema: {
        tags: ['api tokens'],
        summary: 'Create an API token (the secret is returned once)',
        body: CreateApiToken,
        response: { 201: CreatedApiToken, ...errors },
      },
      config: { access: { permission: 'api_tokens:own' } },
    },
    async (req, reply) => reply.code(201).send(await createApiToken(req.ctx, req.body)),
  );
  app.delete(
    '/api/v1/api-tokens/:id',
    {
      schema: {
        tags: ['api tokens'],
        summary: 'Revoke an API token',
        params: IdParam,
        response: { 204: NoContent, ...errors },
      },
      config: { access: { permission: 'api_tokens:own' } },
    },
    async (req, reply) => {
      await revokeApiToken(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
}

export { authenticate };
