import { z } from 'zod';
import { PageQuery } from '../../platform/http/pagination.ts';

/**
 * What happens after a message is sent, recorded as immutable events (and on the candidate's timeline as
 * `outreach.<kind>`): opened, clicked, replied, auto_reply (out of office: not a reply), interested and
 * not_interested (a recruiter's reading of a reply), bounced, unsubscribed, delivered and blocked (for
 * delivery to record when it wants them on the record; metrics take sent and blocked from the steps).
 */
export const EVENT_KINDS = [
  'delivered',
  'opened',
  'clicked',
  'replied',
  'auto_reply',
  'interested',
  'not_interested',
  'bounced',
  'unsubscribed',
  'blocked',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const InboundResult = z
  .object({
    outcome: z
      .enum(['reply', 'auto_reply', 'bounce', 'unmatched', 'duplicate'])
      .describe(
        'What the message was; `unmatched`: it names no message we sent (nothing recorded); `duplicate`: ' +
          'already received (nothing recorded again)',
      ),
    eventId: z.uuid().nullable(),
    replyId: z.uuid().nullable(),
    outboxId: z.uuid().nullable(),
    enrollmentId: z.uuid().nullable(),
    candidateId: z.uuid().nullable(),
    stoppedEnrollments: z.number().int().describe('Live enrollments this message stopped'),
    permanentBounce: z.boolean().nullable(),
  })
  .meta({ id: 'OutreachInboundResult' });
export type InboundResult = z.infer<typeof InboundResult>;

export const REPLY_CLASSIFICATIONS = ['interested', 'not_interested'] as const;

export const Reply = z
  .object({
    id: z.uuid(),
    candidateId: z.uuid(),
    enrollmentId: z.uuid(),
    sequenceId: z.uuid().nullable(),
    stepId: z.uuid().nullable(),
    variant: z.string().nullable(),
    outboxId: z.uuid(),
    fromAddress: z
      .string()
      .nullable()
      .optional()
      .describe('Contact details: left out without fields.contact:read'),
    fromName: z.string().nullable(),
    subject: z.string(),
    excerpt: z.string().describe('The new text, without the quoted message'),
    text: z.string().describe('The whole plain text (at most 20,000 characters)'),
    receivedAt: z.iso.datetime(),
    responseSeconds: z.number().int().nullable().describe('From our message being sent to this reply'),
    classification: z.enum(REPLY_CLASSIFICATIONS).nullable(),
    classifiedBy: z.uuid().nullable(),
    classifiedAt: z.iso.datetime().nullable(),
    redactedFields: z.array(z.string()).optional(),
  })
  .meta({ id: 'OutreachReply' });
export type Reply = z.infer<typeof Reply>;

export const ReplyListQuery = PageQuery.extend({
  sequenceId: z.uuid().optional(),
  candidateId: z.uuid().optional(),
  unclassified: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('Only replies nobody has classified yet'),
});
export type ReplyListQuery = z.infer<typeof ReplyListQuery>;
export const ReplyList = z
  .object({ items: z.array(Reply), nextCursor: z.string().nullable() })
  .meta({ id: 'OutreachReplyList' });

export const ClassifyRequest = z
  .object({ classification: z.enum(REPLY_CLASSIFICATIONS) })
  .strict()
  .meta({ id: 'OutreachClassifyReply' });

export const TrackingSettings = z
  .object({
    opens: z.boolean().describe('Add an open pixel to HTML email and record opens'),
    clicks: z.boolean().describe('Send links through the click redirect and record clicks'),
  })
  .strict()
  .meta({ id: 'OutreachTrackingSettings' });
export type TrackingSettings = z.infer<typeof TrackingSettings>;

const Counts = z
  .object({
    enrolled: z.number().int().describe('Enrollments (for a step or variant: those assigned to it)'),
    sent: z.number().int(),
    delivered: z.number().int().describe('Sent and not bounced permanently'),
    opened: z.number().int(),
    clicked: z.number().int(),
    replied: z.number().int(),
    interested: z.number().int(),
    bounced: z.number().int().describe('Permanent bounces'),
    unsubscribed: z.number().int(),
    blocked: z.number().int().describe('Steps a send-time guard refused (consent, caps, suppression...)'),
    medianResponseSeconds: z.number().nullable().describe('Median time from send to the first reply'),
  })
  .meta({ id: 'OutreachCounts' });
export type Counts = z.infer<typeof Counts>;

export const SequenceMetrics = z
  .object({
    sequenceId: z.uuid(),
    totals: Counts,
    steps: z.array(
      z.object({
        stepId: z.uuid(),
        position: z.number().int(),
        kind: z.string(),
        removed: z.boolean(),
        totals: Counts,
        variants: z.array(z.object({ label: z.string(), templateId: z.uuid().nullable(), counts: Counts })),
      }),
    ),
  })
  .meta({ id: 'OutreachSequenceMetrics' });
export type SequenceMetrics = z.infer<typeof SequenceMetrics>;

export const TokenParam = z.object({ token: z.string().min(1).max(4096) });
export const PixelParam = z.object({ file: z.string().min(1).max(4100) });
export const OneClickBody = z
  .object({
    'List-Unsubscribe': z.literal('One-Click', { error: 'must be One-Click (RFC 8058)' }),
  })
  .meta({ id: 'OutreachOneClickUnsubscribe' });
