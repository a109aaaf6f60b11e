import { z } from 'zod';
import { COMPARATORS } from './compare/comparators.ts';

export const STANDARD_MATCH_FIELDS = [
  'firstName',
  'lastName',
  'headline',
  'city',
  'region',
  'country',
  'company',
  'title',
] as const;

const FieldPath = z
  .string()
  .regex(
    new RegExp(`^(${STANDARD_MATCH_FIELDS.join('|')}|customFields\\.[a-z][a-z0-9_]{0,39})$`),
    `must be one of ${STANDARD_MATCH_FIELDS.join(', ')} or customFields.<key>`,
  );

const Probability = z.number().gt(0, 'must be above 0').lt(1, 'must be below 1');

export const Comparison = z
  .object({
    field: FieldPath,
    comparator: z.enum(COMPARATORS),
    m: Probability.describe('P(values agree | same person), e.g. 0.95'),
    u: Probability.describe('P(values agree | different people), e.g. 0.01 (chance agreement)'),
    partialFrom: z
      .number()
      .min(0)
      .max(0.99)
      .optional()
      .describe('Similarity at or below which the field counts as disagreeing (default per comparator)'),
    block: z
      .enum(['none', 'value', 'value_initial'])
      .default('none')
      .describe('Use the value (or the value plus the family-name initial) as a blocking key'),
    blockWith: FieldPath.optional().describe(
      "Block on this value together with another field's (e.g. street number with postcode): narrow keys that catch records whose names and dates both changed",
    ),
  })
  .strict();
export type Comparison = z.infer<typeof Comparison>;

export const ExactKey = z
  .object({
    kind: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be an identity kind such as email, phone, linkedin, github'),
    weight: z.number().min(0).max(50).describe('Score added when the two records share a value of this kind'),
  })
  .strict();

export const MatchRules = z
  .object({
    exactKeys: z.array(ExactKey).max(20),
    comparisons: z.array(Comparison).max(40),
    thresholds: z
      .object({
        merge: z.number().min(-100).max(200).describe('At or above: merged automatically on import'),
        review: z.number().min(-100).max(200).describe('At or above (and below merge): review queue'),
      })
      .strict(),
    maxBlockSize: z
      .number()
      .int()
      .min(2)
      .max(10_000)
      .describe('Blocks (candidates sharing a key) larger than this are skipped: keeps cost near-linear'),
    maxComparisons: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .optional()
      .describe(
        'Stored candidates compared with one record, at most: its exact-key blocks, then its other blocks from the smallest up while they fit (the smallest always). Default 100',
      ),
    nicknames: z
      .array(z.array(z.string().min(1).max(40)).min(2).max(20))
      .max(500)
      .describe('Extra groups of given names meaning the same person, on top of the built-in table'),
    merge: z
      .object({
        strategy: z
          .enum(['survivor', 'newest', 'most_trusted'])
          .describe('Which value wins when both records have one'),
        sourceTrust: z
          .record(z.string().max(100), z.number().int().min(0).max(100))
          .describe('Trust per source (most_trusted); unknown sources 50, manual 100'),
      })
      .strict(),
  })
  .strict()
  .meta({ id: 'MatchRules' });
export type MatchRules = z.infer<typeof MatchRules>;

/** Rules saved before `maxComparisons` existed compare this many. */
export const DEFAULT_MAX_COMPARISONS = 100;

export const MatchRulesView = MatchRules.extend({
  version: z.number().int(),
  updatedAt: z.iso.datetime().nullable(),
}).meta({ id: 'MatchRulesView' });

/** The rules a workspace starts with: exact contact keys, names, location and employer. */
export const DEFAULT_RULES: MatchRules = {
  exactKeys: [
    { kind: 'email', weight: 14 },
    { kind: 'phone', weight: 9 },
    { kind: 'linkedin', weight: 14 },
    { kind: 'github', weight: 12 },
  ],
  comparisons: [
    { field: 'firstName', comparator: 'name', m: 0.95, u: 0.01, block: 'none' },
    { field: 'lastName', comparator: 'name', m: 0.95, u: 0.002, block: 'none' },
    { field: 'city', comparator: 'jaro_winkler', m: 0.85, u: 0.02, block: 'none' },
    { field: 'country', comparator: 'exact', m: 0.95, u: 0.3, block: 'none' },
    { field: 'company', comparator: 'text', m: 0.7, u: 0.01, block: 'none' },
    { field: 'title', comparator: 'text', m: 0.6, u: 0.02, block: 'none' },
  ],
  thresholds: { merge: 22, review: 12 },
  maxBlockSize: 500,
  maxComparisons: 100,
  nicknames: [],
  merge: { strategy: 'survivor', sourceTrust: {} },
};
