import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import type { Database, Executor } from '../../platform/db/client.ts';
import { ListenedCache } from '../../platform/db/listened-cache.ts';
import type { ChangeChannel } from '../../platform/db/notifications.ts';
import { invalid } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import * as repo from './candidates.repository.ts';
import { CONFIG_CACHE_TTL_MS, CONFIG_CHANNEL } from './config-cache.ts';
import type { CustomFieldDef } from './custom-fields.rules.ts';
import { isValidTimeZone } from './normalise/index.ts';
import type {
  CandidateSettings,
  UpdateCandidateSettings,
  UpdateStatusTerminology,
} from './settings.contract.ts';
import { DEFAULT_LOCALE, STATUSES, type StatusCode } from './statuses.ts';

export const DEFAULT_SETTINGS: CandidateSettings = {
  defaultPhoneRegion: 'US',
  defaultTimeZone: 'UTC',
  contactPolicy: 'allow',
  basisRequiredIn: ['gdpr'],
};

export async function loadSettings(db: Executor, workspaceId: string): Promise<CandidateSettings> {
  const row = await repo.getSettings(db, workspaceId);
  if (!row) return DEFAULT_SETTINGS;
  return {
    defaultPhoneRegion: row.defaultPhoneRegion,
    defaultTimeZone: row.defaultTimeZone,
    contactPolicy: row.contactPolicy as CandidateSettings['contactPolicy'],
    basisRequiredIn: row.basisRequiredIn as CandidateSettings['basisRequiredIn'],
  };
}

export function getCandidateSettings(ctx: Ctx): Promise<CandidateSettings> {
  return loadSettings(ctx.db, ctx.actor.workspaceId);
}

export async function updateCandidateSettings(
  ctx: Ctx,
  input: UpdateCandidateSettings,
): Promise<CandidateSettings> {
  if (input.defaultTimeZone !== undefined && !isValidTimeZone(input.defaultTimeZone))
    throw invalid('invalid_settings', 'The settings have invalid fields', [
      { field: 'defaultTimeZone', message: `'${input.defaultTimeZone}' is not an IANA time zone` },
    ]);
  const committed = await inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    await configCache.changed(tx.db, CONFIG_CHANNEL, ws);
    const before = await loadSettings(tx.db, ws);
    const after = { ...before, ...input };
    await repo.upsertSettings(tx.db, { workspaceId: ws, ...after, updatedAt: tx.clock.now() });
    await recordAudit(tx, {
      action: 'candidate_settings.updated',
      entityType: 'candidate_settings',
      entityId: ws,
      before,
      after,
    });
    return after;
  });
  configCache.invalidate(ctx.actor.workspaceId);
  return committed;
}

// ---- status terminology

export interface StatusTerms {
  /** Label for a code, for a team and locale: exact team+locale, then team, then workspace, then built-in. */
  label(code: StatusCode, opts?: { team?: string; locale?: string }): string;
  /** The canonical code meant by a code, label or legacy label (case-insensitive), or null. */
  resolve(text: string): StatusCode | null;
  /** Every known label and legacy label (lower-cased) with its code. */
  aliases(): Record<string, StatusCode>;
}

export async function statusTerms(db: Executor, workspaceId: string): Promise<StatusTerms> {
  const [labels, aliases] = await Promise.all([
    repo.listStatusLabels(db, workspaceId),
    repo.listStatusAliases(db, workspaceId),
  ]);
  return termsFrom(labels, aliases);
}

export function termsFrom(
  labels: readonly { status: string; team: string; locale: string; label: string }[],
  aliases: readonly { alias: string; status: string }[],
): StatusTerms {
  const find = (code: string, team: string, locale: string) =>
    labels.find((l) => l.status === code && l.team === team && l.locale === locale)?.label;
  const byText = new Map<string, StatusCode>();
  for (const s of STATUSES) {
    byText.set(s.code, s.code);
    byText.set(s.label.toLowerCase(), s.code);
  }
  for (const l of labels) byText.set(l.label.trim().toLowerCase(), l.status as StatusCode);
  for (const a of aliases) byText.set(a.alias, a.status as StatusCode);
  return {
    label(code, opts = {}) {
      const team = opts.team ?? '';
      const locale = opts.locale ?? DEFAULT_LOCALE;
      const lang = locale.slice(0, 2);
      return (
        find(code, team, locale) ??
        find(code, team, lang) ??
        find(code, '', locale) ??
        find(code, '', lang) ??
        STATUSES.find((s) => s.code === code)?.label ??
        code
      );
    },
    resolve(text) {
      return byText.get(text.trim().toLowerCase().replace(/\s+/g, ' ')) ?? null;
    },
    aliases() {
      return Object.fromEntries(byText);
    },
  };
}

export async function getStatusTerminology(ctx: Ctx) {
  const ws = ctx.actor.workspaceId;
  const [labels, aliases] = await Promise.all([
    repo.listStatusLabels(ctx.db, ws),
    repo.listStatusAliases(ctx.db, ws),
  ]);
  return {
    items: STATUSES.map((s) => ({
      code: s.code,
      defaultLabel: s.label,
      contactable: s.contactable,
      labels: labels
        .filter((l) => l.status === s.code)
        .map((l) => ({ team: l.team, locale: l.locale, label: l.label })),
      aliases: aliases.filter((a) => a.status === s.code).map((a) => a.alias),
    })),
  };
}

/** Replace the workspace's labels and legacy aliases (the whole set, so the screen saves what it shows). */
export async function updateStatusTerminology(ctx: Ctx, input: UpdateStatusTerminology) {
  const seen = new Set<string>();
  input.labels.forEach((l, i) => {
    const k = `${l.status}|${l.team}|${l.locale}`;
    if (seen.has(k))
      throw invalid('duplicate_label', 'A status has two labels for one team and locale', [
        { field: `labels.${i}`, message: `${l.status} already has a label for this team and locale` },
      ]);
    seen.add(k);
  });
  const aliasSeen = new Map<string, string>();
  const aliases = input.aliases.map((a, i) => {
    const alias = a.alias.trim().toLowerCase().replace(/\s+/g, ' ');
    const prior = aliasSeen.get(alias);
    if (prior && prior !== a.status)
      throw invalid('conflicting_alias', 'One legacy label cannot mean two statuses', [
        { field: `aliases.${i}.alias`, message: `'${a.alias}' already maps to ${prior}` },
      ]);
    aliasSeen.set(alias, a.status);
    return { alias, status: a.status };
  });
  const unique = aliases.filter((a, i) => aliases.findIndex((b) => b.alias === a.alias) === i);
  const committed = await inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    await configCache.changed(tx.db, CONFIG_CHANNEL, ws);
    const before = await getStatusTerminology(tx);
    await repo.replaceStatusLabels(tx.db, ws, input.labels);
    await repo.replaceStatusAliases(tx.db, ws, unique);
    const after = await getStatusTerminology(tx);
    await recordAudit(tx, {
      action: 'status_terminology.updated',
      entityType: 'status_terminology',
      entityId: ws,
      before: { items: before.items },
      after: { items: after.items },
    });
    return after;
  });
  configCache.invalidate(ctx.actor.workspaceId);
  return committed;
}

// ---- the whole configuration at once

export interface WorkspaceConfig {
  defs: CustomFieldDef[];
  settings: CandidateSettings;
  terms: StatusTerms;
}

/** Workspace configurations kept in this process (see config-cache.ts for when it is used and dropped). */
export const configCache = new ListenedCache<WorkspaceConfig>(CONFIG_CACHE_TTL_MS);

/** The change channel that keeps this process's configuration cache true for `database`. */
export function configChangeChannel(database: Database): ChangeChannel {
  return configCache.channel(CONFIG_CHANNEL, database);
}

/**
 * Custom fields, settings and terminology (every write and search needs them): from the cache when this
 * process hears configuration changes, else in one round trip.
 */
export function workspaceConfig(db: Executor, workspaceId: string): Promise<WorkspaceConfig> {
  return configCache.get(db, workspaceId, () => loadWorkspaceConfig(db, workspaceId));
}

async function loadWorkspaceConfig(db: Executor, workspaceId: string): Promise<WorkspaceConfig> {
  const rows = await repo.loadConfigRows(db, workspaceId);
  const s = rows.settings;
  return {
    defs: rows.fields.map((f) => ({
      key: f.key,
      label: f.label,
      type: f.type as CustomFieldDef['type'],
      required: f.required,
      retired: f.retired_at !== null,
      fieldGroup: f.field_group,
      options: f.options.map((o) => ({ code: o.code, label: o.label, retired: o.retired_at !== null })),
    })),
    settings: s
      ? {
          defaultPhoneRegion: s.default_phone_region,
          defaultTimeZone: s.default_time_zone,
          contactPolicy: s.contact_policy as CandidateSettings['contactPolicy'],
          basisRequiredIn: s.basis_required_in as CandidateSettings['basisRequiredIn'],
        }
      : DEFAULT_SETTINGS,
    terms: termsFrom(rows.labels, rows.aliases),
  };
}
