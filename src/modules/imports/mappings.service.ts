import { type Actor, can } from '../../platform/auth/actor.ts';
import { CONTACT, fieldGroup } from '../../platform/auth/redaction.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { conflict, type FieldError, invalid, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { entryContext } from '../candidates/index.ts';
import type { CreateMapping, Mapping } from './imports.contract.ts';
import * as repo from './imports.repository.ts';
import { type CustomFieldInfo, isTarget, STANDARD_TARGETS } from './mapping.rules.ts';

export function mappingView(r: repo.MappingRow): Mapping {
  return {
    id: r.id,
    name: r.name,
    format: r.format,
    columns: r.columns,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The workspace's custom fields as the mapping sees them (active ones only). */
export async function customFieldInfo(ctx: Ctx): Promise<CustomFieldInfo[]> {
  const env = await entryContext(ctx.db, ctx.actor.workspaceId);
  return env.defs
    .filter((d) => !d.retired)
    .map((d) => ({
      key: d.key,
      label: d.label,
      type: d.type,
      options: d.options.filter((o) => !o.retired),
      fieldGroup: d.fieldGroup,
    }));
}

const CONTACT_TARGETS = new Set(['email', 'emails', 'phone', 'phones']);

/**
 * May the actor read values mapped to `target`? Contact targets need the contact group's permission, a custom
 * field in a sensitive group that group's (an unknown group hides: fail closed), as candidate records do.
 */
export function mayReadTarget(actor: Actor, target: string, custom: readonly CustomFieldInfo[]): boolean {
  if (CONTACT_TARGETS.has(target)) return can(actor, CONTACT.readPermission);
  if (!target.startsWith('customFields.')) return true;
  const def = custom.find((c) => c.key === target.slice('customFields.'.length));
  if (!def?.fieldGroup) return true;
  const group = fieldGroup(def.fieldGroup);
  return group !== undefined && can(actor, group.readPermission);
}

export function mappingTargets(custom: readonly CustomFieldInfo[]): string[] {
  return [...STANDARD_TARGETS, ...custom.map((c) => `customFields.${c.key}`)];
}

/** Every target must exist (custom fields of this workspace included); a bad one is named by its header. */
export function checkColumns(
  columns: Record<string, string>,
  custom: readonly CustomFieldInfo[],
  prefix = 'columns',
) {
  const keys = custom.map((c) => c.key);
  const errors: FieldError[] = [];
  for (const [h, t] of Object.entries(columns))
    if (!isTarget(t, keys))
      errors.push({ field: `${prefix}.${h}`, message: `'${t}' is not a mapping target` });
  if (errors.length) throw invalid('invalid_mapping', 'The mapping has unknown targets', errors);
}

export async function listMappings(ctx: Ctx) {
  const [rows, custom] = await Promise.all([
    repo.listMappings(ctx.db, ctx.actor.workspaceId),
    customFieldInfo(ctx),
  ]);
  return { items: rows.map(mappingView), targets: mappingTargets(custom) };
}

export async function createMapping(ctx: Ctx, input: CreateMapping): Promise<Mapping> {
  checkColumns(input.columns, await customFieldInfo(ctx));
  return inTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    const row: repo.MappingRow = {
      id: newId(),
      workspaceId: tx.actor.workspaceId,
      name: input.name,
      format: input.format,
      columns: input.columns,
      createdBy: tx.actor.userId,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await repo.insertMapping(tx.db, row)))
      throw conflict('mapping_name_taken', 'A mapping with this name exists', [
        { field: 'name', message: 'is taken' },
      ]);
    await recordAudit(tx, {
      action: 'import_mapping.created',
      entityType: 'import_mapping',
      entityId: row.id,
      after: mappingView(row),
    });
    return mappingView(row);
  });
}

export async function deleteMapping(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    if (!(await repo.deleteMapping(tx.db, tx.actor.workspaceId, id))) throw notFound('import_mapping');
    await recordAudit(tx, { action: 'import_mapping.deleted', entityType: 'import_mapping', entityId: id });
  });
}

export async function getMappingRow(ctx: Ctx, id: string, field = 'mappingId'): Promise<repo.MappingRow> {
  const m = await repo.getMapping(ctx.db, ctx.actor.workspaceId, id);
  if (!m)
    throw invalid('unknown_mapping', 'No such mapping', [
      { field, message: 'is not a mapping of this workspace' },
    ]);
  return m;
}
