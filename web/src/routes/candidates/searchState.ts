import type { CandidateSearchQuery, SearchCriteriaBody } from '../../api/types';

export const SORTS = ['relevance', 'recent', 'created', 'name'] as const;
export type Sort = (typeof SORTS)[number];
export const SORT_LABELS: Record<Sort, string> = {
  relevance: 'Relevance',
  recent: 'Recent activity',
  created: 'Newest',
  name: 'Name',
};

/** Text filters, kept in the URL as the API takes them (lists comma-separated). */
const TEXT_KEYS = [
  'q',
  'skills',
  'minYears',
  'maxYears',
  'minTenureMonths',
  'maxTenureMonths',
  'company',
  'country',
  'region',
  'city',
  'status',
  'source',
  'owner',
  'tags',
  'activityAfter',
  'activityBefore',
  'minRating',
  'maxRating',
  'pool',
  'segment',
] as const;
type TextKey = (typeof TEXT_KEYS)[number];

/** The candidate search as it lives in the URL: shareable, and the same names as GET /api/v1/candidates. */
export type CandidateSearch = { [K in TextKey]?: string } & {
  skillsMode?: 'all' | 'any';
  employee?: 'true' | 'false';
  cf?: string[];
  sort?: Sort;
};

const NUMBER_KEYS = [
  'minYears',
  'maxYears',
  'minTenureMonths',
  'maxTenureMonths',
  'minRating',
  'maxRating',
] as const;

function str(v: unknown): string | undefined {
  const s = Array.isArray(v) ? v.join(',') : typeof v === 'string' || typeof v === 'number' ? String(v) : '';
  const t = s.trim();
  return t ? t : undefined;
}

/** Parse untrusted URL params into a search; unknown or empty values are dropped. */
export function validateCandidateSearch(raw: Record<string, unknown>): CandidateSearch {
  const out: CandidateSearch = {};
  for (const k of TEXT_KEYS) {
    const v = k === 'q' ? (typeof raw.q === 'string' && raw.q.trim() ? raw.q : undefined) : str(raw[k]);
    if (v !== undefined) out[k] = v;
  }
  if (raw.skillsMode === 'any' || raw.skillsMode === 'all') out.skillsMode = raw.skillsMode;
  if (raw.employee === 'true' || raw.employee === 'false') out.employee = raw.employee;
  if (raw.employee === true || raw.employee === false) out.employee = raw.employee ? 'true' : 'false';
  const cf = (Array.isArray(raw.cf) ? raw.cf : [raw.cf]).filter(
    (x): x is string => typeof x === 'string' && x.trim() !== '',
  );
  if (cf.length) out.cf = cf;
  if (typeof raw.sort === 'string' && (SORTS as readonly string[]).includes(raw.sort))
    out.sort = raw.sort as Sort;
  return out;
}

/**
 * The criteria part of a search (what saved searches, segments, bulk selections and exports take). A segment
 * travels by id: the server applies its saved rules itself, ANDed with the rest.
 */
export function toCriteria(s: CandidateSearch): SearchCriteriaBody {
  const c: SearchCriteriaBody = {};
  if (s.q?.trim()) c.q = s.q.trim();
  for (const k of ['skills', 'country', 'status', 'source', 'owner', 'tags', 'segment'] as const)
    if (s[k]) c[k] = s[k];
  for (const k of ['company', 'region', 'city', 'activityAfter', 'activityBefore', 'pool'] as const)
    if (s[k]) c[k] = s[k];
  for (const k of NUMBER_KEYS) {
    const v = s[k];
    if (v !== undefined && v !== '' && Number.isFinite(Number(v))) c[k] = Number(v);
  }
  if (s.skillsMode) c.skillsMode = s.skillsMode;
  if (s.employee) c.employee = s.employee === 'true';
  if (s.cf?.length) c.cf = s.cf;
  return c;
}

/** The request for one page of results. */
export function toApiQuery(
  s: CandidateSearch,
  cursor: string | undefined,
  limit: number,
): CandidateSearchQuery {
  return {
    ...toCriteria(s),
    limit,
    ...(cursor ? { cursor } : {}),
    ...(s.sort ? { sort: s.sort } : {}),
  };
}

/** A stored search (criteria as the server keeps them: lists as arrays) back into URL form. */
export function fromCriteria(criteria: Record<string, unknown>): CandidateSearch {
  const flat: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(criteria)) {
    if (k === 'cf') flat.cf = v;
    else if (typeof v === 'boolean') flat[k] = v ? 'true' : 'false';
    else flat[k] = v;
  }
  return validateCandidateSearch(flat);
}

/** Whether a search asks for anything beyond its sort. */
export function hasCriteria(s: CandidateSearch): boolean {
  return Object.keys(toCriteria(s)).length > 0;
}
