import { z } from 'zod';
import type { App } from '../../platform/http/app.ts';
import { Problem } from '../../platform/http/problem.ts';
import {
  CandidateMerges,
  Decision,
  IdParam,
  Merge,
  MergeBody,
  Pair,
  PairPage,
  PairQuery,
  Scan,
} from './duplicates.contract.ts';
import { candidateMerges, mergeCandidates, undoMerge } from './merge.service.ts';
import { decidePair, getPair, listPairs } from './review.service.ts';
import { MatchRules, MatchRulesView } from './rules.contract.ts';
import { getRules, updateRules } from './rules.service.ts';
import { getScan, startRescan } from './scan.service.ts';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const REVIEW = { access: { permission: 'duplicates:review' } } as const;
const MERGE = { access: { permission: 'duplicates:merge' } } as const;
const CONFIGURE = { access: { permission: 'duplicates:configure' } } as const;
const tags = ['duplicates'];

export async function duplicateRoutes(app: App) {
  app.get(
    '/api/v1/duplicates/rules',
    {
      schema: {
        tags,
        summary: 'The match rules: exact keys, scored comparisons, thresholds',
        response: { 200: MatchRulesView, ...errors },
      },
      config: REVIEW,
    },
    async (req) => getRules(req.ctx),
  );
  app.put(
    '/api/v1/duplicates/rules',
    {
      schema: {
        tags,
        summary: 'Replace the match rules (validated; applies to new detections, re-scan to re-score)',
        body: MatchRules,
        response: { 200: MatchRulesView, ...errors },
      },
      config: CONFIGURE,
    },
    async (req) => updateRules(req.ctx, req.body),
  );
  app.get(
    '/api/v1/duplicates/pairs',
    {
      schema: {
        tags,
        summary:
          'The review queue: pairs with both records side by side and the evidence, highest score first',
        querystring: PairQuery,
        response: { 200: PairPage, ...errors },
      },
      config: REVIEW,
    },
    async (req) => listPairs(req.ctx, req.query),
  );
  app.get(
    '/api/v1/duplicates/pairs/:id',
    {
      schema: {
        tags,
        summary: 'One pair with its evidence',
        params: IdParam,
        response: { 200: Pair, ...errors },
      },
      config: REVIEW,
    },
    async (req) => getPair(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/duplicates/pairs/:id/decision',
    {
      schema: {
        tags,
        summary: 'Decide a pair: merge (needs duplicates:merge), not_duplicate (remembered) or skip',
        params: IdParam,
        body: Decision,
        response: { 200: Pair, ...errors },
      },
      config: REVIEW,
    },
    async (req) => decidePair(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/v1/duplicates/merge',
    {
      schema: {
        tags,
        summary: 'Merge two candidates: the loser becomes a tombstone pointing at the survivor; undoable',
        body: MergeBody,
        response: { 201: Merge, ...errors },
      },
      config: MERGE,
    },
    async (req, reply) => reply.code(201).send(await mergeCandidates(req.ctx, req.body)),
  );
  app.post(
    '/api/v1/merges/:id/undo',
    {
      schema: {
        tags,
        summary: 'Undo a merge: both records and their links restored; later edits to the survivor stay',
        params: IdParam,
        response: { 200: Merge, ...errors },
      },
      config: MERGE,
    },
    async (req) => undoMerge(req.ctx, req.params.id),
  );
  app.get(
    '/api/v1/candidates/:id/merges',
    {
      schema: {
        tags,
        summary: 'Merges a candidate took part in; mergedInto names the survivor of a merged-away record',
        params: IdParam,
        response: { 200: CandidateMerges, ...errors },
      },
      config: { access: { permission: 'candidates:read' } },
    },
    async (req) => candidateMerges(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/duplicates/rescan',
    {
      schema: {
        tags,
        summary: 'Start a full re-scan of the workspace (a background task; the running one if any)',
        body: z.object({}).strict().optional(),
        response: { 202: Scan, ...errors },
      },
      config: CONFIGURE,
    },
    async (req, reply) => reply.code(202).send(await startRescan(req.ctx)),
  );
  app.get(
    '/api/v1/duplicates/scans/:id',
    {
      schema: { tags, summary: 'Progress of a re-scan', params: IdParam, response: { 200: Scan, ...errors } },
      config: CONFIGURE,
    },
    async (req) => getScan(req.ctx, req.params.id),
  );
}
