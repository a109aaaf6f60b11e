import type { SQL } from 'drizzle-orm';
import { can } from '../../platform/auth/actor.ts';
import { fieldGroup } from '../../platform/auth/redaction.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, type FieldError, invalid, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination.ts';
import {
  compileQuery,
  type FieldCatalogue,
  formatQuery,
  parseQuery,
  type QueryNode,
  QuerySyntaxError,
} from '../search/index.ts';
import { mayReadGroup, PERFORMANCE, redactCandidate, toCandidate } from './candidate.view.ts';
import type { CustomFieldDef } from './custom-fields.rules.ts';
import * as poolsRepo from './pools.repository.ts';
import { savedCriteria } from './saved-searches.service.ts';
import type { CandidateSearchQuery, SearchCriteria } from './search.contract.ts';
import { CUSTOM_FILTER } from './search.contract.ts';
import {
  type CompiledSearch,
  cond,
  countMatches,
  matchingIds,
  type SortKey,
  searchPage,
} from './search.repository.ts';
import { type StatusTerms, type WorkspaceConfig, workspaceConfig } from './settings.service.ts';
import { isStatusCode } from './statuses.ts';

/** Above this many matches the total is the planner's estimate. */
export const EXACT_COUNT_LIMIT = 1_000;
/** Above this many estimated matches nothing is counted: the estimate is the total (see countMatches). */
export const ESTIMATE_TRUSTED_ABOVE = 10 * EXACT_COUNT_LIMIT;

const SPAN = { start: 0, end: 0 };
const term = (field: string, value: string): QueryNode => ({
  kind: 'term',
  field,
  value,
  phrase: false,
  prefix: false,
  span: SPAN,
});
const any = (nodes: QueryNode[]): QueryNode =>
  nodes.length === 1 ? nodes[0]! : { kind: 'or', children: nodes };
const all = (nodes: QueryNode[]): QueryNode =>
  nodes.length === 1 ? nodes[0]! : { kind: 'and', children: nodes };

/** The field catalogue a query is compiled against: custom fields the actor may read, status labels. */
function catalogue(ctx: Ctx, defs: readonly CustomFieldDef[], terms: StatusTerms): FieldCatalogue {
  const fields: FieldCatalogue['fields'] = { status: { kind: 'code', aliases: terms.aliases() } };
  for (const d of defs) {
    if (!mayReadGroup(ctx.actor, d.fieldGroup ? (fieldGroup(d.fieldGroup) ?? 'unknown') : null)) continue;
    const text = d.type === 'text' || d.type === 'long_text' || d.type === 'url' || d.type === 'email';
    const aliases: Record<string, string> = {};
    for (const o of d.options) aliases[o.label.toLowerCase()] = o.code;
    fields[d.key] = { kind: text ? 'text' : 'code', aliases };
  }
  return { fields };
}

function qError(e: QuerySyntaxError): AppError {
  return new AppError('invalid', 'invalid_query', e.message, {
    fields: [{ field: 'q', message: e.message, position: e.position, length: e.length }],
    details: { queryError: e.code },
  });
}

function filterError(field: string, message: string): AppError {
  return invalid('invalid_filter', 'A search filter is not valid', [{ field, message }]);
}

/** Whether a query names a field anywhere (a query about status:archived wants archived candidates). */
function mentionsField(node: QueryNode | null, field: string): boolean {
  if (!node) return false;
  switch (node.kind) {
    case 'term':
      return node.field === field;
    case 'not':
      return mentionsField(node.child, field);
    default:
      return node.children.some((c) => mentionsField(c, field));
  }
}

/** Today minus `months`, as a calendar date. */
function monthsAgo(now: Date, months: number): string {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

/**
 * Turn criteria into SQL pieces: the Boolean query and the exact-value filters (skills, tags, status,
 * source) become ONE tsquery over the search document; the rest are column conditions.
 */
export async function compileCriteria(
  ctx: Ctx,
  criteria: SearchCriteria,
  config: WorkspaceConfig,
): Promise<{ compiled: CompiledSearch; interpretation: string | null }> {
  const own = await compilePart(ctx, criteria, config, 'q');
  const parts = [own];
  if (criteria.segment) {
    const seg = await savedCriteria(ctx, criteria.segment);
    try {
      parts.push(await compilePart(ctx, seg, config, 'segment'));
    } catch (e) {
      // A segment's saved filters can stop holding (a custom field retired, a permission taken away): say so
      // on `segment`, not on filters the user never set.
      if (e instanceof AppError && e.kind === 'invalid' && e.code !== 'invalid_segment')
        throw invalid(
          'invalid_segment',
          "The segment's saved rules are no longer valid",
          e.fields.map((f) => ({ field: 'segment', message: `${f.field}: ${f.message}` })),
        );
      throw e;
    }
  }
  const queries = parts.map((p) => p.tsquery).filter((q): q is string => q !== null);
  const conditions = parts.flatMap((p) => p.conditions);
  // Archived candidates are left out unless some part asks about status.
  if (parts.every((p) => p.excludesArchived)) conditions.push(cond.notArchived());
  return {
    compiled: {
      workspaceId: ctx.actor.workspaceId,
      tsquery:
        queries.length === 0
          ? null
          : queries.length === 1
            ? queries[0]!
            : queries.map((q) => `(${q})`).join(' & '),
      conditions,
    },
    interpretation: own.interpretation,
  };
}

/**
 * One set of criteria (the request's own, or a segment's saved rules) to SQL pieces. Errors name `q` (with
 * positions in the request's own query) or `segment` (the segment's saved rules no longer hold).
 */
async function compilePart(
  ctx: Ctx,
  criteria: SearchCriteria,
  config: WorkspaceConfig,
  origin: 'q' | 'segment',
): Promise<{
  tsquery: string | null;
  conditions: SQL[];
  excludesArchived: boolean;
  interpretation: string | null;
}> {
  const defs = config.defs;
  const cat = catalogue(ctx, defs, config.terms);
  const fail = (e: QuerySyntaxError) =>
    origin === 'q'
      ? qError(e)
      : invalid('invalid_segment', "The segment's saved query is no longer valid", [
          { field: 'segment', message: e.message },
        ]);
  let ast: QueryNode | null = null;
  try {
    ast = criteria.q ? parseQuery(criteria.q) : null;
  } catch (e) {
    if (e instanceof QuerySyntaxError) throw fail(e);
    throw e;
  }
  const parts: QueryNode[] = ast ? [ast] : [];
  if (criteria.skills?.length) {
    const nodes = criteria.skills.map((s) => term('skill', s));
    parts.push(criteria.skillsMode === 'any' ? any(nodes) : all(nodes));
  }
  if (criteria.tags?.length) parts.push(all(criteria.tags.map((t) => term('tag', t))));
  if (criteria.source?.length) parts.push(any(criteria.source.map((s) => term('source', s.toLowerCase()))));

  const conditions: SQL[] = [];
  if (criteria.status?.length) {
    const bad = criteria.status.find((s) => !isStatusCode(s));
    if (bad) throw filterError('status', `'${bad}' is not a status code`);
    conditions.push(cond.statusIn(criteria.status));
  }
  const excludesArchived = !criteria.status?.length && !mentionsField(ast, 'status');
  let tsquery: string | null = null;
  if (parts.length) {
    try {
      tsquery = compileQuery(all(parts), cat);
    } catch (e) {
      if (e instanceof QuerySyntaxError) throw fail(e);
      throw e;
    }
  }
  const now = ctx.clock.now();
  if (criteria.minYears !== undefined) conditions.push(cond.yearsAtLeast(criteria.minYears));
  if (criteria.maxYears !== undefined) conditions.push(cond.yearsAtMost(criteria.maxYears));
  if (criteria.minTenureMonths !== undefined)
    conditions.push(cond.roleSinceOnOrBefore(monthsAgo(now, criteria.minTenureMonths)));
  if (criteria.maxTenureMonths !== undefined)
    conditions.push(cond.roleSinceOnOrAfter(monthsAgo(now, criteria.maxTenureMonths)));
  if (criteria.company) conditions.push(cond.currentCompanyContains(criteria.company));
  if (criteria.country?.length) conditions.push(cond.countryIn(criteria.country.map((x) => x.toUpperCase())));
  if (criteria.region) conditions.push(cond.regionIs(criteria.region));
  if (criteria.city) conditions.push(cond.cityIs(criteria.city));
  if (criteria.owner?.length) {
    const ids: string[] = [];
    let none = false;
    for (const o of criteria.owner) {
      if (o === 'none') none = true;
      else if (o === 'me') {
        if (ctx.actor.userId) ids.push(ctx.actor.userId);
      } else if (/^[0-9a-f-]{36}$/i.test(o)) ids.push(o.toLowerCase());
      else throw filterError('owner', `'${o}' is not a user id, me or none`);
    }
    // `me` for an actor who is not a user (the system, the CLI) matches nobody.
    conditions.push(ids.length === 0 && !none ? cond.nothing() : cond.ownerIn(ids, none));
  }
  if (criteria.activityAfter) conditions.push(cond.activityOnOrAfter(new Date(criteria.activityAfter)));
  if (criteria.activityBefore) conditions.push(cond.activityBefore(new Date(criteria.activityBefore)));
  if (criteria.employee !== undefined) conditions.push(cond.employeeIs(criteria.employee));
  if (criteria.minRating !== undefined || criteria.maxRating !== undefined) {
    if (!can(ctx.actor, PERFORMANCE.readPermission))
      throw filterError('minRating', 'you may not filter on performance ratings');
    if (criteria.minRating !== undefined) conditions.push(cond.ratingAtLeast(criteria.minRating));
    if (criteria.maxRating !== undefined) conditions.push(cond.ratingAtMost(criteria.maxRating));
  }
  if (criteria.pool) {
    if (!(await poolsRepo.getPool(ctx.db, ctx.actor.workspaceId, criteria.pool))) throw notFound('pool');
    conditions.push(cond.inPool(criteria.pool));
  }
  for (const [i, f] of (criteria.cf ?? []).entries())
    conditions.push(customCondition(ctx, defs, f, `cf.${i}`));
  return { tsquery, conditions, excludesArchived, interpretation: ast ? formatQuery(ast) : null };
}

function customCondition(ctx: Ctx, defs: readonly CustomFieldDef[], raw: string, field: string): SQL {
  const m = CUSTOM_FILTER.exec(raw);
  if (!m) throw filterError(field, 'must be key:op:value');
  const [, key, op, value] = m as unknown as [string, string, 'eq' | 'gte' | 'lte' | 'contains', string];
  const def = defs.find((d) => d.key === key);
  if (!def) throw filterError(field, `no custom field '${key}'`);
  if (!mayReadGroup(ctx.actor, def.fieldGroup ? (fieldGroup(def.fieldGroup) ?? 'unknown') : null))
    throw filterError(field, `you may not filter on '${def.label}'`);
  const bad = (msg: string) => filterError(field, `${def.label}: ${msg}`);
  switch (def.type) {
    case 'single_select':
    case 'multi_select': {
      if (op !== 'eq') throw bad('picklists take eq');
      const code =
        def.options.find((o) => o.code === value)?.code ??
        def.options.find((o) => o.label.toLowerCase() === value.toLowerCase())?.code;
      if (!code) throw bad(`'${value}' is not an option`);
      return cond.customContains({ [key]: def.type === 'single_select' ? code : [code] });
    }
    case 'boolean':
      if (op !== 'eq' || !['true', 'false'].includes(value)) throw bad('booleans take eq:true or eq:false');
      return cond.customContains({ [key]: value === 'true' });
    case 'number': {
      const n = Number(value);
      if (!Number.isFinite(n)) throw bad(`'${value}' is not a number`);
      if (op === 'eq') return cond.customContains({ [key]: n });
      if (op === 'contains') throw bad('numbers take eq, gte or lte');
      return cond.customNumber(key, op === 'gte' ? '>=' : '<=', n);
    }
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw bad(`'${value}' is not a date YYYY-MM-DD`);
      if (op === 'eq') return cond.customContains({ [key]: value });
      if (op === 'contains') throw bad('dates take eq, gte or lte');
      return cond.customDate(key, op === 'gte' ? '>=' : '<=', value);
    case 'user':
      if (op !== 'eq') throw bad('user fields take eq');
      return cond.customContains({ [key]: value.toLowerCase() });
    default:
      if (op === 'eq') return cond.customTextEquals(key, value);
      if (op === 'contains') return cond.customTextContains(key, value);
      throw bad('text fields take eq or contains');
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function cursorFor(sort: SortKey, cursor: string | undefined) {
  return decodeCursor(cursor, 2, ([k, id]) => {
    if (typeof id !== 'string' || !UUID.test(id)) return false;
    if (sort === 'relevance') return typeof k === 'number' && Number.isFinite(k);
    if (sort === 'name') return typeof k === 'string';
    return typeof k === 'string' && !Number.isNaN(Date.parse(k));
  });
}

/** GET /candidates: query, filters, sort, cursor pagination and a total; every item redacted for the actor. */
export async function searchCandidates(ctx: Ctx, q: CandidateSearchQuery) {
  const config = await workspaceConfig(ctx.db, ctx.actor.workspaceId);
  const defs = config.defs;
  const { compiled, interpretation } = await compileCriteria(ctx, q, config);
  const sort: SortKey = q.sort ?? (compiled.tsquery !== null && q.q ? 'relevance' : 'recent');
  const effectiveSort: SortKey = sort === 'relevance' && compiled.tsquery === null ? 'recent' : sort;
  const after = cursorFor(effectiveSort, q.cursor);
  const [rows, counted] = await Promise.all([
    searchPage(ctx.db, compiled, effectiveSort, after, q.limit + 1),
    countMatches(ctx.db, compiled, EXACT_COUNT_LIMIT, ESTIMATE_TRUSTED_ABOVE),
  ]);
  const more = rows.length > q.limit;
  // A first page that holds every match knows the exact total, whatever the planner guessed.
  const count = !after && !more ? { total: rows.length, estimate: false } : counted;
  const page = more ? rows.slice(0, q.limit) : rows;
  return {
    items: page.map((r) => redactCandidate(ctx.actor, toCandidate(r.row), defs)),
    nextCursor: more ? encodeCursor(page.at(-1)!.key) : null,
    total: count.total,
    totalIsEstimate: count.estimate,
    interpretation,
  };
}

/** Count the matches of criteria (segments on read). */
export async function countCriteria(ctx: Ctx, criteria: SearchCriteria) {
  const config = await workspaceConfig(ctx.db, ctx.actor.workspaceId);
  const { compiled } = await compileCriteria(ctx, criteria, config);
  const r = await countMatches(ctx.db, compiled, EXACT_COUNT_LIMIT, ESTIMATE_TRUSTED_ABOVE);
  return { total: r.total, totalIsEstimate: r.estimate };
}

/** Ids matching criteria, up to `max` (bulk actions); more than `max` is an error naming the count. */
export async function idsMatching(ctx: Ctx, criteria: SearchCriteria, max: number): Promise<string[]> {
  const config = await workspaceConfig(ctx.db, ctx.actor.workspaceId);
  const { compiled } = await compileCriteria(ctx, criteria, config);
  const ids = await matchingIds(ctx.db, compiled, max + 1);
  if (ids.length > max)
    throw invalid('selection_too_large', `The search matches more than ${max} candidates; narrow it`, [
      { field: 'selection.criteria', message: `matches more than ${max} candidates` },
    ] satisfies FieldError[]);
  return ids;
}
