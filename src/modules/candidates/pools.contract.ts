import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/http/pagination.ts';
import { SearchCriteria } from './search.contract.ts';

const Name = z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters');

export const Pool = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    ownerId: z.uuid().nullable(),
    memberCount: z.number().int(),
    archived: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Pool' });
export type Pool = z.infer<typeof Pool>;
export const PoolList = z.object({ items: z.array(Pool) }).meta({ id: 'PoolList' });
export const PoolListQuery = z.object({
  archived: z.enum(['true', 'false']).optional().describe('Include archived pools'),
});

export const CreatePool = z
  .object({ name: Name, description: z.string().trim().max(2000).default('') })
  .strict()
  .meta({ id: 'CreatePool' });
export type CreatePool = z.infer<typeof CreatePool>;
export const UpdatePool = z
  .object({
    name: Name.optional(),
    description: z.string().trim().max(2000).optional(),
    archived: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'UpdatePool' });
export type UpdatePool = z.infer<typeof UpdatePool>;

export const PoolMembersChange = z
  .object({ candidateIds: z.array(z.uuid('must be candidate ids')).min(1, 'give at least one').max(1000) })
  .strict()
  .meta({ id: 'PoolMembersChange' });
export const PoolMembersResult = z
  .object({ changed: z.number().int(), unchanged: z.number().int() })
  .meta({ id: 'PoolMembersResult' });

export const PoolMembership = z
  .object({
    candidateId: z.uuid(),
    candidateName: z.string(),
    addedAt: z.iso.datetime(),
    addedBy: z.uuid().nullable(),
    removedAt: z.iso.datetime().nullable(),
    removedBy: z.uuid().nullable(),
  })
  .meta({ id: 'PoolMembership' });
export const PoolHistoryPage = pageOf(PoolMembership).meta({ id: 'PoolHistoryPage' });
export const PoolHistoryQuery = PageQuery;

export const SavedSearch = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    visibility: z.enum(['private', 'team']),
    isSegment: z.boolean(),
    ownerId: z.uuid(),
    criteria: z.record(z.string(), z.unknown()).describe('The search: q and filters, as for GET /candidates'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'SavedSearch' });
export type SavedSearch = z.infer<typeof SavedSearch>;
export const SavedSearchList = z.object({ items: z.array(SavedSearch) }).meta({ id: 'SavedSearchList' });
export const SavedSearchListQuery = z.object({
  segments: z.enum(['true', 'false']).optional().describe('Segments (true) or saved searches (default)'),
});

export const CreateSavedSearch = z
  .object({
    name: Name,
    description: z.string().trim().max(2000).default(''),
    visibility: z.enum(['private', 'team']).default('private'),
    isSegment: z
      .boolean()
      .default(false)
      .describe('A segment is a dynamic group: membership is computed on read'),
    criteria: SearchCriteria,
  })
  .strict()
  .meta({ id: 'CreateSavedSearch' });
export type CreateSavedSearch = z.infer<typeof CreateSavedSearch>;
export const UpdateSavedSearch = z
  .object({
    name: Name.optional(),
    description: z.string().trim().max(2000).optional(),
    visibility: z.enum(['private', 'team']).optional(),
    criteria: SearchCriteria.optional(),
  })
  .strict()
  .meta({ id: 'UpdateSavedSearch' });
export type UpdateSavedSearch = z.infer<typeof UpdateSavedSearch>;
export const SegmentCount = z
  .object({ total: z.number().int(), totalIsEstimate: z.boolean() })
  .meta({ id: 'SegmentCount' });

/** Bulk actions over a selection: explicit ids or every result of a search. */
export const BulkAction = z
  .object({
    selection: z.union([
      z.object({ ids: z.array(z.uuid()).min(1, 'select at least one candidate').max(1000) }).strict(),
      z.object({ criteria: SearchCriteria }).strict(),
    ]),
    action: z.discriminatedUnion('type', [
      z.object({
        type: z.literal('tag'),
        add: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
        remove: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
      }),
      z.object({ type: z.literal('add_to_pool'), poolId: z.uuid() }),
      z.object({ type: z.literal('remove_from_pool'), poolId: z.uuid() }),
      z.object({ type: z.literal('set_owner'), ownerId: z.uuid().nullable() }),
      z.object({ type: z.literal('set_status'), status: z.string().regex(/^[a-z_]+$/) }),
    ]),
  })
  .strict()
  .meta({ id: 'BulkAction' });
export type BulkAction = z.infer<typeof BulkAction>;
export const BulkResult = z
  .object({
    matched: z.number().int(),
    changed: z.number().int(),
    unchanged: z.number().int(),
    failed: z.array(z.object({ id: z.uuid(), message: z.string() })),
  })
  .meta({ id: 'BulkResult' });
export type BulkResult = z.infer<typeof BulkResult>;
