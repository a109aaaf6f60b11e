import { and, getTableColumns, inArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import type { CandidateRow } from './candidates.repository.ts';
import { candidates } from './candidates.tables.ts';

/** A search compiled to SQL pieces: the tsquery literal (or null) and plain column conditions. */
export interface CompiledSearch {
  workspaceId: string;
  tsquery: string | null;
  conditions: SQL[];
}

export type SortKey = 'relevance' | 'recent' | 'created' | 'name';

/**
 * How many of the most recently updated matches relevance ranks (see searchPage). Each one costs a row visit
 * and a tsvector read (about 20 µs on a million candidates), so the window bounds the cost of a common term.
 */
export const RELEVANCE_WINDOW = 1000;

const c = candidates;

/** A candidate row as results list it: every column but the search document (kilobytes that nobody reads). */
export type ListedRow = Omit<CandidateRow, 'searchDoc'>;
const { searchDoc: _searchDoc, ...listedColumns } = getTableColumns(c);

/**
 * The search as one condition. The text match goes last: when rows are filtered one by one (a scan in recency
 * order), PostgreSQL tries conditions of equal cost in the order written, and reading a row's search document
 * costs more than comparing a column.
 */
function where(s: CompiledSearch, extra: SQL[] = []): SQL | undefined {
  const text = s.tsquery !== null ? [sql`${c.searchDoc} @@ ${s.tsquery}::tsquery`] : [];
  return and(sql`${c.workspaceId} = ${s.workspaceId}`, ...s.conditions, ...extra, ...text);
}

const nameKey = sql`lower(${c.firstName} || ' ' || ${c.lastName})`;

/**
 * One page of matches in the requested order, `limit + 1` rows (the extra one tells there is a next page),
 * each with the sort key for its cursor.
 */
export async function searchPage(
  db: Executor,
  s: CompiledSearch,
  sort: SortKey,
  after: (string | number)[] | undefined,
  limit: number,
): Promise<{ row: ListedRow; key: (string | number)[] }[]> {
  if (sort === 'relevance' && s.tsquery !== null) {
    // Ranking every match of a common term over a million rows costs seconds; relevance orders the
    // RELEVANCE_WINDOW most recently updated matches (all of them when there are fewer).
    const rank = sql`ts_rank_cd(w.search_doc, ${s.tsquery}::tsquery)`;
    const cursorCond = after
      ? sql`where (${rank} < ${after[0]}::real or (${rank} = ${after[0]}::real and w.id < ${after[1]}))`
      : sql``;
    const res = (await db.execute(sql`
      select w.id, ${rank}::text as rank from (
        select ${c.id} as id, ${c.searchDoc} as search_doc from ${c} where ${where(s)}
        order by ${c.updatedAt} desc, ${c.id} desc limit ${RELEVANCE_WINDOW}
      ) w ${cursorCond}
      order by ${rank} desc, w.id desc limit ${limit}`)) as unknown as {
      rows: { id: string; rank: string }[];
    };
    const ids = res.rows.map((r) => r.id);
    if (ids.length === 0) return [];
    const rows = await db
      .select(listedColumns)
      .from(c)
      .where(and(sql`${c.workspaceId} = ${s.workspaceId}`, inArray(c.id, ids)));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return res.rows.flatMap((r) => {
      const row = byId.get(r.id);
      return row ? [{ row, key: [Number(r.rank), r.id] }] : [];
    });
  }
  if (sort === 'name') {
    const extra = after ? [sql`(${nameKey}, ${c.id}) > (${after[0]}, ${after[1]})`] : [];
    const rows = await db
      .select(listedColumns)
      .from(c)
      .where(where(s, extra))
      .orderBy(sql`${nameKey} asc`, sql`${c.id} asc`)
      .limit(limit);
    return rows.map((row) => ({ row, key: [`${row.firstName} ${row.lastName}`.toLowerCase(), row.id] }));
  }
  const col = sort === 'created' ? c.createdAt : c.updatedAt;
  const extra = after ? [sql`(${col}, ${c.id}) < (${new Date(after[0] as string)}, ${after[1]})`] : [];
  const rows = await db
    .select(listedColumns)
    .from(c)
    .where(where(s, extra))
    .orderBy(sql`${col} desc`, sql`${c.id} desc`)
    .limit(limit);
  return rows.map((row) => ({
    row,
    key: [(sort === 'created' ? row.createdAt : row.updatedAt).toISOString(), row.id],
  }));
}

/** The planner's estimate of the matches (EXPLAIN, no execution: a millisecond or two). */
export async function estimateMatches(db: Executor, s: CompiledSearch): Promise<number> {
  const plan = (await db.execute(
    sql`explain (format json) select 1 from ${c} where ${where(s)}`,
  )) as unknown as {
    rows: { 'QUERY PLAN': unknown }[];
  };
  const raw = plan.rows[0]?.['QUERY PLAN'];
  const doc = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: { 'Plan Rows': number } }[];
  return Math.round(doc[0]?.Plan['Plan Rows'] ?? 0);
}

/**
 * The total of a search: exact up to `threshold`, else an estimate. The planner's estimate comes first; when
 * it is above `trustAbove` the matches are not counted at all (counting even the first `threshold` matches of a
 * common term builds the index bitmap of all of them: 20-120 ms on a million candidates). Below, the first
 * `threshold + 1` matches are counted, and a count that reaches the cap reports the larger of the two.
 */
export async function countMatches(
  db: Executor,
  s: CompiledSearch,
  threshold: number,
  trustAbove: number,
): Promise<{ total: number; estimate: boolean }> {
  const estimated = await estimateMatches(db, s);
  if (estimated > trustAbove) return { total: estimated, estimate: true };
  const exact = (await db.execute(
    sql`select count(*)::int as n from (select 1 from ${c} where ${where(s)} limit ${threshold + 1}) s`,
  )) as unknown as { rows: { n: number }[] };
  const n = Number(exact.rows[0]?.n ?? 0);
  if (n <= threshold) return { total: n, estimate: false };
  return { total: Math.max(n, estimated), estimate: true };
}

/** Every matching id, up to `max` (bulk actions over a search). */
export async function matchingIds(db: Executor, s: CompiledSearch, max: number): Promise<string[]> {
  const rows = await db.select({ id: c.id }).from(c).where(where(s)).orderBy(sql`${c.id}`).limit(max);
  return rows.map((r) => r.id);
}

// ---- structured filters as SQL conditions (built by the search service from validated criteria)

export const cond = {
  yearsAtLeast: (n: number) => sql`${c.yearsExperience} >= ${n}`,
  yearsAtMost: (n: number) => sql`${c.yearsExperience} <= ${n}`,
  roleSinceOnOrBefore: (day: string) => sql`${c.currentRoleSince} <= ${day}::date`,
  roleSinceOnOrAfter: (day: string) => sql`${c.currentRoleSince} >= ${day}::date`,
  currentCompanyContains: (text: string) =>
    sql`${c.currentCompany} ilike ${`%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`}`,
  countryIn: (codes: string[]) =>
    sql`${c.country} in (${sql.join(
      codes.map((x) => sql`${x}`),
      sql`, `,
    )})`,
  regionIs: (r: string) => sql`lower(${c.region}) = lower(${r})`,
  cityIs: (r: string) => sql`lower(${c.city}) = lower(${r})`,
  statusIn: (codes: string[]) =>
    sql`${c.status} in (${sql.join(
      codes.map((x) => sql`${x}`),
      sql`, `,
    )})`,
  notArchived: () => sql`${c.status} <> 'archived'`,
  nothing: () => sql`false`,
  ownerIn: (ids: string[], orNone: boolean) => {
    const parts: SQL[] = [];
    if (ids.length)
      parts.push(
        sql`${c.ownerId} in (${sql.join(
          ids.map((x) => sql`${x}::uuid`),
          sql`, `,
        )})`,
      );
    if (orNone) parts.push(sql`${c.ownerId} is null`);
    return sql`(${sql.join(parts, sql` or `)})`;
  },
  activityOnOrAfter: (at: Date) => sql`${c.lastActivityAt} >= ${at}`,
  activityBefore: (at: Date) => sql`${c.lastActivityAt} < ${at}`,
  employeeIs: (v: boolean) => sql`${c.isEmployee} = ${v}`,
  ratingAtLeast: (n: number) => sql`${c.performanceRating} >= ${n}`,
  ratingAtMost: (n: number) => sql`${c.performanceRating} <= ${n}`,
  inPool: (poolId: string) =>
    sql`exists (select 1 from pool_members m where m.pool_id = ${poolId} and m.candidate_id = ${c.id} and m.removed_at is null)`,
  customContains: (doc: Record<string, unknown>) => sql`${c.customFields} @> ${JSON.stringify(doc)}::jsonb`,
  customTextEquals: (key: string, v: string) => sql`lower(${c.customFields} ->> ${key}) = lower(${v})`,
  customTextContains: (key: string, v: string) =>
    sql`${c.customFields} ->> ${key} ilike ${`%${v.replace(/[\\%_]/g, (m) => `\\${m}`)}%`}`,
  customNumber: (key: string, op: '>=' | '<=', v: number) =>
    sql`(jsonb_typeof(${c.customFields} -> ${key}) = 'number' and (${c.customFields} ->> ${key})::numeric ${sql.raw(op)} ${v})`,
  customDate: (key: string, op: '>=' | '<=', v: string) =>
    sql`(${c.customFields} ->> ${key}) ${sql.raw(op)} ${v}`,
};
