import { hash } from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/client.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { newId, newSecret } from '../../platform/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { unionPermissions } from './access.ts';
import { authCache, authChanged, type Resolved } from './auth-cache.ts';
import type { Session } from './identity.contract.ts';
import * as repo from './identity.repository.ts';
import { dummyHash, hashPassword, verifyPassword } from './passwords.ts';

export const SESSION_COOKIE = 'prospector_session';
export const TOKEN_PREFIX = 'prs_';

export function sha256(s: string): string {
  // The one-shot form: no Hash object per call (it runs on every authenticated request).
  return hash('sha256', s, 'hex');
}

async function permissionsOf(db: Executor, workspaceId: string, userId: string): Promise<Set<string>> {
  const rows = await repo.rolesOfUsers(db, workspaceId, [userId]);
  return unionPermissions(rows.map((r) => r.role));
}

/** Sign in with email and password; returns the session's cookie secret. Wrong email or password look alike. */
export async function signIn(
  ctx: Ctx,
  input: { email: string; password: string },
  meta: { ip: string | null; userAgent: string | null; ttlHours: number },
): Promise<{ secret: string; expiresAt: Date; actor: Actor }> {
  const user = await repo.findUserByEmail(ctx.db, input.email);
  const ok = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyPassword(await dummyHash(), input.password);
  if (!user || !ok || user.status !== 'active') {
    ctx.log.info({ email: input.email }, 'failed sign-in');
    throw new AppError('unauthenticated', 'bad_credentials', 'Wrong email or password');
  }
  const now = ctx.clock.now();
  const secret = newSecret();
  const csrfToken = newSecret(24);
  const expiresAt = new Date(now.getTime() + meta.ttlHours * 3600_000);
  const permissions = await permissionsOf(ctx.db, user.workspaceId, user.id);
  const sessionId = newId();
  const actor: Actor = {
    kind: 'user',
    workspaceId: user.workspaceId,
    userId: user.id,
    email: user.email,
    permissions,
    sessionId,
    csrfToken,
  };
  await inTransaction({ ...ctx, actor }, async (tx) => {
    await repo.insertSession(tx.db, {
      id: sessionId,
      workspaceId: user.workspaceId,
      userId: user.id,
      secretHash: sha256(secret),
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    });
    await repo.updateUser(tx.db, user.workspaceId, user.id, { lastSignInAt: now });
    await recordAudit(tx, {
      action: 'session.created',
      entityType: 'user',
      entityId: user.id,
      after: {
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 300) ?? null,
        expiresAt: expiresAt.toISOString(),
      },
    });
  });
  return { secret, expiresAt, actor };
}

export async function signOut(ctx: Ctx): Promise<void> {
  const sessionId = ctx.actor.sessionId;
  if (!sessionId) return;
  const committed = await inTransaction(ctx, async (tx) => {
    await repo.deleteSession(tx.db, sessionId);
    await recordAudit(tx, {
      action: 'session.ended',
      entityType: 'user',
      entityId: ctx.actor.userId,
      before: null,
    });
    return authChanged(tx.db, { kind: 'session', id: sessionId });
  });
  committed();
}

/**
 * Resolve the caller from a session cookie secret or a bearer token. Touches last-seen at most once a
 * minute. `db` must be the database itself (not a transaction): the resolved caller is cached per database
 * for a few seconds when this process listens for credential changes on it (see auth-cache.ts).
 */
export async function authenticate(
  db: Executor,
  clock: Clock,
  creds: { cookie?: string | undefined; bearer?: string | undefined },
): Promise<Actor | null> {
  if (creds.bearer) return resolve(db, clock.now(), 'token', sha256(creds.bearer));
  if (creds.cookie) return resolve(db, clock.now(), 'session', sha256(creds.cookie));
  return null;
}

const TOUCH_EVERY_MS = 60_000;

async function resolve(
  db: Executor,
  now: Date,
  kind: 'token' | 'session',
  secretHash: string,
): Promise<Actor | null> {
  const nowMs = now.getTime();
  const r = await authCache.resolve(db, secretHash, nowMs, () => lookUp(db, now, kind, secretHash));
  if (!r) return null;
  if (nowMs - r.touchedAtMs > TOUCH_EVERY_MS) {
    r.touchedAtMs = nowMs;
    await touch(db, now, kind, (kind === 'token' ? r.actor.tokenId : r.actor.sessionId)!);
  }
  return r.actor;
}

function touch(db: Executor, now: Date, kind: 'token' | 'session', id: string) {
  return kind === 'token' ? repo.touchApiToken(db, id, now) : repo.touchSession(db, id, now);
}

/** The caller of a live token or session, read from the database (the caller writes its last-use time). */
async function lookUp(
  db: Executor,
  now: Date,
  kind: 'token' | 'session',
  secretHash: string,
): Promise<Resolved | null> {
  const c =
    kind === 'token'
      ? await repo.findLiveApiToken(db, secretHash, now)
      : await repo.findLiveSession(db, secretHash, now);
  if (!c) return null;
  const userPerms = unionPermissions(c.roles);
  const actor: Actor = Object.freeze(
    kind === 'token'
      ? {
          kind: 'token' as const,
          workspaceId: c.workspaceId,
          userId: c.userId,
          email: c.email,
          // A token can never do more than its user can do now.
          permissions: new Set((c.scopes ?? []).filter((s) => userPerms.has(s))),
          tokenId: c.id,
        }
      : {
          kind: 'user' as const,
          workspaceId: c.workspaceId,
          userId: c.userId,
          email: c.email,
          permissions: userPerms,
          sessionId: c.id,
          csrfToken: c.csrfToken ?? undefined,
        },
  );
  return { actor, expiresAtMs: c.expiresAt.getTime(), touchedAtMs: c.lastUsedAt?.getTime() ?? 0 };
}

export async function currentSession(ctx: Ctx): Promise<Session> {
  const a = ctx.actor;
  const user = a.userId ? await repo.getUser(ctx.db, a.workspaceId, a.userId) : undefined;
  const workspace = await repo.getWorkspace(ctx.db, a.workspaceId);
  if (!user || !workspace) throw new AppError('unauthenticated', 'unauthenticated', 'Sign in first');
  const roles = await repo.rolesOfUsers(ctx.db, a.workspaceId, [user.id]);
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      roles: roles.map((r) => ({ id: r.role.id, key: r.role.key, name: r.role.name })),
    },
    workspace: { id: workspace.id, name: workspace.name },
    permissions: [...a.permissions].sort(),
    csrfToken: a.csrfToken ?? null,
  };
}

/** Change one's own password; every other session of the user is ended. */
export async function changePassword(
  ctx: Ctx,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const a = ctx.actor;
  const user = a.userId ? await repo.getUser(ctx.db, a.workspaceId, a.userId) : undefined;
  if (!user) throw new AppError('unauthenticated', 'unauthenticated', 'Sign in first');
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw invalid('bad_current_password', 'The current password is wrong', [
      { field: 'currentPassword', message: 'is wrong' },
    ]);
  }
  if (input.newPassword === input.currentPassword) {
    throw invalid('same_password', 'The new password must differ from the current one', [
      { field: 'newPassword', message: 'must differ from the current password' },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  const committed = await inTransaction(ctx, async (tx) => {
    await repo.updateUser(tx.db, a.workspaceId, user.id, { passwordHash, updatedAt: tx.clock.now() });
    await repo.deleteUserSessions(tx.db, a.workspaceId, user.id, a.sessionId);
    await recordAudit(tx, { action: 'user.password_changed', entityType: 'user', entityId: user.id });
    // The user's other sessions are gone (this one is kept, and is simply read again).
    return authChanged(tx.db, { kind: 'user', id: user.id });
  });
  committed();
}

/** The actor of a user acting outside HTTP (CLI): their current permissions, no session. */
export async function userActor(db: Executor, email: string): Promise<Actor | null> {
  const user = await repo.findUserByEmail(db, email.trim().toLowerCase());
  if (user?.status !== 'active') return null;
  return {
    kind: 'user',
    workspaceId: user.workspaceId,
    userId: user.id,
    email: user.email,
    permissions: await permissionsOf(db, user.workspaceId, user.id),
  };
}
