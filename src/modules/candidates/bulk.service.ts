import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { changeCandidate, entryContext } from './candidate.service.ts';
import * as candidatesRepo from './candidates.repository.ts';
import type { BulkAction, BulkResult } from './pools.contract.ts';
import { changeMembership } from './pools.service.ts';
import { idsMatching } from './search.service.ts';
import { isStatusCode } from './statuses.ts';

/** The largest selection one bulk request acts on. */
export const BULK_MAX = 1000;

/**
 * Apply one action to a selection (ids, or every result of a search), in one transaction: a timeline row and
 * an audit entry per candidate changed. A candidate the action cannot apply to is reported in `failed`
 * (its savepoint is rolled back) and the others go ahead.
 */
export async function bulkAction(ctx: Ctx, input: BulkAction): Promise<BulkResult> {
  const action = input.action;
  if (action.type === 'set_status' && !isStatusCode(action.status))
    throw invalid('invalid_status', 'Unknown status', [
      { field: 'action.status', message: `'${action.status}' is not a status code` },
    ]);
  const ids =
    'ids' in input.selection
      ? [...new Set(input.selection.ids)]
      : await idsMatching(ctx, input.selection.criteria, BULK_MAX);

  return inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    if (action.type === 'add_to_pool' || action.type === 'remove_from_pool') {
      const r = await changeMembership(
        tx,
        action.poolId,
        ids,
        action.type === 'add_to_pool' ? 'add' : 'remove',
      );
      return { matched: ids.length, changed: r.changed.length, unchanged: r.unchanged.length, failed: [] };
    }
    const env = await entryContext(tx.db, ws);
    const rows = await candidatesRepo.getCandidates(tx.db, ws, ids, true);
    const found = new Set(rows.map((r) => r.id));
    const result: BulkResult = { matched: ids.length, changed: 0, unchanged: 0, failed: [] };
    for (const id of ids) if (!found.has(id)) result.failed.push({ id, message: 'no such candidate' });
    for (const row of rows) {
      const input =
        action.type === 'tag'
          ? {
              tags: [
                ...row.tags.filter((t) => !action.remove.some((r) => r.trim().toLowerCase() === t)),
                ...action.add,
              ],
            }
          : action.type === 'set_owner'
            ? { ownerId: action.ownerId }
            : { status: action.status as never };
      try {
        const changed = await inTransaction(tx, (sp) =>
          changeCandidate(sp, row, input, env, { source: 'bulk' }),
        );
        if (changed) result.changed++;
        else result.unchanged++;
      } catch (e) {
        if (!(e instanceof AppError) || e.kind !== 'invalid') throw e;
        result.failed.push({
          id: row.id,
          message: e.fields.map((f) => `${f.field} ${f.message}`).join('; ') || e.message,
        });
      }
    }
    return result;
  });
}
