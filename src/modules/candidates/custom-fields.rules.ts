import type { FieldError } from '../../platform/errors.ts';
import { normaliseEmail, normaliseProfileUrl } from './normalise/index.ts';

export const CUSTOM_FIELD_TYPES = [
  'text',
  'long_text',
  'number',
  'date',
  'boolean',
  'url',
  'email',
  'single_select',
  'multi_select',
  'user',
] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export interface CustomFieldOption {
  code: string;
  label: string;
  retired: boolean;
}

/** What validation needs to know of a field definition. */
export interface CustomFieldDef {
  key: string;
  label: string;
  type: CustomFieldType;
  required: boolean;
  retired: boolean;
  fieldGroup: string | null;
  options: CustomFieldOption[];
}

export type CustomValue = string | number | boolean | string[];

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkOne(def: CustomFieldDef, raw: unknown): { value: CustomValue } | { error: string } {
  const codes = () =>
    def.options
      .filter((o) => !o.retired)
      .map((o) => o.code)
      .join(', ');
  const option = (v: unknown): string | { error: string } => {
    if (typeof v !== 'string') return { error: 'must be an option code' };
    const o = def.options.find((x) => x.code === v);
    if (!o) return { error: `'${v}' is not an option; valid codes: ${codes()}` };
    if (o.retired) return { error: `option '${v}' is retired` };
    return v;
  };
  switch (def.type) {
    case 'text':
    case 'long_text': {
      if (typeof raw !== 'string') return { error: 'must be text' };
      const max = def.type === 'text' ? 500 : 10_000;
      const v = raw.trim();
      if (v.length > max) return { error: `must be at most ${max} characters` };
      return { value: v };
    }
    case 'number':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return { error: 'must be a number' };
      return { value: raw };
    case 'date':
      if (typeof raw !== 'string' || !ISO_DATE.test(raw)) return { error: 'must be a date YYYY-MM-DD' };
      if (
        Number.isNaN(Date.parse(`${raw}T00:00:00Z`)) ||
        new Date(`${raw}T00:00:00Z`).toISOString().slice(0, 10) !== raw
      )
        return { error: 'is not a calendar date' };
      return { value: raw };
    case 'boolean':
      if (typeof raw !== 'boolean') return { error: 'must be true or false' };
      return { value: raw };
    case 'url': {
      if (typeof raw !== 'string') return { error: 'must be a URL' };
      const r = normaliseProfileUrl(raw);
      return r.ok ? { value: r.value.url } : { error: r.reason };
    }
    case 'email': {
      if (typeof raw !== 'string') return { error: 'must be an email address' };
      const r = normaliseEmail(raw);
      return r.ok ? { value: r.value } : { error: r.reason };
    }
    case 'single_select': {
      const r = option(raw);
      return typeof r === 'string' ? { value: r } : r;
    }
    case 'multi_select': {
      if (!Array.isArray(raw)) return { error: 'must be a list of option codes' };
      const out: string[] = [];
      for (const v of raw) {
        const r = option(v);
        if (typeof r !== 'string') return r;
        if (!out.includes(r)) out.push(r);
      }
      return { value: out };
    }
    case 'user':
      if (typeof raw !== 'string' || !UUID.test(raw)) return { error: 'must be a user id' };
      return { value: raw.toLowerCase() };
  }
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

/**
 * Validate custom field values against their definitions. `incoming` holds only the keys being written;
 * `current` the stored values (for required-field checks on update). Returns the merged values to store, and
 * one error per bad field (`customFields.<key>`). Values of retired fields may be cleared but not set;
 * unknown keys are errors. `user` values are returned for the caller to check against the workspace.
 */
export function validateCustomValues(
  defs: readonly CustomFieldDef[],
  incoming: Record<string, unknown>,
  current: Record<string, unknown> = {},
  mode: 'create' | 'update' = 'create',
): { values: Record<string, CustomValue>; errors: FieldError[]; userIds: { key: string; id: string }[] } {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const values: Record<string, CustomValue> = {};
  for (const [k, v] of Object.entries(current)) if (!isEmpty(v)) values[k] = v as CustomValue;
  const errors: FieldError[] = [];
  const userIds: { key: string; id: string }[] = [];
  for (const [key, raw] of Object.entries(incoming)) {
    const field = `customFields.${key}`;
    const def = byKey.get(key);
    if (!def) {
      errors.push({ field, message: `no custom field '${key}' exists` });
      continue;
    }
    if (isEmpty(raw)) {
      delete values[key];
      continue;
    }
    if (def.retired) {
      errors.push({ field, message: `'${def.label}' is retired and can no longer be set` });
      continue;
    }
    const r = checkOne(def, raw);
    if ('error' in r) errors.push({ field, message: r.error });
    else {
      values[key] = r.value;
      if (def.type === 'user') userIds.push({ key, id: r.value as string });
    }
  }
  // On create every required field must be given; on update a required field may not be cleared (records
  // made before the field became required stay valid until someone sets it).
  for (const def of defs) {
    const checked = mode === 'create' || def.key in incoming;
    if (
      checked &&
      def.required &&
      !def.retired &&
      isEmpty(values[def.key]) &&
      !errors.some((e) => e.field === `customFields.${def.key}`)
    ) {
      errors.push({ field: `customFields.${def.key}`, message: `'${def.label}' is required` });
    }
  }
  return { values, errors, userIds };
}
