import type { components, paths } from './schema';

type S = components['schemas'];
type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;

export type Session = S['Session'];
export type User = S['User'];
export type Role = S['Role'];
export type ApiToken = S['ApiToken'];
export type AuditEvent = S['AuditEvent'];
export type PermissionCatalog = JsonOf<paths['/api/v1/permissions']['get']['responses'][200]>;
export type PermissionInfo = PermissionCatalog['items'][number];
export type VerifyResult = JsonOf<paths['/api/v1/audit-events/verify']['post']['responses'][200]>;
export type AuditQuery = NonNullable<paths['/api/v1/audit-events']['get']['parameters']['query']>;
