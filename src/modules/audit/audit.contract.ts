import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/http/pagination.ts';

export const AuditEvent = z
  .object({
    id: z.uuid(),
    seq: z.number().int(),
    at: z.iso.datetime(),
    actor: z.object({
      kind: z.string().describe('user, token, system'),
      id: z.string().nullable(),
      label: z.string().describe('Email or name of the actor at the time'),
    }),
    action: z.string().describe('What happened, `entity.verb`, e.g. `user.created`'),
    entityType: z.string(),
    entityId: z.string().nullable(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEvent' });
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditQuery = PageQuery.extend({
  action: z.string().max(100).optional().describe('Exact action, or a prefix ending in `.` (e.g. `user.`)'),
  entityType: z.string().max(100).optional(),
  entityId: z.string().max(100).optional(),
  actorId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('Entries at or after this instant'),
  to: z.iso.datetime({ offset: true }).optional().describe('Entries before this instant'),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = pageOf(AuditEvent).meta({ id: 'AuditPage' });

export const VerifyResult = z
  .object({
    ok: z.boolean(),
    checked: z.number().int().describe('Entries checked'),
    firstBroken: z
      .object({ seq: z.number().int(), id: z.string().nullable(), reason: z.string() })
      .nullable()
      .describe('The first entry where the chain breaks'),
  })
  .meta({ id: 'AuditVerifyResult' });
export type VerifyResult = z.infer<typeof VerifyResult>;
