import { CandidateSearchQuery, searchCandidates } from '../../modules/candidates/index.ts';
import { firstWorkspace, userActor, workspaceSystemActor } from '../../modules/identity/index.ts';
import type { Config } from '../../platform/config.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { openRuntime } from '../runtime.ts';

export interface SearchOptions {
  json?: boolean;
  limit: number;
  sort?: string;
  as?: string;
  workspace?: string;
  filter: string[];
}

/**
 * `prospector search "<query>"`: the same search as GET /api/v1/candidates, from the shell. As the workspace's
 * system actor by default, or `--as <email>` to see exactly what that user sees (redaction included).
 */
export async function search(config: Config, query: string, o: SearchOptions) {
  const rt = await openRuntime(config, { purpose: 'search', migrate: config.engine === 'pglite' });
  try {
    let actor = null;
    if (o.as) {
      actor = await userActor(rt.database.db, o.as);
      if (!actor) throw new AppError('invalid', 'unknown_user', `No active user ${o.as}`);
    } else {
      const workspaceId = o.workspace ?? (await firstWorkspace(rt.database.db))?.id;
      if (!workspaceId)
        throw new AppError('invalid', 'no_workspace', 'No workspace yet: run `prospector start` once first');
      actor = workspaceSystemActor(workspaceId);
    }
    const ctx: Ctx = { db: rt.database.db, clock: rt.clock, log: rt.log, queue: rt.tasks.queue, actor };
    const filters = Object.fromEntries(
      o.filter.map((f) => {
        const i = f.indexOf('=');
        if (i < 1) throw new AppError('invalid', 'bad_filter', `--filter takes name=value, got "${f}"`);
        return [f.slice(0, i), f.slice(i + 1)];
      }),
    );
    const parsed = CandidateSearchQuery.safeParse({
      ...filters,
      q: query,
      limit: o.limit,
      ...(o.sort ? { sort: o.sort } : {}),
    });
    if (!parsed.success) {
      throw new AppError('invalid', 'invalid_search', 'The search is not valid', {
        fields: parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'query', message: i.message })),
      });
    }
    const page = await searchCandidates(ctx, parsed.data);
    if (o.json) {
      process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
      return;
    }
    const rows = page.items.map((c) => [
      c.name,
      c.currentTitle ?? c.headline ?? '',
      c.currentCompany ?? '',
      [c.location.city, c.location.country].filter(Boolean).join(', '),
      c.status,
      c.id,
    ]);
    const head = ['NAME', 'TITLE', 'COMPANY', 'LOCATION', 'STATUS', 'ID'];
    const widths = head.map((h, i) => Math.min(40, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
    const line = (r: string[]) =>
      r
        .map((v, i) => v.slice(0, widths[i]).padEnd(widths[i]!))
        .join('  ')
        .trimEnd();
    process.stdout.write(`${[head, ...rows].map(line).join('\n')}\n`);
    if (page.interpretation) process.stdout.write(`\nQuery understood as: ${page.interpretation}\n`);
    process.stdout.write(
      `${page.items.length} shown of ${page.totalIsEstimate ? 'about ' : ''}${page.total} match${page.total === 1 ? '' : 'es'}\n`,
    );
  } finally {
    await rt.close();
  }
}
