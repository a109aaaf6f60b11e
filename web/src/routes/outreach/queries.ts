import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

type S = components['schemas'];
export type Template = S['OutreachTemplate'];
export type TemplateKind = Template['kind'];
export type TemplateDraft = S['OutreachTemplateDraft'];
export type Sequence = S['OutreachSequence'];
export type SequenceDraft = S['OutreachSequenceDraft'];
export type StepKind = Sequence['steps'][number]['kind'];
export type DelayUnit = Sequence['steps'][number]['delay']['unit'];
export type Enrollment = S['OutreachEnrollment'];
export type EnrollmentSummary = S['OutreachEnrollmentList']['items'][number];
export type EnrollmentStatus = Enrollment['status'];
export type StepStatus = Enrollment['steps'][number]['status'];
export type EnrollSelection = S['OutreachEnrollRequest']['selection'];
export type EnrollResult = S['OutreachEnrollResult'];
export type EnrollPreview = S['OutreachEnrollPreview'];
export type SkipReason = NonNullable<EnrollResult['results'][number]['reason']>;

export const TEMPLATE_KINDS: { value: TemplateKind; label: string }[] = [
  { value: 'email', label: 'Email' },
  { value: 'sms', label: 'SMS' },
  { value: 'call_task', label: 'Call task' },
  { value: 'linkedin_task', label: 'LinkedIn task' },
];
export const templateKindLabel = (k: string) => TEMPLATE_KINDS.find((x) => x.value === k)?.label ?? k;

export const STEP_KINDS: { value: StepKind; label: string; template: TemplateKind }[] = [
  { value: 'email', label: 'Email', template: 'email' },
  { value: 'reply_email', label: 'Reply in thread', template: 'email' },
  { value: 'sms', label: 'SMS', template: 'sms' },
  { value: 'phone_task', label: 'Phone call task', template: 'call_task' },
  { value: 'linkedin_task', label: 'LinkedIn task', template: 'linkedin_task' },
];
export const stepKindLabel = (k: string) => STEP_KINDS.find((x) => x.value === k)?.label ?? k;
export const templateKindOfStep = (k: StepKind): TemplateKind =>
  STEP_KINDS.find((x) => x.value === k)?.template ?? 'email';

export const WEEKDAYS = [
  { value: 1, short: 'Mon', label: 'Monday' },
  { value: 2, short: 'Tue', label: 'Tuesday' },
  { value: 3, short: 'Wed', label: 'Wednesday' },
  { value: 4, short: 'Thu', label: 'Thursday' },
  { value: 5, short: 'Fri', label: 'Friday' },
  { value: 6, short: 'Sat', label: 'Saturday' },
  { value: 7, short: 'Sun', label: 'Sunday' },
];

export const SEQUENCE_STATUS_LABELS: Record<Sequence['status'], string> = {
  draft: 'Draft',
  active: 'Active',
  archived: 'Archived',
};

export const ENROLLMENT_STATUS_LABELS: Record<EnrollmentStatus, string> = {
  active: 'Active',
  paused: 'Paused',
  stopped: 'Stopped',
  completed: 'Completed',
};

export const STEP_STATUS_LABELS: Record<StepStatus, string> = {
  planned: 'Planned',
  scheduled: 'Scheduled',
  sent: 'Sent',
  done: 'Done',
  skipped: 'Skipped',
  blocked: 'Blocked',
  cancelled: 'Cancelled',
};

export const SKIP_REASONS: Record<SkipReason, string> = {
  not_found: 'Not found',
  archived: 'Archived',
  already_enrolled: 'Already enrolled',
  do_not_contact: 'Do not contact',
  no_address: 'No address for this channel',
  no_consent: 'No consent',
  stopping_status: 'Status stops this sequence',
};

/** Badge class for a status word: good, waiting or ended. */
export function statusTone(status: string): string {
  if (['active', 'sent', 'done', 'completed', 'enrolled', 'eligible'].includes(status))
    return 'badge badge-ok';
  if (['paused', 'blocked', 'skipped', 'draft'].includes(status)) return 'badge badge-warn';
  if (['planned', 'scheduled'].includes(status)) return 'badge badge-accent';
  return 'badge';
}

export const templatesQuery = (includeArchived = false) =>
  queryOptions({
    queryKey: ['outreach-templates', { includeArchived }] as const,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/outreach/templates', {
          params: { query: includeArchived ? { includeArchived: 'true' } : {} },
        }),
      ),
  });

export const templateQuery = (id: string) =>
  queryOptions({
    queryKey: ['outreach-template', id] as const,
    queryFn: () => unwrap(api.GET('/api/v1/outreach/templates/{id}', { params: { path: { id } } })),
  });

export const sequencesQuery = queryOptions({
  queryKey: ['outreach-sequences'] as const,
  queryFn: () => unwrap(api.GET('/api/v1/outreach/sequences')),
});

export const sequenceQuery = (id: string) =>
  queryOptions({
    queryKey: ['outreach-sequence', id] as const,
    queryFn: () => unwrap(api.GET('/api/v1/outreach/sequences/{id}', { params: { path: { id } } })),
  });

export const enrollmentQuery = (id: string) =>
  queryOptions({
    queryKey: ['enrollment', id] as const,
    queryFn: () => unwrap(api.GET('/api/v1/enrollments/{id}', { params: { path: { id } } })),
  });

export const senderProfileQuery = queryOptions({
  queryKey: ['outreach-sender-me'] as const,
  queryFn: () => unwrap(api.GET('/api/v1/outreach/senders/me')),
});

export const holidaysQuery = queryOptions({
  queryKey: ['outreach-holidays'] as const,
  queryFn: () => unwrap(api.GET('/api/v1/outreach/holidays')),
});

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(undefined, {
        timeZone,
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
      });
    } catch {
      f = formatterFor('UTC');
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** An instant as the wall clock in a zone shows it, with the zone's abbreviation. */
export function formatInZone(iso: string | null | undefined, timeZone: string): string {
  return iso ? formatterFor(timeZone).format(new Date(iso)) : '—';
}

/** The offset part of an ISO 8601 local time ("-04:00"), to show next to a planned local time. */
export function offsetOf(local: string | null | undefined): string {
  const m = local?.match(/([+-]\d\d:\d\d|Z)$/);
  return m ? `UTC${m[1] === 'Z' ? '' : m[1]}` : '';
}

/** "3 hours", "2 business days", "right away". */
export function delayText(d: { amount: number; unit: DelayUnit }, first: boolean): string {
  if (d.amount === 0) return first ? 'right away' : 'right after the previous step';
  const unit = d.unit === 'hours' ? 'hour' : 'business day';
  return `${d.amount} ${unit}${d.amount === 1 ? '' : 's'} ${first ? 'after enrollment' : 'later'}`;
}

type EnrollCriteria = Extract<EnrollSelection, { criteria: unknown }>['criteria'];
const LIST_KEYS = ['skills', 'country', 'status', 'source', 'owner', 'tags', 'cf'] as const;

/** A candidate search's criteria (lists may be one string) as an enrollment selection. */
export function criteriaSelection(criteria: Record<string, unknown>): EnrollSelection {
  const out: Record<string, unknown> = { ...criteria };
  for (const k of LIST_KEYS) {
    const v = out[k];
    if (typeof v === 'string') out[k] = [v];
  }
  return { criteria: out as EnrollCriteria };
}
