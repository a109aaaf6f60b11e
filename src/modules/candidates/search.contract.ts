import { z } from 'zod';
import { PageQuery } from '../../platform/http/pagination.ts';
import { Candidate } from './candidates.contract.ts';

/** A comma-separated list in a query string (`?tags=a,b`), also accepted as a JSON array in saved searches. */
const List = (item: z.ZodString, max = 50) =>
  z
    .union([z.string().max(4000), z.array(z.string().max(200)).max(max)])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item).max(max, `at most ${max} values`));
const Num = z.coerce.number('must be a number');
const Instant = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date or date-time (ISO 8601)');
const Bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

export const CUSTOM_FILTER = /^([a-z][a-z0-9_]{0,39}):(eq|gte|lte|contains):(.{1,200})$/;

/** The search: the Boolean query plus structured filters. Saved searches and segments store this object. */
export const SearchCriteria = z.object({
  q: z
    .string()
    .max(2000, 'must be at most 2000 characters')
    .optional()
    .describe('Boolean query, see docs/search.md'),
  skills: List(z.string()).optional().describe('Skills, comma-separated'),
  skillsMode: z
    .enum(['all', 'any'])
    .optional()
    .describe('Whether every skill or any one must match (default all)'),
  minYears: Num.min(0).max(80).optional().describe('Minimum years of experience'),
  maxYears: Num.min(0).max(80).optional(),
  minTenureMonths: Num.int().min(0).max(1000).optional().describe('Minimum months in the current role'),
  maxTenureMonths: Num.int().min(0).max(1000).optional(),
  company: z.string().trim().max(200).optional().describe('Current company contains (case-insensitive)'),
  country: List(z.string().regex(/^[A-Za-z]{2}$/, 'must be ISO 3166-1 alpha-2 codes')).optional(),
  region: z.string().trim().max(100).optional(),
  city: z.string().trim().max(100).optional(),
  status: List(z.string().regex(/^[a-z_]+$/, 'must be status codes'))
    .optional()
    .describe('Status codes; archived candidates are left out unless `archived` is listed'),
  source: List(z.string()).optional(),
  owner: List(z.string()).optional().describe('User ids, `me` or `none`'),
  tags: List(z.string()).optional().describe('Every tag must be present'),
  activityAfter: Instant.optional().describe('Last activity on or after'),
  activityBefore: Instant.optional().describe('Last activity before'),
  employee: Bool.optional().describe('Internal employees only (true) or external only (false)'),
  minRating: Num.int().min(1).max(5).optional().describe('Minimum performance rating (employees)'),
  maxRating: Num.int().min(1).max(5).optional(),
  pool: z.uuid('must be a pool id').optional().describe('Members of this pool'),
  segment: z.uuid('must be a segment id').optional().describe("Also apply a segment's saved rules"),
  cf: z
    .union([z.string(), z.array(z.string()).max(20)])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.string().regex(CUSTOM_FILTER, 'must be key:op:value with op eq, gte, lte or contains')))
    .optional()
    .describe('Custom field filters `key:op:value` (op: eq, gte, lte, contains); repeat for several'),
});
export type SearchCriteria = z.infer<typeof SearchCriteria>;

export const CandidateSearchQuery = PageQuery.extend(SearchCriteria.shape).extend({
  sort: z
    .enum(['relevance', 'recent', 'created', 'name'])
    .optional()
    .describe('Default: relevance with a query, recent without'),
});
export type CandidateSearchQuery = z.infer<typeof CandidateSearchQuery>;

export const CandidateSearchPage = z
  .object({
    items: z.array(Candidate),
    nextCursor: z.string().nullable(),
    total: z.number().int(),
    totalIsEstimate: z.boolean().describe('Above 1,000 matches the total is the planner estimate'),
    interpretation: z.string().nullable().describe('How the query was understood, fully parenthesised'),
  })
  .meta({ id: 'CandidateSearchPage' });
