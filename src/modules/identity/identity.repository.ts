import { and, asc, sql as dsql, eq, inArray, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { queryRows, sql } from '../../platform/db/client.ts';
import { apiTokens, roles, sessions, userRoles, users, workspaces } from './identity.tables.ts';

export type WorkspaceRow = typeof workspaces.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type RoleRow = typeof roles.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;

// ---- workspaces

export async function insertWorkspace(db: Executor, row: WorkspaceRow) {
  await db.insert(workspaces).values(row);
}
export async function getWorkspace(db: Executor, id: string) {
  return (await db.select().from(workspaces).where(eq(workspaces.id, id)))[0];
}
export async function countWorkspaces(db: Executor): Promise<number> {
  const rows = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from workspaces`);
  return Number(rows[0]?.n ?? 0);
}
export async function firstWorkspace(db: Executor) {
  return (await db.select().from(workspaces).orderBy(asc(workspaces.createdAt)).limit(1))[0];
}

// ---- users

export async function insertUser(db: Executor, row: UserRow) {
  await db.insert(users).values(row);
}
export async function getUser(db: Executor, workspaceId: string, id: string) {
  return (
    await db
      .select()
      .from(users)
      .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)))
  )[0];
}
/** Sign-in looks users up by email across the installation (emails are unique installation-wide). */
export async function findUserByEmail(db: Executor, email: string) {
  return (await db.select().from(users).where(eq(users.email, email)))[0];
}
export async function updateUser(db: Executor, workspaceId: string, id: string, set: Partial<UserRow>) {
  await db
    .update(users)
    .set(set)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)));
}
export interface UserListRow {
  id: string;
  email: string;
  name: string;
  status: 'active' | 'disabled';
  createdAt: Date;
  lastSignInAt: Date | null;
  roles: { id: string; key: string; name: string }[];
}

/** A page of users with their roles, in one statement (the users list is a hot path). */
export async function listUsers(
  db: Executor,
  workspaceId: string,
  f: { q?: string; status?: 'active' | 'disabled'; after?: [string, string] },
  limit: number,
): Promise<UserListRow[]> {
  const where: SQL[] = [sql`u.workspace_id = ${workspaceId}`];
  if (f.q) {
    const pat = `%${f.q.replace(/[%_\\]/g, '\\$&')}%`;
    where.push(sql`(u.email ilike ${pat} or u.name ilike ${pat})`);
  }
  if (f.status) where.push(sql`u.status = ${f.status}`);
  if (f.after) where.push(sql`(u.created_at, u.id) > (${new Date(f.after[0])}, ${f.after[1]})`);
  const rows = await queryRows<UserListRow>(
    db,
    sql`select u.id, u.email, u.name, u.status, u.created_at as "createdAt", u.last_sign_in_at as "lastSignInAt",
          coalesce((select json_agg(json_build_object('id', r.id, 'key', r.key, 'name', r.name) order by r.name)
            from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = u.id), '[]'::json) as roles
        from users u where ${sql.join(where, sql` and `)}
        order by u.created_at, u.id limit ${limit}`,
  );
  return rows.map((r) => ({ ...r, createdAt: toDate(r.createdAt)!, lastSignInAt: toDate(r.lastSignInAt) }));
}

// ---- roles

export async function insertRoles(db: Executor, rows: RoleRow[]) {
  if (rows.length) await db.insert(roles).values(rows);
}
export async function listRoles(db: Executor, workspaceId: string) {
  return db
    .select()
    .from(roles)
    .where(eq(roles.workspaceId, workspaceId))
    .orderBy(asc(roles.builtin), asc(roles.name));
}
export async function getRole(db: Executor, workspaceId: string, id: string) {
  return (
    await db
      .select()
      .from(roles)
      .where(and(eq(roles.workspaceId, workspaceId), eq(roles.id, id)))
  )[0];
}
export async function getRoleByKey(db: Executor, workspaceId: string, key: string) {
  return (
    await db
      .select()
      .from(roles)
      .where(and(eq(roles.workspaceId, workspaceId), eq(roles.key, key)))
  )[0];
}
export async function rolesByIds(db: Executor, workspaceId: string, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select()
    .from(roles)
    .where(and(eq(roles.workspaceId, workspaceId), inArray(roles.id, ids)));
}
export async function updateRole(db: Executor, workspaceId: string, id: string, set: Partial<RoleRow>) {
  await db
    .update(roles)
    .set(set)
    .where(and(eq(roles.workspaceId, workspaceId), eq(roles.id, id)));
}
export async function deleteRole(db: Executor, workspaceId: string, id: string) {
  await db.delete(roles).where(and(eq(roles.workspaceId, workspaceId), eq(roles.id, id)));
}
export async function roleUserCounts(db: Executor, workspaceId: string): Promise<Map<string, number>> {
  const rows = await queryRows<{ role_id: string; n: number }>(
    db,
    sql`select role_id, count(*)::int as n from user_roles where workspace_id = ${workspaceId} group by role_id`,
  );
  return new Map(rows.map((r) => [r.role_id, Number(r.n)]));
}

// ---- user roles

export async function rolesOfUsers(db: Executor, workspaceId: string, userIds: string[]) {
  if (!userIds.length) return [];
  return db
    .select({ userId: userRoles.userId, role: roles })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(and(eq(userRoles.workspaceId, workspaceId), inArray(userRoles.userId, userIds)))
    .orderBy(asc(roles.name));
}
export async function setUserRoles(db: Executor, workspaceId: string, userId: string, roleIds: string[]) {
  await db.delete(userRoles).where(and(eq(userRoles.workspaceId, workspaceId), eq(userRoles.userId, userId)));
  if (roleIds.length) {
    await db.insert(userRoles).values(roleIds.map((roleId) => ({ workspaceId, userId, roleId })));
  }
}

// ---- sessions

export async function insertSession(db: Executor, row: SessionRow) {
  await db.insert(sessions).values(row);
}
export interface RoleGrant {
  builtin: boolean;
  key: string;
  permissions: string[];
}

export interface Credential {
  id: string;
  userId: string;
  workspaceId: string;
  email: string;
  lastUsedAt: Date | null;
  expiresAt: Date;
  /** Session: its CSRF token. Token: its scopes. */
  csrfToken: string | null;
  scopes: string[] | null;
  roles: RoleGrant[];
}

// The hot path of every request: the credential, its active user and the user's role grants in ONE
// statement (written as SQL: building it with the query builder on each request cost more than running it).
const ROLE_GRANTS = sql`coalesce((select json_agg(json_build_object('builtin', r.builtin, 'key', r.key, 'permissions', r.permissions))
    from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = u.id), '[]'::json) as roles`;

/** The session behind a cookie, with its user and role grants, if both are still valid. */
export async function findLiveSession(
  db: Executor,
  secretHash: string,
  now: Date,
): Promise<Credential | undefined> {
  const rows = await queryRows<Credential>(
    db,
    sql`select s.id, u.id as "userId", u.workspace_id as "workspaceId", u.email, s.last_seen_at as "lastUsedAt",
          s.expires_at as "expiresAt", s.csrf_token as "csrfToken", null as scopes, ${ROLE_GRANTS}
        from sessions s join users u on u.id = s.user_id
        where s.secret_hash = ${secretHash} and s.expires_at > ${now} and u.status = 'active'`,
  );
  return rows[0] && credential(rows[0]);
}

/** The API token behind a bearer secret, with its user and role grants, if live. */
export async function findLiveApiToken(
  db: Executor,
  secretHash: string,
  now: Date,
): Promise<Credential | undefined> {
  const rows = await queryRows<Credential>(
    db,
    sql`select t.id, u.id as "userId", u.workspace_id as "workspaceId", u.email, t.last_used_at as "lastUsedAt",
          t.expires_at as "expiresAt", null as "csrfToken", t.scopes, ${ROLE_GRANTS}
        from api_tokens t join users u on u.id = t.user_id
        where t.secret_hash = ${secretHash} and t.revoked_at is null and t.expires_at > ${now} and u.status = 'active'`,
  );
  return rows[0] && credential(rows[0]);
}

function credential(r: Credential): Credential {
  return { ...r, lastUsedAt: toDate(r.lastUsedAt), expiresAt: toDate(r.expiresAt)! };
}

// Raw rows give timestamptz as a Date on node-postgres and on PGlite; be tolerant of a string all the same.
function toDate(v: Date | string | null): Date | null {
  return v === null ? null : v instanceof Date ? v : new Date(v);
}

export async function touchSession(db: Executor, id: string, now: Date) {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
}
export async function deleteSession(db: Executor, id: string) {
  await db.delete(sessions).where(eq(sessions.id, id));
}
export async function deleteUserSessions(
  db: Executor,
  workspaceId: string,
  userId: string,
  exceptId?: string,
) {
  const where = [eq(sessions.workspaceId, workspaceId), eq(sessions.userId, userId)];
  if (exceptId) where.push(dsql`${sessions.id} <> ${exceptId}`);
  await db.delete(sessions).where(and(...where));
}

// ---- API tokens

export async function insertApiToken(db: Executor, row: ApiTokenRow) {
  await db.insert(apiTokens).values(row);
}
export async function touchApiToken(db: Executor, id: string, now: Date) {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}
export async function listApiTokens(db: Executor, workspaceId: string, userId: string | null) {
  const where = [eq(apiTokens.workspaceId, workspaceId)];
  if (userId) where.push(eq(apiTokens.userId, userId));
  return db
    .select()
    .from(apiTokens)
    .where(and(...where))
    .orderBy(asc(apiTokens.createdAt));
}
export async function getApiToken(db: Executor, workspaceId: string, id: string) {
  return (
    await db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, id)))
  )[0];
}
export async function revokeApiToken(db: Executor, workspaceId: string, id: string, at: Date) {
  await db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, id)));
}

export async function countActiveHolders(db: Executor, workspaceId: string, roleId: string): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from user_roles ur join users u on u.id = ur.user_id
        where ur.workspace_id = ${workspaceId} and ur.role_id = ${roleId} and u.status = 'active'`,
  );
  return Number(rows[0]?.n ?? 0);
}

export async function deleteExpiredSessions(db: Executor, now: Date): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with d as (delete from sessions where expires_at <= ${now} returning 1) select count(*)::int as n from d`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** Id, name and status of the given users of one workspace (unknown ids are left out). */
export async function userSummaries(db: Executor, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: users.id, name: users.name, email: users.email, status: users.status })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), inArray(users.id, ids)));
}

/** Active users of a workspace, id and name only (the colleague directory), by name. */
export async function activeUserNames(db: Executor, workspaceId: string) {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.status, 'active')))
    .orderBy(asc(users.name), asc(users.id));
}
