import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { Problem } from '../../platform/http/problem.ts';
import { bulkAction } from './bulk.service.ts';
import { IdParam } from './candidates.contract.ts';
import { exportCandidates } from './export.service.ts';
import {
  BulkAction,
  BulkResult,
  CreatePool,
  CreateSavedSearch,
  Pool,
  PoolHistoryPage,
  PoolHistoryQuery,
  PoolList,
  PoolListQuery,
  PoolMembersChange,
  PoolMembersResult,
  SavedSearch,
  SavedSearchList,
  SavedSearchListQuery,
  SegmentCount,
  UpdatePool,
  UpdateSavedSearch,
} from './pools.contract.ts';
import { addToPool, createPool, getPool, listPools, poolHistory, updatePool } from './pools.service.ts';
import {
  createSavedSearch,
  deleteSavedSearch,
  getSavedSearch,
  listSavedSearches,
  segmentCount,
  updateSavedSearch,
} from './saved-searches.service.ts';
import { CandidateSearchPage, CandidateSearchQuery, SearchCriteria } from './search.contract.ts';
import { searchCandidates } from './search.service.ts';

const NoContent = z.null().describe('No content');
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const READ = { access: { permission: 'candidates:read' } } as const;
const WRITE = { access: { permission: 'candidates:write' } } as const;
const POOLS = { access: { permission: 'pools:write' } } as const;

export async function searchRoutes(app: App) {
  app.get(
    '/api/v1/candidates',
    {
      schema: {
        tags: ['search'],
        summary: 'Search candidates: Boolean query (docs/search.md) plus filters, sorted, paged, counted',
        querystring: CandidateSearchQuery,
        response: { 200: CandidateSearchPage, ...errors },
      },
      config: READ,
    },
    async (req) => searchCandidates(req.ctx, req.query),
  );
  app.get(
    '/api/v1/candidates/export.csv',
    {
      schema: {
        tags: ['search'],
        summary:
          'Every result of a search as CSV (text/csv, newest first, at most 50,000 rows), redacted like the API',
        querystring: SearchCriteria,
        response: { 200: z.string().describe('A CSV file (text/csv), one row per candidate'), ...errors },
      },
      config: { access: { permission: 'candidates:export' } },
    },
    async (req, reply) => {
      const stream = await exportCandidates(req.ctx, req.query);
      const day = req.ctx.clock.now().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="candidates-${day}.csv"`)
        .send(stream as unknown as string);
    },
  );
  app.post(
    '/api/v1/candidates/bulk',
    {
      schema: {
        tags: ['search'],
        summary:
          'Tag, add to or remove from a pool, set owner or status for selected candidates or a whole search',
        body: BulkAction,
        response: { 200: BulkResult, ...errors },
      },
      config: WRITE,
    },
    async (req) => bulkAction(req.ctx, req.body),
  );

  // ---- pools
  app.get(
    '/api/v1/pools',
    {
      schema: {
        tags: ['pools'],
        summary: 'Talent pools with member counts',
        querystring: PoolListQuery,
        response: { 200: PoolList, ...errors },
      },
      config: READ,
    },
    async (req) => listPools(req.ctx, req.query.archived === 'true'),
  );
  app.post(
    '/api/v1/pools',
    {
      schema: {
        tags: ['pools'],
        summary: 'Create a pool',
        body: CreatePool,
        response: { 201: Pool, ...errors },
      },
      config: POOLS,
    },
    async (req, reply) => reply.code(201).send(await createPool(req.ctx, req.body)),
  );
  app.get(
    '/api/v1/pools/:id',
    {
      schema: {
        tags: ['pools'],
        summary: 'One pool (members: GET /candidates?pool=id)',
        params: IdParam,
        response: { 200: Pool, ...errors },
      },
      config: READ,
    },
    async (req) => getPool(req.ctx, req.params.id),
  );
  app.patch(
    '/api/v1/pools/:id',
    {
      schema: {
        tags: ['pools'],
        summary: 'Rename, describe or archive a pool',
        params: IdParam,
        body: UpdatePool,
        response: { 200: Pool, ...errors },
      },
      config: POOLS,
    },
    async (req) => updatePool(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/v1/pools/:id/members',
    {
      schema: {
        tags: ['pools'],
        summary: 'Add candidates to a pool',
        params: IdParam,
        body: PoolMembersChange,
        response: { 200: PoolMembersResult, ...errors },
      },
      config: WRITE,
    },
    async (req) => addToPool(req.ctx, req.params.id, req.body.candidateIds, 'add'),
  );
  app.post(
    '/api/v1/pools/:id/members/remove',
    {
      schema: {
        tags: ['pools'],
        summary: 'Remove candidates from a pool (history kept)',
        params: IdParam,
        body: PoolMembersChange,
        response: { 200: PoolMembersResult, ...errors },
      },
      config: WRITE,
    },
    async (req) => addToPool(req.ctx, req.params.id, req.body.candidateIds, 'remove'),
  );
  app.get(
    '/api/v1/pools/:id/history',
    {
      schema: {
        tags: ['pools'],
        summary: 'Membership history, newest first',
        params: IdParam,
        querystring: PoolHistoryQuery,
        response: { 200: PoolHistoryPage, ...errors },
      },
      config: READ,
    },
    async (req) => poolHistory(req.ctx, req.params.id, req.query),
  );

  // ---- saved searches and segments
  app.get(
    '/api/v1/saved-searches',
    {
      schema: {
        tags: ['search'],
        summary: 'My saved searches and the team’s (or segments)',
        querystring: SavedSearchListQuery,
        response: { 200: SavedSearchList, ...errors },
      },
      config: READ,
    },
    async (req) => listSavedSearches(req.ctx, req.query.segments === 'true'),
  );
  app.post(
    '/api/v1/saved-searches',
    {
      schema: {
        tags: ['search'],
        summary: 'Save a search (private or shared) or define a segment',
        body: CreateSavedSearch,
        response: { 201: SavedSearch, ...errors },
      },
      config: READ,
    },
    async (req, reply) => reply.code(201).send(await createSavedSearch(req.ctx, req.body)),
  );
  app.get(
    '/api/v1/saved-searches/:id',
    {
      schema: {
        tags: ['search'],
        summary: 'One saved search or segment',
        params: IdParam,
        response: { 200: SavedSearch, ...errors },
      },
      config: READ,
    },
    async (req) => getSavedSearch(req.ctx, req.params.id),
  );
  app.get(
    '/api/v1/saved-searches/:id/count',
    {
      schema: {
        tags: ['search'],
        summary: 'How many candidates match now (segment membership is computed on read)',
        params: IdParam,
        response: { 200: SegmentCount, ...errors },
      },
      config: READ,
    },
    async (req) => segmentCount(req.ctx, req.params.id),
  );
  app.patch(
    '/api/v1/saved-searches/:id',
    {
      schema: {
        tags: ['search'],
        summary: 'Change a saved search or segment (owner only)',
        params: IdParam,
        body: UpdateSavedSearch,
        response: { 200: SavedSearch, ...errors },
      },
      config: READ,
    },
    async (req) => updateSavedSearch(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/api/v1/saved-searches/:id',
    {
      schema: {
        tags: ['search'],
        summary: 'Delete a saved search or segment (owner only)',
        params: IdParam,
        response: { 204: NoContent, ...errors },
      },
      config: READ,
    },
    async (req, reply) => {
      await deleteSavedSearch(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
