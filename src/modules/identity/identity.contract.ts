import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/http/pagination.ts';

const Email = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be an email address such as ana@example.com'))
  .transform((s) => s.toLowerCase());
const Password = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(256, 'must be at most 256 characters');
const PermissionKey = z.string().regex(/^[a-z_]+(\.[a-z_]+)*:[a-z_]+$/, 'is not a permission string');

export const RoleRef = z.object({ id: z.uuid(), key: z.string(), name: z.string() }).meta({ id: 'RoleRef' });

export const User = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    status: z.enum(['active', 'disabled']),
    roles: z.array(RoleRef),
    createdAt: z.iso.datetime(),
    lastSignInAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

export const Session = z
  .object({
    user: z.object({ id: z.uuid(), email: z.string(), name: z.string(), roles: z.array(RoleRef) }),
    workspace: z.object({ id: z.uuid(), name: z.string() }),
    permissions: z.array(z.string()),
    csrfToken: z
      .string()
      .nullable()
      .describe('Send it as `x-csrf-token` on every write made with the session cookie'),
  })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof Session>;

export const SignIn = z
  .object({ email: Email, password: z.string().min(1, 'is required').max(256) })
  .meta({ id: 'SignIn' });
export const ChangePassword = z
  .object({ currentPassword: z.string().min(1, 'is required').max(256), newPassword: Password })
  .meta({ id: 'ChangePassword' });

export const UserQuery = PageQuery.extend({
  q: z.string().trim().max(200).optional().describe('Matches email or name'),
  status: z.enum(['active', 'disabled']).optional(),
});
export type UserQuery = z.infer<typeof UserQuery>;
export const UserPage = pageOf(User).meta({ id: 'UserPage' });
export const UserDirectory = z
  .object({ items: z.array(z.object({ id: z.uuid(), name: z.string() })) })
  .meta({ id: 'UserDirectory' });

export const CreateUser = z
  .object({
    email: Email,
    name: z.string().trim().min(1, 'is required').max(200),
    roleIds: z.array(z.uuid()).max(20).default([]),
    password: Password.optional().describe('Leave out to have a strong password generated and returned once'),
  })
  .strict()
  .meta({ id: 'CreateUser' });
export type CreateUser = z.infer<typeof CreateUser>;

export const CreatedUser = z
  .object({ user: User, initialPassword: z.string().nullable().describe('Only when generated; shown once') })
  .meta({ id: 'CreatedUser' });

export const UpdateUser = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200).optional(),
    roleIds: z.array(z.uuid()).max(20).optional(),
    status: z.enum(['active', 'disabled']).optional(),
  })
  .strict()
  .meta({ id: 'UpdateUser' });
export type UpdateUser = z.infer<typeof UpdateUser>;

export const Role = z
  .object({
    id: z.uuid(),
    key: z.string(),
    name: z.string(),
    description: z.string(),
    builtin: z.boolean(),
    permissions: z.array(z.string()),
    userCount: z.number().int(),
  })
  .meta({ id: 'Role' });
export type Role = z.infer<typeof Role>;
export const RoleList = z.object({ items: z.array(Role) }).meta({ id: 'RoleList' });

export const CreateRole = z
  .object({
    key: z
      .string()
      .regex(/^[a-z][a-z0-9_]{1,39}$/, 'must be 2-40 lower-case letters, digits or _ starting with a letter'),
    name: z.string().trim().min(1, 'is required').max(100),
    description: z.string().trim().max(500).default(''),
    permissions: z.array(PermissionKey).max(500),
  })
  .strict()
  .meta({ id: 'CreateRole' });
export type CreateRole = z.infer<typeof CreateRole>;
export const UpdateRole = CreateRole.omit({ key: true }).partial().strict().meta({ id: 'UpdateRole' });
export type UpdateRole = z.infer<typeof UpdateRole>;

export const PermissionCatalogue = z
  .object({
    items: z.array(z.object({ key: z.string(), area: z.string(), description: z.string() })),
    fieldGroups: z.array(z.object({ key: z.string(), label: z.string(), readPermission: z.string() })),
  })
  .meta({ id: 'PermissionCatalogue' });

export const ApiToken = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().describe('The first characters of the token, to recognise it'),
    scopes: z.array(z.string()),
    userId: z.uuid(),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof ApiToken>;
export const ApiTokenList = z.object({ items: z.array(ApiToken) }).meta({ id: 'ApiTokenList' });
export const ApiTokenQuery = z.object({
  all: z
    .enum(['true', 'false'])
    .optional()
    .describe('With api_tokens:admin, list every token of the workspace'),
});

export const CreateApiToken = z
  .object({
    name: z.string().trim().min(1, 'is required').max(100),
    scopes: z.array(PermissionKey).min(1, 'choose at least one scope').max(500),
    expiresInDays: z.number().int().min(1, 'must be at least 1').max(365, 'must be at most 365'),
  })
  .strict()
  .meta({ id: 'CreateApiToken' });
export type CreateApiToken = z.infer<typeof CreateApiToken>;
export const CreatedApiToken = z
  .object({
    token: ApiToken,
    secret: z.string().describe('Send as `Authorization: Bearer <secret>`; shown once'),
  })
  .meta({ id: 'CreatedApiToken' });

export const Workspace = z
  .object({ id: z.uuid(), name: z.string(), createdAt: z.iso.datetime() })
  .meta({ id: 'Workspace' });

export const IdParam = z.object({ id: z.uuid('must be a UUID') });
