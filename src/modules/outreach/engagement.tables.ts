import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * What happened to sent messages and enrollments: opened, clicked, replied, auto_reply, interested,
 * bounced, unsubscribed... (immutable). The sequence, step and variant are copied from the enrollment step
 * when the event is written (they are frozen once a step is sent), so metrics group events without joins.
 * `dedupe_key` makes a repeated delivery of the same fact (a mail gateway retrying, a pixel loaded twice in
 * an hour) a no-op. `response_seconds` is set on replies: reply time minus the message's sent time.
 */
export const outreachEvents = pgTable(
  'outreach_events',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    kind: text('kind').notNull(),
    at: ts('at').notNull(),
    outboxId: uuid('outbox_id'),
    enrollmentStepId: uuid('enrollment_step_id'),
    enrollmentId: uuid('enrollment_id'),
    candidateId: uuid('candidate_id'),
    sequenceId: uuid('sequence_id'),
    stepId: uuid('step_id'),
    variant: text('variant'),
    responseSeconds: integer('response_seconds'),
    dedupeKey: text('dedupe_key'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('outreach_events_dedupe').on(t.workspaceId, t.dedupeKey),
    index('outreach_events_sequence').on(t.workspaceId, t.sequenceId, t.kind),
    index('outreach_events_candidate').on(t.workspaceId, t.candidateId, t.at),
  ],
);

/**
 * Replies as received (the raw message is not kept): who, subject, text (bounded), and the recruiter's
 * classification (interested / not_interested).
 */
export const outreachReplies = pgTable(
  'outreach_replies',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    eventId: uuid('event_id').notNull(),
    outboxId: uuid('outbox_id').notNull(),
    enrollmentId: uuid('enrollment_id').notNull(),
    candidateId: uuid('candidate_id').notNull(),
    sequenceId: uuid('sequence_id'),
    stepId: uuid('step_id'),
    variant: text('variant'),
    messageId: text('message_id'),
    fromAddress: text('from_address'),
    fromName: text('from_name'),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    excerpt: text('excerpt').notNull(),
    receivedAt: ts('received_at').notNull(),
    responseSeconds: integer('response_seconds'),
    classification: text('classification'),
    classifiedBy: uuid('classified_by'),
    classifiedAt: ts('classified_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('outreach_replies_sequence').on(t.workspaceId, t.sequenceId),
    index('outreach_replies_candidate').on(t.workspaceId, t.candidateId, t.receivedAt),
    index('outreach_replies_unclassified').on(t.workspaceId, t.receivedAt).where(sql`classification is null`),
  ],
);

/** Open and click tracking per workspace (a missing row means both on). */
export const outreachTrackingSettings = pgTable('outreach_tracking_settings', {
  workspaceId: uuid('workspace_id').primaryKey(),
  opens: boolean('opens').notNull(),
  clicks: boolean('clicks').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull(),
});
