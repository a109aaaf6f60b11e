import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/client.ts';
import { type FieldError, invalid } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { entryContext } from '../candidates/index.ts';
import * as repo from './duplicates.repository.ts';
import { DEFAULT_RULES, type MatchRules } from './rules.contract.ts';

export interface LoadedRules {
  rules: MatchRules;
  version: number;
  updatedAt: Date | null;
}

/** The workspace's rules (the defaults until an admin saves some). */
export async function loadRules(db: Executor, workspaceId: string): Promise<LoadedRules> {
  const row = await repo.getRules(db, workspaceId);
  return row
    ? { rules: row.rules, version: row.version, updatedAt: row.updatedAt }
    : { rules: DEFAULT_RULES, version: 0, updatedAt: null };
}

export async function getRules(ctx: Ctx) {
  const r = await loadRules(ctx.db, ctx.actor.workspaceId);
  return { ...r.rules, version: r.version, updatedAt: r.updatedAt?.toISOString() ?? null };
}

/** Rules that the schema cannot check alone: custom fields must exist, thresholds in order, no field twice. */
async function check(ctx: Ctx, rules: MatchRules): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const { defs } = await entryContext(ctx.db, ctx.actor.workspaceId);
  const keys = new Set(defs.map((d) => d.key));
  // Free text (notes, long descriptions) says little about identity and is costly to compare: refused.
  const longText = new Set(defs.filter((d) => d.type === 'long_text').map((d) => `customFields.${d.key}`));
  const seen = new Set<string>();
  rules.comparisons.forEach((c, i) => {
    if (c.field.startsWith('customFields.') && !keys.has(c.field.slice('customFields.'.length)))
      errors.push({ field: `comparisons.${i}.field`, message: `names no custom field of this workspace` });
    if (longText.has(c.field))
      errors.push({
        field: `comparisons.${i}.field`,
        message: 'is a long text field: compare short values (names, codes, dates) only',
      });
    if (c.blockWith && longText.has(c.blockWith))
      errors.push({ field: `comparisons.${i}.blockWith`, message: 'is a long text field' });
    if (seen.has(c.field)) errors.push({ field: `comparisons.${i}.field`, message: 'is compared twice' });
    seen.add(c.field);
    if (c.m <= c.u)
      errors.push({
        field: `comparisons.${i}.m`,
        message: 'must be above u (agreement must be evidence for a match)',
      });
  });
  const kinds = new Set<string>();
  rules.exactKeys.forEach((k, i) => {
    if (kinds.has(k.kind)) errors.push({ field: `exactKeys.${i}.kind`, message: 'is listed twice' });
    kinds.add(k.kind);
  });
  if (rules.thresholds.review > rules.thresholds.merge)
    errors.push({ field: 'thresholds.review', message: 'must not be above thresholds.merge' });
  return errors;
}

/** Replace the rules (validated), audited. Existing pairs keep their scores until the next re-scan. */
export async function updateRules(ctx: Ctx, rules: MatchRules) {
  const errors = await check(ctx, rules);
  if (errors.length) throw invalid('invalid_rules', 'The duplicate rules are invalid', errors);
  return inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    const before = await loadRules(tx.db, ws);
    const now = tx.clock.now();
    await repo.upsertRules(tx.db, {
      workspaceId: ws,
      rules,
      version: before.version + 1,
      updatedBy: tx.actor.userId,
      updatedAt: now,
    });
    await recordAudit(tx, {
      action: 'duplicates.rules_updated',
      entityType: 'duplicate_rules',
      entityId: ws,
      before: before.rules as unknown as Record<string, unknown>,
      after: rules as unknown as Record<string, unknown>,
    });
    return { ...rules, version: before.version + 1, updatedAt: now.toISOString() };
  });
}
