import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { outreachEnrollmentSteps } from './outreach.tables.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The outbox: one row per message handed to delivery, written in the same transaction as the enrollment
 * step's change from `planned` to `scheduled`. The content is rendered at hand-off (frozen). `message_id` is
 * stable across attempts (`<idempotency_key@domain>`); inbound mail threads replies and bounces by it.
 * Status: pending (waiting for a worker, possibly after a temporary failure), sending (claimed: a worker
 * holds the lease until `claimed_at` + lease), sent, failed (permanent: refused by the peer), dead (gave up
 * after the retry limit), cancelled (the enrollment stopped, or the recipient was suppressed, while the
 * message was still pending: never sent).
 */
export const outreachOutbox = pgTable(
  'outreach_outbox',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    enrollmentStepId: uuid('enrollment_step_id')
      .notNull()
      .references(() => outreachEnrollmentSteps.id),
    enrollmentId: uuid('enrollment_id').notNull(),
    candidateId: uuid('candidate_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    messageId: text('message_id').notNull(),
    channel: text('channel').notNull(),
    senderId: uuid('sender_id').notNull(),
    fromName: text('from_name').notNull(),
    fromAddress: text('from_address').notNull(),
    recipient: text('recipient').notNull(),
    recipientDomain: text('recipient_domain').notNull(),
    subject: text('subject'),
    html: text('html'),
    body: text('body').notNull(),
    threadMessageId: text('thread_message_id'),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    claimedBy: text('claimed_by'),
    claimedAt: ts('claimed_at'),
    lastError: text('last_error'),
    permanent: boolean('permanent').notNull(),
    sentAt: ts('sent_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('outreach_outbox_step').on(t.enrollmentStepId),
    uniqueIndex('outreach_outbox_key').on(t.idempotencyKey),
    uniqueIndex('outreach_outbox_message').on(t.messageId),
    index('outreach_outbox_due').on(t.nextAttemptAt).where(sql`status in ('pending', 'sending')`),
    index('outreach_outbox_list').on(t.workspaceId, t.status, t.id),
    // Frequency cap (touches per candidate in M days) and per-sender daily limit count hand-offs.
    index('outreach_outbox_candidate').on(t.workspaceId, t.candidateId, t.createdAt),
    index('outreach_outbox_sender').on(t.workspaceId, t.senderId, t.createdAt),
    // Per-recipient-domain throttle counts recent sends.
    index('outreach_outbox_domain').on(t.workspaceId, t.recipientDomain, t.sentAt),
  ],
);

/**
 * One row per attempt handed to the peer (SMTP, SMS provider, dev mailbox), append-mostly: `started` is
 * committed BEFORE the message is handed over; the same row is finished with the outcome after. A row left
 * `started` is the ambiguous window of a crash: the message is never handed over again (at most once there).
 */
export const outreachSendLog = pgTable(
  'outreach_send_log',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    outboxId: uuid('outbox_id')
      .notNull()
      .references(() => outreachOutbox.id),
    attempt: integer('attempt').notNull(),
    worker: text('worker').notNull(),
    outcome: text('outcome').notNull(),
    response: text('response'),
    providerId: text('provider_id'),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at'),
  },
  (t) => [uniqueIndex('outreach_send_log_attempt').on(t.outboxId, t.attempt)],
);

/** The dev mailbox and dev SMS outbox: what was "sent" while no SMTP (or SMS provider) is configured. */
export const outreachDevMailbox = pgTable(
  'outreach_dev_mailbox',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    outboxId: uuid('outbox_id').notNull(),
    channel: text('channel').notNull(),
    messageId: text('message_id').notNull(),
    fromAddress: text('from_address').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject'),
    html: text('html'),
    body: text('body').notNull(),
    headers: jsonb('headers').$type<Record<string, string>>().notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('outreach_dev_mailbox_message').on(t.messageId),
    index('outreach_dev_mailbox_list').on(t.workspaceId, t.id),
  ],
);

/**
 * Manual steps (phone calls, LinkedIn messages) as work items of the assignee (the enrollment's sender), due
 * in the assignee's day. Completing or skipping one advances the enrollment.
 */
export const outreachWorkItems = pgTable(
  'outreach_work_items',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    enrollmentStepId: uuid('enrollment_step_id')
      .notNull()
      .references(() => outreachEnrollmentSteps.id),
    enrollmentId: uuid('enrollment_id').notNull(),
    candidateId: uuid('candidate_id').notNull(),
    kind: text('kind').notNull(),
    assigneeId: uuid('assignee_id').notNull(),
    title: text('title').notNull(),
    instructions: text('instructions').notNull(),
    dueAt: ts('due_at').notNull(),
    timeZone: text('time_zone').notNull(),
    status: text('status').notNull(),
    note: text('note'),
    completedBy: uuid('completed_by'),
    completedAt: ts('completed_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('outreach_work_items_step').on(t.enrollmentStepId),
    index('outreach_work_items_assignee').on(t.workspaceId, t.assigneeId, t.status, t.dueAt),
  ],
);

/**
 * Workspace delivery settings (a missing row means the defaults), and the secret that signs the workspace's
 * link tokens (unsubscribe, tracking).
 */
export const outreachSettings = pgTable('outreach_settings', {
  workspaceId: uuid('workspace_id').primaryKey(),
  capTouches: integer('cap_touches').notNull(),
  capDays: integer('cap_days').notNull(),
  senderDailyLimit: integer('sender_daily_limit').notNull(),
  domainPerMinute: integer('domain_per_minute').notNull(),
  domainPerHour: integer('domain_per_hour').notNull(),
  tokenSecret: text('token_secret').notNull(),
  version: integer('version').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull(),
});

/**
 * Addresses the peer refused permanently (5xx, hard bounce): the send guard blocks them. Lower-cased
 * address per workspace.
 */
export const outreachSuppressions = pgTable(
  'outreach_suppressions',
  {
    workspaceId: uuid('workspace_id').notNull(),
    address: text('address').notNull(),
    reason: text('reason').notNull(),
    outboxId: uuid('outbox_id'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.address] })],
);
