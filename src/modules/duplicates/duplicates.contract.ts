import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/http/pagination.ts';
import { CandidateSchema } from '../candidates/index.ts';

export const EvidenceItem = z
  .object({
    field: z.string(),
    comparator: z.string(),
    a: z.string().nullable(),
    b: z.string().nullable(),
    similarity: z.number().nullable(),
    outcome: z.enum(['exact', 'agree', 'partial', 'disagree', 'missing']),
    weight: z.number(),
    note: z.string().optional(),
    hidden: z.boolean().optional().describe('Values left out: a field group you may not read'),
  })
  .meta({ id: 'DuplicateEvidenceItem' });

export const Evidence = z
  .object({
    score: z.number(),
    exactKeys: z.array(z.object({ kind: z.string(), value: z.string().nullable() })),
    items: z.array(EvidenceItem),
    decision: z.enum(['merge', 'review', 'distinct']),
    rulesVersion: z.number().int(),
  })
  .meta({ id: 'DuplicateEvidence' });

export const PairStatus = z.enum(['pending', 'skipped', 'not_duplicate', 'merged', 'obsolete']);

export const Pair = z
  .object({
    id: z.uuid(),
    status: PairStatus,
    score: z.number(),
    foundBy: z.string(),
    detectedAt: z.iso.datetime(),
    decidedAt: z.iso.datetime().nullable(),
    a: CandidateSchema.nullable(),
    b: CandidateSchema.nullable(),
    evidence: Evidence,
  })
  .meta({ id: 'DuplicatePair' });
export const PairPage = pageOf(Pair).meta({ id: 'DuplicatePairPage' });

export const PairQuery = PageQuery.extend({
  status: PairStatus.default('pending'),
  candidateId: z.uuid('must be a UUID').optional().describe('Only pairs involving this candidate'),
});
export type PairQuery = z.infer<typeof PairQuery>;

const Choice = z.enum(['survivor', 'loser', 'both']);
const Choices = z
  .record(
    z
      .string()
      .regex(
        /^(firstName|lastName|headline|summary|location|ownerId|status|source|employee|compensation|diversity|emails|phones|links|work|education|skills|tags|customFields\.[a-z][a-z0-9_]{0,39})$/,
        'must be a candidate field',
      ),
    Choice,
  )
  .describe('Per field, whose value the survivor keeps (lists: both = union, the default)');

export const MergeBody = z
  .object({
    survivorId: z.uuid('must be a UUID'),
    loserId: z.uuid('must be a UUID'),
    pairId: z.uuid('must be a UUID').optional(),
    choices: Choices.optional(),
  })
  .strict()
  .meta({ id: 'MergeCandidates' });

export const Decision = z
  .object({
    decision: z.enum(['merge', 'not_duplicate', 'skip']),
    survivorId: z
      .uuid('must be a UUID')
      .optional()
      .describe('For merge: which of the two survives (default: the older)'),
    choices: Choices.optional(),
  })
  .strict()
  .meta({ id: 'DuplicateDecision' });

export const Merge = z
  .object({
    id: z.uuid(),
    survivorId: z.uuid(),
    loserId: z.uuid(),
    pairId: z.uuid().nullable(),
    fields: z.array(z.string()).describe('Fields of the survivor the merge changed'),
    moved: z.object({
      activities: z.number().int(),
      poolMembers: z.number().int(),
      consents: z.number().int(),
    }),
    score: z.number().nullable(),
    createdAt: z.iso.datetime(),
    createdBy: z.uuid().nullable(),
    undoneAt: z.iso.datetime().nullable(),
    undoneBy: z.uuid().nullable(),
  })
  .meta({ id: 'Merge' });

export const CandidateMerges = z
  .object({
    mergedInto: z.uuid().nullable().describe('Set on a merged-away record: the survivor it now lives in'),
    merges: z.array(Merge),
  })
  .meta({ id: 'CandidateMerges' });

export const Scan = z
  .object({
    id: z.uuid(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    phase: z.enum(['keys', 'pairs']),
    total: z.number().int(),
    processed: z.number().int(),
    pairsFound: z.number().int(),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'DuplicateScan' });

export const IdParam = z.object({ id: z.uuid('must be a UUID') });
