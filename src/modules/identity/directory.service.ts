import type { Ctx } from '../../platform/context.ts';
import * as repo from './identity.repository.ts';

/**
 * The colleague directory: every active user's id and name (no email, no roles), for any signed-in user, so
 * that owners, assignees and "added by" can be shown and chosen by people who may not administer users.
 */
export async function userDirectory(ctx: Ctx) {
  return { items: await repo.activeUserNames(ctx.db, ctx.actor.workspaceId) };
}
