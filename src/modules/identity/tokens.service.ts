import { can } from '../../platform/auth/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { forbidden, invalid, notFound } from '../../platform/errors.ts';
import { newId, newSecret } from '../../platform/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { sha256, TOKEN_PREFIX } from './auth.service.ts';
import { authChanged } from './auth-cache.ts';
import type { ApiToken, CreateApiToken } from './identity.contract.ts';
import * as repo from './identity.repository.ts';

function view(t: repo.ApiTokenRow): ApiToken {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes,
    userId: t.userId,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

export async function listApiTokens(ctx: Ctx, all: boolean): Promise<{ items: ApiToken[] }> {
  if (all && !can(ctx.actor, 'api_tokens:admin')) {
    throw forbidden('missing_permission', 'Listing every token needs api_tokens:admin');
  }
  const rows = await repo.listApiTokens(ctx.db, ctx.actor.workspaceId, all ? null : ctx.actor.userId);
  return { items: rows.map(view) };
}

/** Create a token for the acting user; its scopes must be permissions the user holds. The secret is returned once. */
export async function createApiToken(
  ctx: Ctx,
  input: CreateApiToken,
): Promise<{ token: ApiToken; secret: string }> {
  const userId = ctx.actor.userId;
  if (!userId) throw forbidden('user_required', 'Only a user can own an API token');
  input.scopes.forEach((s, i) => {
    if (!ctx.actor.permissions.has(s)) {
      throw invalid('scope_not_held', 'A token can only carry permissions you hold', [
        { field: `scopes.${i}`, message: `you do not hold ${s}` },
      ]);
    }
  });
  const secret = `${TOKEN_PREFIX}${newSecret(32)}`;
  const now = ctx.clock.now();
  const row: repo.ApiTokenRow = {
    id: newId(),
    workspaceId: ctx.actor.workspaceId,
    userId,
    name: input.name,
    prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
    secretHash: sha256(secret),
    scopes: [...new Set(input.scopes)].sort(),
    createdAt: now,
    expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000),
    lastUsedAt: null,
    revokedAt: null,
  };
  return inTransaction(ctx, async (tx) => {
    await repo.insertApiToken(tx.db, row);
    const token = view(row);
    await recordAudit(tx, {
      action: 'api_token.created',
      entityType: 'api_token',
      entityId: row.id,
      after: token,
    });
    return { token, secret };
  });
}

export async function revokeApiToken(ctx: Ctx, id: string): Promise<void> {
  const row = await repo.getApiToken(ctx.db, ctx.actor.workspaceId, id);
  if (!row || (row.userId !== ctx.actor.userId && !can(ctx.actor, 'api_tokens:admin')))
    throw notFound('api_token');
  if (row.revokedAt) return;
  const committed = await inTransaction(ctx, async (tx) => {
    const at = tx.clock.now();
    await repo.revokeApiToken(tx.db, tx.actor.workspaceId, id, at);
    await recordAudit(tx, {
      action: 'api_token.revoked',
      entityType: 'api_token',
      entityId: id,
      before: view(row),
      after: view({ ...row, revokedAt: at }),
    });
    return authChanged(tx.db, { kind: 'token', id });
  });
  committed();
}
