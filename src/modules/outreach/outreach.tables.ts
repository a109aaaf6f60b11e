import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A sending window in local time: [start, end) as HH:MM on ISO weekdays (1 = Monday). */
export interface SendWindow {
  start: string;
  end: string;
  days: number[];
}

/**
 * Message templates (email, SMS, call and LinkedIn tasks). `fields` is what the last validation found the
 * template to reference (for the editor and for checks at send time).
 */
export const outreachTemplates = pgTable(
  'outreach_templates',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    ownerId: uuid('owner_id'),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    shared: boolean('shared').notNull(),
    subject: text('subject'),
    html: text('html'),
    body: text('body').notNull(),
    fields: jsonb('fields').$type<string[]>().notNull(),
    version: integer('version').notNull(),
    archivedAt: ts('archived_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('outreach_templates_workspace').on(t.workspaceId, t.name)],
);

/** Sequences: settings shared by every step; the sender is the owner unless set. */
export const outreachSequences = pgTable(
  'outreach_sequences',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    ownerId: uuid('owner_id'),
    name: text('name').notNull(),
    description: text('description').notNull(),
    status: text('status').notNull(),
    senderId: uuid('sender_id'),
    window: jsonb('window').$type<SendWindow>().notNull(),
    stopStatuses: jsonb('stop_statuses').$type<string[]>().notNull(),
    version: integer('version').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('outreach_sequences_workspace').on(t.workspaceId, t.name)],
);

/** Steps in order. A removed step keeps its row (enrollment steps refer to it) with `removed_at` set. */
export const outreachSteps = pgTable(
  'outreach_steps',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    sequenceId: uuid('sequence_id')
      .notNull()
      .references(() => outreachSequences.id),
    position: smallint('position').notNull(),
    kind: text('kind').notNull(),
    delayAmount: integer('delay_amount').notNull(),
    delayUnit: text('delay_unit').notNull(),
    removedAt: ts('removed_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('outreach_steps_sequence').on(t.sequenceId, t.position)],
);

/** A step's A/B variants (one row when there is no test): each names its template. */
export const outreachStepVariants = pgTable(
  'outreach_step_variants',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    stepId: uuid('step_id')
      .notNull()
      .references(() => outreachSteps.id),
    label: text('label').notNull(),
    templateId: uuid('template_id')
      .notNull()
      .references(() => outreachTemplates.id),
  },
  (t) => [
    uniqueIndex('outreach_step_variants_label').on(t.stepId, t.label),
    index('outreach_step_variants_template').on(t.templateId),
  ],
);

/** The workspace's holiday calendar: no step is planned on these dates (in the candidate's local calendar). */
export const outreachHolidays = pgTable(
  'outreach_holidays',
  {
    workspaceId: uuid('workspace_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.day] })],
);

/** A sender's profile: the title used in `{{ sender.title }}`. */
export const outreachSenders = pgTable(
  'outreach_senders',
  {
    workspaceId: uuid('workspace_id').notNull(),
    userId: uuid('user_id').notNull(),
    title: text('title').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);

/** "delegate may send on behalf of sender": the sender's own allowance, revocable. */
export const outreachDelegations = pgTable(
  'outreach_delegations',
  {
    workspaceId: uuid('workspace_id').notNull(),
    senderId: uuid('sender_id').notNull(),
    delegateId: uuid('delegate_id').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.senderId, t.delegateId] })],
);

/** One candidate in one sequence. At most one live (active or paused) enrollment per pair. */
export const outreachEnrollments = pgTable(
  'outreach_enrollments',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    sequenceId: uuid('sequence_id')
      .notNull()
      .references(() => outreachSequences.id),
    candidateId: uuid('candidate_id').notNull(),
    senderId: uuid('sender_id').notNull(),
    enrolledBy: uuid('enrolled_by'),
    status: text('status').notNull(),
    stopReason: text('stop_reason'),
    timeZone: text('time_zone').notNull(),
    enrolledAt: ts('enrolled_at').notNull(),
    pausedAt: ts('paused_at'),
    endedAt: ts('ended_at'),
    version: integer('version').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('outreach_enrollments_live')
      .on(t.sequenceId, t.candidateId)
      .where(sql`status in ('active', 'paused')`),
    index('outreach_enrollments_candidate').on(t.workspaceId, t.candidateId),
    index('outreach_enrollments_sequence').on(t.sequenceId, t.status),
  ],
);

/**
 * The planned (and later, the actual) schedule of an enrollment: one row per (enrollment, step). `planned`
 * rows are recomputed freely; from `scheduled` on (handed to the outbox) a row is frozen: its variant,
 * template version and idempotency key never change. `idempotency_key` is stable per (enrollment, step).
 */
export const outreachEnrollmentSteps = pgTable(
  'outreach_enrollment_steps',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    enrollmentId: uuid('enrollment_id')
      .notNull()
      .references(() => outreachEnrollments.id),
    stepId: uuid('step_id')
      .notNull()
      .references(() => outreachSteps.id),
    position: smallint('position').notNull(),
    kind: text('kind').notNull(),
    variant: text('variant').notNull(),
    templateId: uuid('template_id').notNull(),
    status: text('status').notNull(),
    plannedAt: ts('planned_at'),
    idempotencyKey: text('idempotency_key').notNull(),
    statusReason: text('status_reason'),
    doneAt: ts('done_at'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('outreach_enrollment_steps_step').on(t.enrollmentId, t.stepId),
    uniqueIndex('outreach_enrollment_steps_key').on(t.idempotencyKey),
    index('outreach_enrollment_steps_due').on(t.plannedAt).where(sql`status = 'planned'`),
  ],
);
