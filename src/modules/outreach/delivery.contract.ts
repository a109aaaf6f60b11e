import { z } from 'zod';

const limit = (max: number, dflt: number) => z.coerce.number().int().min(1).max(max).default(dflt);

// ---- settings

const count = (max: number) =>
  z
    .number()
    .int('must be a whole number')
    .min(0, 'must be 0 (no limit) or more')
    .max(max, `must be at most ${max}`);

export const DeliverySettingsInput = z
  .object({
    frequencyCap: z.object({
      touches: count(1000).describe('At most this many touches per candidate (0: no cap)...'),
      days: z
        .number()
        .int('must be a whole number')
        .min(1, 'must be at least 1')
        .max(365, 'must be at most 365')
        .describe('...in this many days, across all sequences and senders'),
    }),
    senderDailyLimit: count(100_000).describe(
      'Messages per sender per day (workspace time zone); 0: no limit',
    ),
    domainThrottle: z.object({
      perMinute: count(100_000).describe('Messages per recipient domain per minute; 0: no limit'),
      perHour: count(1_000_000).describe('Messages per recipient domain per hour; 0: no limit'),
    }),
    version: z.number().int().min(1).describe('The version you edited (409 if it moved on)'),
  })
  .meta({ id: 'OutreachDeliverySettingsUpdate' });
export type DeliverySettingsInput = z.infer<typeof DeliverySettingsInput>;

export const DeliverySettings = z
  .object({
    frequencyCap: z.object({ touches: z.number().int(), days: z.number().int() }),
    senderDailyLimit: z.number().int(),
    domainThrottle: z.object({ perMinute: z.number().int(), perHour: z.number().int() }),
    delivery: z
      .enum(['smtp', 'dev_mailbox'])
      .describe('Where email goes: SMTP (SMTP_URL set) or the dev mailbox'),
    version: z.number().int(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'OutreachDeliverySettings' });
export type DeliverySettings = z.infer<typeof DeliverySettings>;

// ---- outbox

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'dead', 'cancelled'] as const;

export const OutboxQuery = z.object({
  status: z.enum(OUTBOX_STATUSES).optional(),
  cursor: z.string().max(200).optional(),
  limit: limit(200, 50),
});

export const OutboxItem = z
  .object({
    id: z.uuid(),
    enrollmentId: z.uuid(),
    enrollmentStepId: z.uuid(),
    candidateId: z.uuid(),
    channel: z.enum(['email', 'sms']),
    messageId: z.string(),
    senderId: z.uuid(),
    recipient: z.string(),
    subject: z.string().nullable(),
    status: z.enum(OUTBOX_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: z.iso.datetime(),
    lastError: z.string().nullable(),
    sentAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'OutreachOutboxItem' });
export const OutboxList = z
  .object({ items: z.array(OutboxItem), nextCursor: z.string().nullable() })
  .meta({ id: 'OutreachOutboxList' });

// ---- dev mailbox

export const DevMailQuery = z.object({
  channel: z.enum(['email', 'sms']).optional(),
  cursor: z.string().max(200).optional(),
  limit: limit(200, 50),
});

export const DevMailSummary = z
  .object({
    id: z.uuid(),
    channel: z.enum(['email', 'sms']),
    messageId: z.string(),
    from: z.string(),
    to: z.string(),
    subject: z.string().nullable(),
    preview: z.string().describe('The first 200 characters of the text'),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'OutreachDevMailSummary' });
export const DevMailList = z
  .object({ items: z.array(DevMailSummary), nextCursor: z.string().nullable() })
  .meta({ id: 'OutreachDevMailList' });

export const DevMail = z
  .object({
    id: z.uuid(),
    outboxId: z.uuid(),
    channel: z.enum(['email', 'sms']),
    messageId: z.string(),
    from: z.string(),
    to: z.string(),
    subject: z.string().nullable(),
    html: z.string().nullable().describe('As sent: render it sandboxed'),
    text: z.string(),
    headers: z.record(z.string(), z.string()),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'OutreachDevMail' });

// ---- work items

export const WORK_ITEM_STATUSES = ['open', 'done', 'skipped'] as const;

export const WorkItemQuery = z.object({
  mine: z
    .enum(['1', '0', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true')
    .describe('1: only items assigned to you'),
  status: z.enum(WORK_ITEM_STATUSES).optional(),
  limit: limit(500, 100),
});

export const WorkItem = z
  .object({
    id: z.uuid(),
    kind: z.enum(['phone_task', 'linkedin_task']),
    enrollmentId: z.uuid(),
    enrollmentStepId: z.uuid(),
    candidateId: z.uuid(),
    assigneeId: z.uuid(),
    title: z.string(),
    instructions: z.string(),
    dueAt: z.iso.datetime(),
    dueLocal: z.string().describe("Due time in the assignee's zone (ISO with offset)"),
    timeZone: z.string(),
    status: z.enum(WORK_ITEM_STATUSES),
    note: z.string().nullable(),
    completedBy: z.uuid().nullable(),
    completedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'OutreachWorkItem' });
export type WorkItem = z.infer<typeof WorkItem>;
export const WorkItemList = z.object({ items: z.array(WorkItem) }).meta({ id: 'OutreachWorkItemList' });

export const WorkItemDone = z
  .object({ note: z.string().trim().max(2000, 'must be at most 2,000 characters').optional() })
  .meta({ id: 'OutreachWorkItemDone' });
