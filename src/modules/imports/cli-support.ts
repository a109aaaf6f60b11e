import type { Ctx } from '../../platform/context.ts';
import type { ImportRun } from './imports.contract.ts';
import * as repo from './imports.repository.ts';
import { runView } from './runs.service.ts';
import { sourceForIntake } from './sources.service.ts';

/** An unfinished run of the same file (by SHA-256), source and format: what `prospector import` resumes. */
export async function findUnfinishedRun(
  ctx: Ctx,
  sha256: string,
  sourceCode: string,
  format: string,
): Promise<ImportRun | null> {
  const source = await sourceForIntake(ctx, sourceCode);
  const r = await repo.unfinishedRunOf(ctx.db, ctx.actor.workspaceId, sha256, source.id, format);
  return r ? runView(r) : null;
}
