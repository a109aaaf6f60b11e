import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The append-only, hash-chained change log. Each workspace has its own chain: entry n stores the hash of
 * entry n-1 (`prev_hash`) and its own hash over its canonical content. A trigger (migration) refuses
 * UPDATE and DELETE, so tampering needs a superuser, and `prospector audit verify` still catches it.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('audit_events_workspace_seq').on(t.workspaceId, t.seq),
    index('audit_events_entity').on(t.workspaceId, t.entityType, t.entityId),
    index('audit_events_actor').on(t.workspaceId, t.actorId, t.seq),
    index('audit_events_action').on(t.workspaceId, t.action, t.seq),
  ],
);

/** The head of each workspace's chain; locked FOR UPDATE while appending, so entries get gapless seqs. */
export const auditHeads = pgTable('audit_heads', {
  workspaceId: uuid('workspace_id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});
