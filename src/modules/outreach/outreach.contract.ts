import { z } from 'zod';
import { CandidateSearchQuery, STATUS_CODES } from '../candidates/index.ts';
import { MAX_CHARS, TEMPLATE_KINDS } from './template.engine.ts';

export const IdParam = z.object({ id: z.uuid('must be a UUID') });

// ---- templates

const name = z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters');

export const TemplateInput = z
  .object({
    name,
    kind: z.enum(TEMPLATE_KINDS),
    shared: z.boolean().default(false).describe('In the shared library (everyone may use it) or yours only'),
    subject: z
      .string()
      .max(MAX_CHARS.subject, `must be at most ${MAX_CHARS.subject} characters`)
      .nullable()
      .optional()
      .describe("Email only; an email step needs one, a reply in thread uses the thread's subject"),
    html: z
      .string()
      .max(MAX_CHARS.html, `must be at most ${MAX_CHARS.html} characters`)
      .nullable()
      .optional()
      .describe('Email only: the HTML part (values are HTML-escaped)'),
    body: z
      .string()
      .min(1, 'is required')
      .max(MAX_CHARS.body, `must be at most ${MAX_CHARS.body} characters`)
      .describe('Plain text: the email text part, the SMS, or the task instructions'),
  })
  .strict()
  .meta({ id: 'OutreachTemplateDraft' });
export type TemplateInput = z.infer<typeof TemplateInput>;

export const TemplateUpdate = TemplateInput.omit({ kind: true })
  .partial()
  .extend({ version: z.number().int().min(1).describe('The version you edited (409 if it changed)') })
  .strict()
  .meta({ id: 'OutreachTemplateUpdate' });
export type TemplateUpdate = z.infer<typeof TemplateUpdate>;

const SequenceRef = z.object({ id: z.uuid(), name: z.string(), status: z.string() });

export const Template = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(TEMPLATE_KINDS),
    shared: z.boolean(),
    ownerId: z.uuid().nullable(),
    subject: z.string().nullable(),
    html: z.string().nullable(),
    body: z.string(),
    fields: z.array(z.string()).describe('Personalisation fields the template uses'),
    version: z.number().int(),
    archived: z.boolean(),
    usedBy: z.array(SequenceRef).describe('Sequences whose steps use it'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'OutreachTemplate' });
export type Template = z.infer<typeof Template>;

export const TemplateList = z.object({ items: z.array(Template) }).meta({ id: 'OutreachTemplateList' });
export const TemplateListQuery = z.object({
  kind: z.enum(TEMPLATE_KINDS).optional(),
  includeArchived: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const PreviewTarget = z.object({
  candidateId: z.uuid('must be a candidate id'),
  senderId: z.uuid('must be a user id').optional().describe('Render as this sender (default: you)'),
});
export const TemplatePreviewRequest = PreviewTarget.strict().meta({ id: 'OutreachTemplatePreviewRequest' });
export const DraftPreviewRequest = PreviewTarget.extend({ template: TemplateInput })
  .strict()
  .meta({ id: 'OutreachDraftPreviewRequest' });

export const RenderedTemplate = z
  .object({
    subject: z.string().nullable(),
    html: z.string().nullable(),
    body: z.string(),
    fields: z.array(z.string()),
  })
  .meta({ id: 'OutreachRenderedTemplate' });
export type RenderedTemplate = z.infer<typeof RenderedTemplate>;

// ---- sequences

export const STEP_KINDS = ['email', 'reply_email', 'sms', 'phone_task', 'linkedin_task'] as const;
export type StepKind = (typeof STEP_KINDS)[number];
export const SEQUENCE_STATUSES = ['draft', 'active', 'archived'] as const;

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM (00:00 to 24:00)');
export const SendWindow = z
  .object({
    start: HHMM,
    end: HHMM,
    days: z
      .array(z.number().int().min(1).max(7))
      .min(1, 'needs at least one day')
      .max(7)
      .describe('ISO weekdays, 1 = Monday'),
  })
  .strict()
  .meta({ id: 'OutreachSendWindow' });

export const Delay = z
  .object({
    amount: z.number().int().min(0).max(8760),
    unit: z.enum(['hours', 'business_days']),
  })
  .strict();

export const StepInput = z
  .object({
    id: z
      .uuid()
      .optional()
      .describe('An existing step (keeps its enrollments attached); leave out for a new step'),
    kind: z.enum(STEP_KINDS),
    delay: Delay.describe('After the previous step (the first: after enrollment)'),
    variants: z
      .array(z.object({ templateId: z.uuid('must be a template id') }).strict())
      .min(1, 'needs a template')
      .max(5, 'at most 5 variants')
      .describe('One template, or several for an A/B test (even split)'),
  })
  .strict();

export const SequenceInput = z
  .object({
    name,
    description: z.string().max(2000).default(''),
    status: z.enum(SEQUENCE_STATUSES).default('draft'),
    senderId: z
      .uuid('must be a user id')
      .nullable()
      .default(null)
      .describe('Who sends (default: whoever enrolls); another user must have allowed you'),
    window: SendWindow.default({ start: '08:30', end: '17:30', days: [1, 2, 3, 4, 5] }),
    stopStatuses: z
      .array(z.enum(STATUS_CODES))
      .max(20)
      .default(['hired', 'not_interested', 'rejected', 'do_not_contact'])
      .describe('A candidate moved to one of these statuses leaves the sequence (hired always does)'),
    steps: z.array(StepInput).min(1, 'needs at least one step').max(30, 'at most 30 steps'),
  })
  .strict()
  .meta({ id: 'OutreachSequenceDraft' });
export type SequenceInput = z.infer<typeof SequenceInput>;

export const SequenceUpdate = SequenceInput.extend({ version: z.number().int().min(1) })
  .strict()
  .meta({ id: 'OutreachSequenceUpdate' });
export type SequenceUpdate = z.infer<typeof SequenceUpdate>;

export const Step = z.object({
  id: z.uuid(),
  position: z.number().int(),
  kind: z.enum(STEP_KINDS),
  delay: Delay,
  variants: z.array(z.object({ label: z.string(), templateId: z.uuid(), templateName: z.string() })),
});

export const Sequence = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    status: z.enum(SEQUENCE_STATUSES),
    ownerId: z.uuid().nullable(),
    senderId: z.uuid().nullable(),
    window: SendWindow,
    stopStatuses: z.array(z.string()),
    steps: z.array(Step),
    liveEnrollments: z.number().int(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'OutreachSequence' });
export type Sequence = z.infer<typeof Sequence>;
export const SequenceList = z.object({ items: z.array(Sequence) }).meta({ id: 'OutreachSequenceList' });

// ---- calendar and senders

export const Holidays = z
  .object({
    days: z
      .array(
        z
          .object({
            date: z.iso.date('must be a date (YYYY-MM-DD)'),
            name: z.string().trim().min(1, 'is required').max(200),
          })
          .strict(),
      )
      .max(1000),
  })
  .strict()
  .meta({ id: 'OutreachHolidays' });
export type Holidays = z.infer<typeof Holidays>;

const Person = z.object({ id: z.uuid(), name: z.string() });
export const SenderProfile = z
  .object({
    userId: z.uuid(),
    title: z.string(),
    delegates: z.array(Person).describe('Colleagues you allow to send on your behalf'),
    mayActFor: z.array(Person).describe('Colleagues who allow you to send on their behalf'),
  })
  .meta({ id: 'OutreachSenderProfile' });
export const SenderProfileInput = z
  .object({
    title: z.string().trim().max(200).default(''),
    delegates: z.array(z.uuid('must be a user id')).max(100).default([]),
  })
  .strict()
  .meta({ id: 'OutreachSenderProfileChange' });
export type SenderProfileInput = z.infer<typeof SenderProfileInput>;

// ---- enrollments

export const ENROLL_MAX = 1000;
export const PREVIEW_MAX = 100;

const Criteria = CandidateSearchQuery.omit({ limit: true, cursor: true, sort: true });
export const Selection = z.union([
  z
    .object({
      candidateIds: z
        .array(z.uuid('must be candidate ids'))
        .min(1, 'select at least one candidate')
        .max(ENROLL_MAX, `at most ${ENROLL_MAX} per request`),
    })
    .strict(),
  z.object({ criteria: Criteria.describe('The parameters of GET /api/v1/candidates') }).strict(),
  z.object({ poolId: z.uuid('must be a pool id') }).strict(),
  z.object({ segmentId: z.uuid('must be a segment id') }).strict(),
]);
export type Selection = z.infer<typeof Selection>;

export const EnrollRequest = z
  .object({
    selection: Selection,
    senderId: z.uuid('must be a user id').optional().describe("Override the sequence's sender"),
  })
  .strict()
  .meta({ id: 'OutreachEnrollRequest' });
export type EnrollRequest = z.infer<typeof EnrollRequest>;

export const SKIP_REASONS = [
  'not_found',
  'archived',
  'already_enrolled',
  'do_not_contact',
  'no_address',
  'no_consent',
  'stopping_status',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export const EnrollResult = z
  .object({
    enrolled: z.number().int(),
    skipped: z.number().int(),
    results: z.array(
      z.object({
        candidateId: z.uuid(),
        outcome: z.enum(['enrolled', 'skipped']),
        enrollmentId: z.uuid().nullable(),
        reason: z.enum(SKIP_REASONS).nullable(),
        message: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'OutreachEnrollResult' });
export type EnrollResult = z.infer<typeof EnrollResult>;

export const ENROLLMENT_STATUSES = ['active', 'paused', 'stopped', 'completed'] as const;
export const STEP_STATUSES = [
  'planned',
  'scheduled',
  'sent',
  'done',
  'skipped',
  'blocked',
  'cancelled',
] as const;
export const STOP_REASONS = [
  'manual',
  'replied',
  'bounced',
  'unsubscribed',
  'consent_withdrawn',
  'status_changed',
  'hired',
  'do_not_contact',
  'archived',
] as const;
export type StopReason = (typeof STOP_REASONS)[number];

const PlannedTime = {
  plannedAt: z.iso.datetime().nullable().describe('UTC'),
  plannedLocal: z.string().nullable().describe("In the candidate's zone, ISO 8601 with offset"),
};

export const Enrollment = z
  .object({
    id: z.uuid(),
    sequenceId: z.uuid(),
    sequenceName: z.string(),
    candidateId: z.uuid(),
    senderId: z.uuid(),
    status: z.enum(ENROLLMENT_STATUSES),
    stopReason: z.string().nullable(),
    timeZone: z.string(),
    enrolledAt: z.iso.datetime(),
    pausedAt: z.iso.datetime().nullable(),
    endedAt: z.iso.datetime().nullable(),
    version: z.number().int(),
    steps: z.array(
      z.object({
        id: z.uuid(),
        stepId: z.uuid(),
        position: z.number().int(),
        kind: z.enum(STEP_KINDS),
        variant: z.string(),
        templateId: z.uuid(),
        status: z.enum(STEP_STATUSES),
        statusReason: z.string().nullable(),
        ...PlannedTime,
        doneAt: z.iso.datetime().nullable(),
      }),
    ),
  })
  .meta({ id: 'OutreachEnrollment' });
export type Enrollment = z.infer<typeof Enrollment>;

export const EnrollmentListQuery = z.object({
  sequenceId: z.uuid().optional(),
  candidateId: z.uuid().optional(),
  status: z.enum(ENROLLMENT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type EnrollmentListQuery = z.infer<typeof EnrollmentListQuery>;
export const EnrollmentList = z
  .object({ items: z.array(Enrollment.omit({ steps: true })), nextCursor: z.string().nullable() })
  .meta({ id: 'OutreachEnrollmentList' });

export const StopRequest = z
  .object({ reason: z.string().trim().max(500).optional().describe('Why, for the timeline') })
  .strict();

export const EnrollPreview = z
  .object({
    items: z.array(
      z.object({
        candidateId: z.uuid(),
        name: z.string().nullable(),
        timeZone: z.string().nullable(),
        timeZoneSource: z.enum(['candidate', 'workspace']).nullable(),
        eligible: z.boolean(),
        reason: z.enum(SKIP_REASONS).nullable(),
        message: z.string().nullable(),
        steps: z.array(z.object({ position: z.number().int(), kind: z.enum(STEP_KINDS), ...PlannedTime })),
      }),
    ),
  })
  .meta({ id: 'OutreachEnrollPreview' });
export type EnrollPreview = z.infer<typeof EnrollPreview>;
export const EnrollPreviewRequest = z
  .object({
    selection: Selection,
    senderId: z.uuid().optional(),
    limit: z.number().int().min(1).max(PREVIEW_MAX).default(20).describe('How many candidates to show'),
  })
  .strict()
  .meta({ id: 'OutreachEnrollPreviewRequest' });
