import { and, desc, sql as dsql, eq, inArray, lt, or } from 'drizzle-orm';
import { insertMany } from '../../platform/db/bulk.ts';
import type { Executor } from '../../platform/db/client.ts';
import {
  activities,
  candidateIdentities,
  candidateSettings,
  candidates,
  statusAliases,
  statusLabels,
} from './candidates.tables.ts';

export type CandidateRow = typeof candidates.$inferSelect;
export type ActivityRow = typeof activities.$inferSelect;
export type SettingsRow = typeof candidateSettings.$inferSelect;

// ---- candidates

export async function insertCandidate(db: Executor, row: CandidateRow) {
  await db.insert(candidates).values(row);
}

export async function getCandidate(db: Executor, workspaceId: string, id: string, forUpdate = false) {
  const q = db
    .select()
    .from(candidates)
    .where(and(eq(candidates.workspaceId, workspaceId), eq(candidates.id, id)));
  return (await (forUpdate ? q.for('update') : q))[0];
}

export async function getCandidates(db: Executor, workspaceId: string, ids: string[], forUpdate = false) {
  if (ids.length === 0) return [];
  const q = db
    .select()
    .from(candidates)
    .where(and(eq(candidates.workspaceId, workspaceId), inArray(candidates.id, ids)));
  return forUpdate ? q.for('update') : q;
}

export async function updateCandidate(
  db: Executor,
  workspaceId: string,
  id: string,
  set: Partial<CandidateRow>,
) {
  await db
    .update(candidates)
    .set(set)
    .where(and(eq(candidates.workspaceId, workspaceId), eq(candidates.id, id)));
}

export async function touchActivity(db: Executor, workspaceId: string, ids: string[], at: Date) {
  if (ids.length === 0) return;
  await db
    .update(candidates)
    .set({ lastActivityAt: at })
    .where(
      and(
        eq(candidates.workspaceId, workspaceId),
        inArray(candidates.id, ids),
        lt(candidates.lastActivityAt, at),
      ),
    );
}

/** Ids of the given candidates that exist in the workspace. */
export async function existingIds(db: Executor, workspaceId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: candidates.id })
    .from(candidates)
    .where(and(eq(candidates.workspaceId, workspaceId), inArray(candidates.id, ids)));
  return new Set(rows.map((r) => r.id));
}

// ---- identities

export async function replaceIdentities(
  db: Executor,
  workspaceId: string,
  candidateId: string,
  list: { kind: string; value: string }[],
) {
  // External ids (`external:<source>`) come from imports, not from the record's fields: they stay.
  await db
    .delete(candidateIdentities)
    .where(
      and(
        eq(candidateIdentities.candidateId, candidateId),
        dsql`${candidateIdentities.kind} not like 'external:%'`,
      ),
    );
  if (list.length)
    await db.insert(candidateIdentities).values(list.map((x) => ({ workspaceId, candidateId, ...x })));
}

export async function findByIdentity(db: Executor, workspaceId: string, kind: string, value: string) {
  const rows = await db
    .select({ candidateId: candidateIdentities.candidateId })
    .from(candidateIdentities)
    .where(
      and(
        eq(candidateIdentities.workspaceId, workspaceId),
        eq(candidateIdentities.kind, kind),
        eq(candidateIdentities.value, value),
      ),
    );
  return rows.map((r) => r.candidateId);
}

// ---- timeline

/** Timeline rows, as one JSON parameter (a dispatch batch writes hundreds: drizzle's per-value building cost more). */
export async function insertActivities(db: Executor, rows: ActivityRow[]) {
  await insertMany(db, activities, rows);
}

export async function listActivities(
  db: Executor,
  workspaceId: string,
  candidateId: string,
  opts: { kind?: string; before?: [string, string] },
  limit: number,
) {
  const conds = [eq(activities.workspaceId, workspaceId), eq(activities.candidateId, candidateId)];
  if (opts.kind) conds.push(eq(activities.kind, opts.kind));
  if (opts.before) {
    const [at, id] = opts.before;
    const before = or(
      lt(activities.occurredAt, new Date(at)),
      and(eq(activities.occurredAt, new Date(at)), lt(activities.id, id)),
    );
    if (before) conds.push(before);
  }
  return db
    .select()
    .from(activities)
    .where(and(...conds))
    .orderBy(desc(activities.occurredAt), desc(activities.id))
    .limit(limit);
}

// ---- settings and status terminology

export async function getSettings(db: Executor, workspaceId: string) {
  return (await db.select().from(candidateSettings).where(eq(candidateSettings.workspaceId, workspaceId)))[0];
}

export async function upsertSettings(db: Executor, row: SettingsRow) {
  await db
    .insert(candidateSettings)
    .values(row)
    .onConflictDoUpdate({ target: candidateSettings.workspaceId, set: { ...row, workspaceId: undefined } });
}

export async function listStatusLabels(db: Executor, workspaceId: string) {
  return db.select().from(statusLabels).where(eq(statusLabels.workspaceId, workspaceId));
}

export async function replaceStatusLabels(
  db: Executor,
  workspaceId: string,
  rows: { status: string; team: string; locale: string; label: string }[],
) {
  await db.delete(statusLabels).where(eq(statusLabels.workspaceId, workspaceId));
  if (rows.length) await db.insert(statusLabels).values(rows.map((r) => ({ workspaceId, ...r })));
}

export async function listStatusAliases(db: Executor, workspaceId: string) {
  return db.select().from(statusAliases).where(eq(statusAliases.workspaceId, workspaceId));
}

export async function replaceStatusAliases(
  db: Executor,
  workspaceId: string,
  rows: { alias: string; status: string }[],
) {
  await db.delete(statusAliases).where(eq(statusAliases.workspaceId, workspaceId));
  if (rows.length) await db.insert(statusAliases).values(rows.map((r) => ({ workspaceId, ...r })));
}

/** Lock the settings row so that concurrent terminology edits serialise. */
export async function lockSettings(db: Executor, workspaceId: string) {
  await db.execute(dsql`select 1 from candidate_settings where workspace_id = ${workspaceId} for update`);
}

export interface ConfigRows {
  fields: {
    key: string;
    label: string;
    type: string;
    required: boolean;
    retired_at: string | null;
    field_group: string | null;
    options: { code: string; label: string; retired_at: string | null }[];
  }[];
  labels: { status: string; team: string; locale: string; label: string }[];
  aliases: { alias: string; status: string }[];
  settings: {
    default_phone_region: string;
    default_time_zone: string;
    contact_policy: string;
    basis_required_in: string[];
  } | null;
}

/** Everything a write or a search needs to know of the workspace's configuration, in one statement. */
export async function loadConfigRows(db: Executor, workspaceId: string): Promise<ConfigRows> {
  const res = (await db.execute(dsql`
    select
      (select coalesce(json_agg(f order by f.position, f.key), '[]'::json) from (
         select cf.key, cf.label, cf.type, cf.required, cf.retired_at, cf.field_group, cf.position,
           (select coalesce(json_agg(json_build_object('code', o.code, 'label', o.label, 'retired_at', o.retired_at)
                     order by o.position, o.code), '[]'::json)
              from custom_field_options o where o.field_id = cf.id) as options
         from custom_fields cf where cf.workspace_id = ${workspaceId}) f) as fields,
      (select coalesce(json_agg(json_build_object('status', l.status, 'team', l.team, 'locale', l.locale, 'label', l.label)), '[]'::json)
         from status_labels l where l.workspace_id = ${workspaceId}) as labels,
      (select coalesce(json_agg(json_build_object('alias', a.alias, 'status', a.status)), '[]'::json)
         from status_aliases a where a.workspace_id = ${workspaceId}) as aliases,
      (select json_build_object('default_phone_region', s.default_phone_region, 'default_time_zone', s.default_time_zone,
              'contact_policy', s.contact_policy, 'basis_required_in', s.basis_required_in)
         from candidate_settings s where s.workspace_id = ${workspaceId}) as settings`)) as unknown as {
    rows: Record<string, unknown>[];
  };
  const row = res.rows[0]!;
  const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  return {
    fields: parse(row.fields),
    labels: parse(row.labels),
    aliases: parse(row.aliases),
    settings: parse(row.settings),
  };
}
