import { fieldGroup, listFieldGroups } from '../../platform/auth/redaction.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/client.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { CONFIG_CHANNEL } from './config-cache.ts';
import * as repo from './custom-fields.repository.ts';
import type { CustomFieldDef } from './custom-fields.rules.ts';
import type { CreateCustomField, CustomField, UpdateCustomField } from './settings.contract.ts';
import { configCache } from './settings.service.ts';

type FieldWithOptions = repo.CustomFieldRow & { options: repo.CustomFieldOptionRow[] };

function view(f: FieldWithOptions): CustomField {
  return {
    id: f.id,
    key: f.key,
    label: f.label,
    type: f.type as CustomField['type'],
    required: f.required,
    helpText: f.helpText,
    fieldGroup: f.fieldGroup,
    position: f.position,
    retired: f.retiredAt !== null,
    options: f.options.map((o) => ({
      code: o.code,
      label: o.label,
      position: o.position,
      retired: o.retiredAt !== null,
      labelHistory: o.labelHistory,
    })),
    createdAt: f.createdAt.toISOString(),
    updatedAt: f.updatedAt.toISOString(),
  };
}

export function toDef(f: FieldWithOptions): CustomFieldDef {
  return {
    key: f.key,
    label: f.label,
    type: f.type as CustomFieldDef['type'],
    required: f.required,
    retired: f.retiredAt !== null,
    fieldGroup: f.fieldGroup,
    options: f.options.map((o) => ({ code: o.code, label: o.label, retired: o.retiredAt !== null })),
  };
}

/** Definitions of the workspace's custom fields (retired ones included: their values are still shown). */
export async function customFieldDefs(db: Executor, workspaceId: string): Promise<CustomFieldDef[]> {
  return (await repo.listFields(db, workspaceId)).map(toDef);
}

export async function listCustomFields(ctx: Ctx): Promise<CustomField[]> {
  return (await repo.listFields(ctx.db, ctx.actor.workspaceId)).map(view);
}

function checkGroup(group: string | null | undefined) {
  if (group && !fieldGroup(group)) {
    throw invalid('unknown_field_group', 'No such sensitive field group', [
      {
        field: 'fieldGroup',
        message: `must be one of ${listFieldGroups()
          .map((g) => g.key)
          .join(', ')}`,
      },
    ]);
  }
}

function checkOptions(type: string, options: { code: string }[]) {
  const isSelect = type === 'single_select' || type === 'multi_select';
  if (isSelect && options.length === 0)
    throw invalid('options_required', 'A picklist needs options', [
      { field: 'options', message: 'a picklist needs at least one option' },
    ]);
  if (!isSelect && options.length > 0)
    throw invalid('options_not_allowed', 'Only picklists have options', [
      { field: 'options', message: `a ${type} field has no options` },
    ]);
  const seen = new Set<string>();
  options.forEach((o, i) => {
    if (seen.has(o.code))
      throw invalid('duplicate_option', 'Option codes must be unique', [
        { field: `options.${i}.code`, message: `'${o.code}' is listed twice` },
      ]);
    seen.add(o.code);
  });
}

export async function createCustomField(ctx: Ctx, input: CreateCustomField): Promise<CustomField> {
  checkGroup(input.fieldGroup);
  checkOptions(input.type, input.options);
  const committed = await inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    await configCache.changed(tx.db, CONFIG_CHANNEL, ws);
    const existing = await repo.listFields(tx.db, ws);
    if (existing.some((f) => f.key === input.key))
      throw conflict('custom_field_exists', 'A custom field with this key exists', [
        { field: 'key', message: `'${input.key}' is already used` },
      ]);
    const now = tx.clock.now();
    const id = newId();
    const row: repo.CustomFieldRow = {
      id,
      workspaceId: ws,
      key: input.key,
      label: input.label,
      type: input.type,
      required: input.required,
      helpText: input.helpText,
      fieldGroup: input.fieldGroup,
      position: existing.reduce((m, f) => Math.max(m, f.position), -1) + 1,
      retiredAt: null,
      createdAt: now,
      updatedAt: now,
    };
    const options = input.options.map((o, i) => ({
      id: newId(),
      workspaceId: ws,
      fieldId: id,
      code: o.code,
      label: o.label,
      position: i,
      labelHistory: [],
      retiredAt: null,
      createdAt: now,
    }));
    await repo.insertField(tx.db, row, options);
    const created = view({ ...row, options });
    await recordAudit(tx, {
      action: 'custom_field.created',
      entityType: 'custom_field',
      entityId: id,
      after: created,
    });
    return created;
  });
  configCache.invalidate(ctx.actor.workspaceId);
  return committed;
}

export async function updateCustomField(
  ctx: Ctx,
  id: string,
  input: UpdateCustomField,
): Promise<CustomField> {
  checkGroup(input.fieldGroup);
  const committed = await inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    await configCache.changed(tx.db, CONFIG_CHANNEL, ws);
    const field = await repo.getField(tx.db, ws, id, true);
    if (!field) throw notFound('custom_field');
    const before = view(field);
    const now = tx.clock.now();
    const set: Partial<repo.CustomFieldRow> = { updatedAt: now };
    if (input.label !== undefined) set.label = input.label;
    if (input.required !== undefined) set.required = input.required;
    if (input.helpText !== undefined) set.helpText = input.helpText;
    if (input.fieldGroup !== undefined) set.fieldGroup = input.fieldGroup;
    if (input.position !== undefined) set.position = input.position;
    if (input.retired !== undefined) set.retiredAt = input.retired ? (field.retiredAt ?? now) : null;
    await repo.updateField(tx.db, ws, id, set);

    let options = field.options;
    if (input.options !== undefined) {
      checkOptions(field.type, input.options);
      const next: repo.CustomFieldOptionRow[] = [];
      const added: repo.CustomFieldOptionRow[] = [];
      for (const [i, o] of input.options.entries()) {
        const old = field.options.find((x) => x.code === o.code);
        if (!old) {
          const row = {
            id: newId(),
            workspaceId: ws,
            fieldId: id,
            code: o.code,
            label: o.label,
            position: i,
            labelHistory: [],
            retiredAt: o.retired ? now : null,
            createdAt: now,
          };
          added.push(row);
          next.push(row);
          continue;
        }
        const change: Partial<repo.CustomFieldOptionRow> = { position: i };
        if (old.label !== o.label) {
          change.label = o.label;
          change.labelHistory = [...old.labelHistory, { label: old.label, until: now.toISOString() }];
        }
        change.retiredAt = o.retired ? (old.retiredAt ?? now) : null;
        await repo.updateOption(tx.db, old.id, change);
        next.push({ ...old, ...change });
      }
      // Codes left out are retired, never deleted: stored values keep their meaning.
      for (const old of field.options) {
        if (input.options.some((o) => o.code === old.code)) continue;
        const change = { retiredAt: old.retiredAt ?? now, position: next.length };
        await repo.updateOption(tx.db, old.id, change);
        next.push({ ...old, ...change });
      }
      await repo.insertOptions(tx.db, added);
      options = next;
    }
    const after = view({ ...field, ...set, options });
    await recordAudit(tx, {
      action: 'custom_field.updated',
      entityType: 'custom_field',
      entityId: id,
      before,
      after,
    });
    return after;
  });
  configCache.invalidate(ctx.actor.workspaceId);
  return committed;
}
