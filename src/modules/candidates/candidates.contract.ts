import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/http/pagination.ts';
import { STATUS_CODES } from './statuses.ts';

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (JSON Resume's partial ISO 8601 dates). */
const PartialDate = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD');
const IsoDate = z.iso.date('must be a date YYYY-MM-DD');
const Text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const OptionalText = (max: number) => Text(max).nullable().optional();
export const StatusCode = z.enum(STATUS_CODES);

export const EmailInput = z.object({
  address: z.string().max(400, 'must be at most 400 characters'),
  primary: z.boolean().optional(),
});
export const PhoneInput = z.object({
  number: z.string().max(100, 'must be at most 100 characters'),
  primary: z.boolean().optional(),
});
export const LinkInput = z.object({ url: z.string().max(2048, 'must be at most 2048 characters') });
export const WorkInput = z.object({
  title: Text(200).min(1, 'is required'),
  company: Text(200).min(1, 'is required'),
  startDate: PartialDate.nullable().optional(),
  endDate: PartialDate.nullable().optional(),
  current: z.boolean().optional(),
  summary: OptionalText(5000),
});
export const EducationInput = z.object({
  institution: Text(200).min(1, 'is required'),
  area: OptionalText(200),
  studyType: OptionalText(100),
  startDate: PartialDate.nullable().optional(),
  endDate: PartialDate.nullable().optional(),
});
export const LocationInput = z.object({
  city: OptionalText(100),
  region: OptionalText(100),
  country: OptionalText(100).describe('ISO 3166-1 code or English name'),
});
export const EmployeeInput = z.object({
  isEmployee: z.boolean(),
  since: IsoDate.nullable().optional(),
  performanceRating: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be 1 to 5')
    .max(5, 'must be 1 to 5')
    .nullable()
    .optional(),
});
export const CompensationInput = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
  current: z.number().nonnegative('must not be negative').nullable().optional(),
  expected: z.number().nonnegative('must not be negative').nullable().optional(),
  period: z.enum(['year', 'month', 'hour']).default('year'),
});
export const DiversityInput = z.object({
  gender: OptionalText(100),
  ethnicity: OptionalText(100),
  veteran: z.boolean().nullable().optional(),
  disability: z.boolean().nullable().optional(),
});
const CustomValue = z.union([
  z.string().max(10_000),
  z.number(),
  z.boolean(),
  z.array(z.string().max(200)).max(100),
  z.null(),
]);

const candidateFields = {
  firstName: Text(100).min(1, 'is required'),
  lastName: Text(100).default(''),
  headline: OptionalText(300),
  summary: OptionalText(10_000),
  emails: z.array(EmailInput).max(20).optional(),
  phones: z.array(PhoneInput).max(20).optional(),
  links: z.array(LinkInput).max(20).optional(),
  location: LocationInput.optional(),
  timeZone: z.string().max(64).nullable().optional().describe('IANA time zone; inferred when left out'),
  work: z.array(WorkInput).max(50).optional(),
  education: z.array(EducationInput).max(20).optional(),
  skills: z.array(z.string().max(100, 'must be at most 100 characters')).max(200).optional(),
  tags: z.array(Text(60).min(1, 'must not be empty')).max(100).optional(),
  ownerId: z.uuid('must be a user id').nullable().optional(),
  status: StatusCode.optional(),
  source: Text(100).nullable().optional(),
  employee: EmployeeInput.optional(),
  compensation: CompensationInput.nullable().optional(),
  diversity: DiversityInput.nullable().optional(),
  customFields: z.record(z.string().max(40), CustomValue).optional(),
};

export const CreateCandidate = z.object(candidateFields).strict().meta({ id: 'CreateCandidate' });
export type CreateCandidate = z.infer<typeof CreateCandidate>;

export const UpdateCandidate = z
  .object({
    ...candidateFields,
    firstName: candidateFields.firstName.optional(),
    lastName: Text(100).optional(),
    version: z
      .number()
      .int()
      .optional()
      .describe('The version you read; a newer one on the server gives 409'),
  })
  .strict()
  .meta({ id: 'UpdateCandidate' });
export type UpdateCandidate = z.infer<typeof UpdateCandidate>;

export const Candidate = z
  .object({
    id: z.uuid(),
    firstName: z.string(),
    lastName: z.string(),
    name: z.string(),
    headline: z.string().nullable(),
    summary: z.string().nullable(),
    emails: z.array(z.object({ address: z.string(), primary: z.boolean() })).optional(),
    phones: z
      .array(
        z.object({
          number: z.string().describe('E.164'),
          country: z.string().nullable(),
          type: z.string().nullable(),
          extension: z.string().nullable(),
          primary: z.boolean(),
        }),
      )
      .optional(),
    links: z.array(z.object({ url: z.string(), kind: z.string(), handle: z.string().nullable() })),
    location: z.object({
      city: z.string().nullable(),
      region: z.string().nullable(),
      country: z.string().nullable(),
    }),
    timeZone: z.string().nullable(),
    timeZoneSource: z
      .enum(['explicit', 'region', 'country', 'phone'])
      .nullable()
      .describe('How the time zone was found'),
    work: z.array(
      z.object({
        title: z.string(),
        company: z.string(),
        startDate: z.string().nullable(),
        endDate: z.string().nullable(),
        current: z.boolean(),
        summary: z.string().nullable(),
      }),
    ),
    education: z.array(
      z.object({
        institution: z.string(),
        area: z.string().nullable(),
        studyType: z.string().nullable(),
        startDate: z.string().nullable(),
        endDate: z.string().nullable(),
      }),
    ),
    skills: z.array(z.object({ key: z.string(), name: z.string() })),
    tags: z.array(z.string()),
    ownerId: z.uuid().nullable(),
    status: StatusCode,
    source: z.string().nullable(),
    employee: z.object({
      isEmployee: z.boolean(),
      since: z.string().nullable(),
      performanceRating: z.number().int().nullable().optional(),
    }),
    compensation: z
      .object({
        currency: z.string(),
        current: z.number().nullable(),
        expected: z.number().nullable(),
        period: z.enum(['year', 'month', 'hour']),
      })
      .nullable()
      .optional(),
    diversity: z
      .object({
        gender: z.string().nullable(),
        ethnicity: z.string().nullable(),
        veteran: z.boolean().nullable(),
        disability: z.boolean().nullable(),
      })
      .nullable()
      .optional(),
    customFields: z.record(z.string(), z.unknown()),
    yearsExperience: z.number().nullable(),
    currentTitle: z.string().nullable(),
    currentCompany: z.string().nullable(),
    lastActivityAt: z.iso.datetime(),
    archivedAt: z.iso.datetime().nullable(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    redactedFields: z
      .array(z.string())
      .optional()
      .describe('Fields present on the record that you may not read (e.g. emails, customFields.salary_band)'),
  })
  .meta({ id: 'Candidate' });
export type Candidate = z.infer<typeof Candidate>;

export const Activity = z
  .object({
    id: z.uuid(),
    candidateId: z.uuid(),
    occurredAt: z.iso.datetime(),
    actor: z.object({ id: z.uuid().nullable(), name: z.string().nullable() }),
    kind: z.string(),
    channel: z.string().nullable(),
    source: z.string().nullable(),
    summary: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Activity' });
export type Activity = z.infer<typeof Activity>;
export const ActivityPage = pageOf(Activity).meta({ id: 'ActivityPage' });
export const ActivityQuery = PageQuery.extend({
  kind: z.string().max(60).optional().describe('Only activities of this kind, e.g. candidate.updated'),
});
export type ActivityQuery = z.infer<typeof ActivityQuery>;

export const AddNote = z
  .object({ body: Text(10_000).min(1, 'is required') })
  .strict()
  .meta({ id: 'AddNote' });

export const IdParam = z.object({ id: z.uuid('must be a UUID') });
