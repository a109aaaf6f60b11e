import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/http/pagination.ts';

export const SOURCE_KINDS = [
  'job_board',
  'sourcing_tool',
  'referral',
  'career_site',
  'agency',
  'event',
  'internal_mobility',
  'other',
] as const;
export const CHANNELS = ['paid', 'organic', 'referral', 'owned', 'partner'] as const;
export const IMPORT_FORMATS = ['csv', 'tsv', 'json-resume', 'linkedin', 'gem', 'greenhouse'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const RUN_STATUSES = [
  'uploading',
  'awaiting_mapping',
  'queued',
  'running',
  'completed',
  'failed',
  'cancelled',
] as const;

const Code = z
  .string()
  .regex(
    /^[a-z][a-z0-9_-]{1,39}$/,
    'must be 2-40 lower-case letters, digits, - or _, starting with a letter',
  );
const Money = z.number().nonnegative('must not be negative').max(1e9).nullable().optional();
const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')
  .nullable()
  .optional();
const Day = z.iso.date('must be a date YYYY-MM-DD');

export const IdParam = z.object({ id: z.uuid('must be an id') });

export const Source = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    kind: z.enum(SOURCE_KINDS),
    vendorId: z.uuid().nullable(),
    channel: z.enum(CHANNELS),
    costPerMonth: z.number().nullable(),
    costPerHire: z.number().nullable(),
    currency: z.string().nullable(),
    archived: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ImportSource' });
export type Source = z.infer<typeof Source>;
export const SourceList = z.object({ items: z.array(Source) });

export const CreateSource = z
  .object({
    code: Code,
    name: z.string().trim().min(1, 'is required').max(100),
    kind: z.enum(SOURCE_KINDS),
    vendorId: z.uuid('must be a vendor id').nullable().optional(),
    channel: z.enum(CHANNELS).default('organic'),
    costPerMonth: Money,
    costPerHire: Money,
    currency: Currency,
  })
  .strict();
export type CreateSource = z.infer<typeof CreateSource>;
export const UpdateSource = CreateSource.omit({ code: true })
  .partial()
  .extend({ archived: z.boolean().optional() })
  .strict();
export type UpdateSource = z.infer<typeof UpdateSource>;

export const DPA_STATUSES = ['none', 'pending', 'signed', 'terminated'] as const;
const Region = z
  .string()
  .regex(/^(\*|EU|EEA|[A-Z]{2})$/, 'must be an ISO country code (DE), a group (EU, EEA) or * for everywhere');

export const Vendor = z
  .object({
    id: z.uuid(),
    name: z.string(),
    dpaStatus: z.enum(DPA_STATUSES),
    dpaSignedAt: z.string().nullable(),
    dpaExpiresAt: z.string().nullable(),
    regions: z.array(z.string()),
    notes: z.string(),
    dpaInForce: z.boolean().describe('Signed, signed on or before today, not expired'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ImportVendor' });
export type Vendor = z.infer<typeof Vendor>;
export const VendorList = z.object({ items: z.array(Vendor) });
export const CreateVendor = z
  .object({
    name: z.string().trim().min(1, 'is required').max(100),
    dpaStatus: z.enum(DPA_STATUSES).default('none'),
    dpaSignedAt: Day.nullable().optional(),
    dpaExpiresAt: Day.nullable().optional(),
    regions: z.array(Region).max(300).default([]),
    notes: z.string().max(2000).default(''),
  })
  .strict();
export type CreateVendor = z.infer<typeof CreateVendor>;
export const UpdateVendor = z
  .object({
    name: z.string().trim().min(1, 'is required').max(100).optional(),
    dpaStatus: z.enum(DPA_STATUSES).optional(),
    dpaSignedAt: Day.nullable().optional(),
    dpaExpiresAt: Day.nullable().optional(),
    regions: z.array(Region).max(300).optional(),
    notes: z.string().max(2000).optional(),
  })
  .strict();
export type UpdateVendor = z.infer<typeof UpdateVendor>;

const Columns = z
  .record(z.string().max(200), z.string().max(80))
  .refine((o) => Object.keys(o).length <= 500, 'must have at most 500 columns')
  .describe('Column header -> target (firstName, email, customFields.<key>, ignore...)');
export const Mapping = z
  .object({
    id: z.uuid(),
    name: z.string(),
    format: z.string(),
    columns: z.record(z.string(), z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ImportMapping' });
export type Mapping = z.infer<typeof Mapping>;
export const MappingList = z.object({ items: z.array(Mapping), targets: z.array(z.string()) });
export const CreateMapping = z
  .object({
    name: z.string().trim().min(1, 'is required').max(100),
    format: z.enum(['csv', 'tsv', 'linkedin', 'gem']),
    columns: Columns,
  })
  .strict();
export type CreateMapping = z.infer<typeof CreateMapping>;

export const CreateImportQuery = z
  .object({
    format: z.enum(IMPORT_FORMATS),
    source: Code.describe('Source code from the catalogue'),
    mappingId: z.uuid('must be a mapping id').optional(),
    campaign: z.string().max(200).optional(),
    sourcer: z.string().max(200).optional(),
    fileName: z.string().max(255).optional(),
    start: z
      .enum(['true', 'false'])
      .default('true')
      .describe('false: upload only, then POST /imports/{id}/start with a mapping after the preview'),
  })
  .strict();
export type CreateImportQuery = z.infer<typeof CreateImportQuery>;

export const StartImport = z
  .object({
    mappingId: z.uuid('must be a mapping id').optional(),
    columns: Columns.optional(),
    saveMappingAs: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export type StartImport = z.infer<typeof StartImport>;

const Counts = z.object({
  rowsRead: z.number().int(),
  created: z.number().int(),
  merged: z.number().int(),
  heldForReview: z.number().int(),
  heldForDpa: z.number().int(),
  rejected: z.number().int(),
  unchanged: z.number().int(),
});
export const ImportRun = z
  .object({
    id: z.uuid(),
    format: z.string(),
    source: z.object({ id: z.uuid(), code: z.string() }),
    mappingId: z.uuid().nullable(),
    mapping: z.record(z.string(), z.string()).nullable(),
    status: z.enum(RUN_STATUSES),
    fileName: z.string().nullable(),
    fileBytes: z.number().int(),
    campaign: z.string().nullable(),
    sourcer: z.string().nullable(),
    counts: Counts,
    progress: z.object({
      bytesDone: z.number().int(),
      fileBytes: z.number().int(),
      percent: z.number().describe('0-100, by bytes committed'),
    }),
    headers: z.array(z.string()).nullable(),
    error: z.string().nullable(),
    createdBy: z
      .uuid()
      .nullable()
      .describe('Who uploaded the file (null: the system, e.g. the CLI without --as)'),
    createdByName: z
      .string()
      .nullable()
      .describe("The uploader's name (null: the system, or a deleted user)"),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'ImportRun' });
export type ImportRun = z.infer<typeof ImportRun>;
export const ImportRunPage = pageOf(ImportRun);
export const RunListQuery = PageQuery;

export const ImportPreview = z.object({
  headers: z.array(z.string()),
  rows: z.array(z.record(z.string(), z.string())),
  redactedColumns: z
    .array(z.string())
    .describe('Columns whose values are left out of rows: they map to fields you may not read'),
  suggestedMapping: z.record(z.string(), z.string()),
  targets: z.array(z.string()),
});

export const HeldRow = z
  .object({
    id: z.uuid(),
    runId: z.uuid().nullable(),
    rowNo: z.number().int().nullable(),
    sourceId: z.uuid(),
    vendorId: z.uuid().nullable(),
    reason: z.string(),
    reasonText: z.string(),
    country: z.string().nullable(),
    name: z.string().nullable(),
    status: z.enum(['held', 'released', 'discarded']),
    candidateId: z.uuid().nullable(),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .meta({ id: 'ImportHeldRow' });
export type HeldRow = z.infer<typeof HeldRow>;
export const HeldQuery = PageQuery.extend({
  status: z.enum(['held', 'released', 'discarded']).default('held'),
  runId: z.uuid('must be an import run id').optional().describe("Only this run's records"),
});
export const HeldPage = pageOf(HeldRow);

export const OUTCOMES = [
  'created',
  'merged',
  'unchanged',
  'held_for_review',
  'held_for_dpa',
  'rejected',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const Capture = z
  .object({
    source: Code,
    profileUrl: z.string().max(2048).optional(),
    externalId: z.string().max(200).optional(),
    campaign: z.string().max(200).optional(),
    sourcer: z.string().max(200).optional(),
    candidate: z.record(z.string(), z.unknown()).describe('Fields as in POST /api/v1/candidates'),
  })
  .strict();
export type Capture = z.infer<typeof Capture>;
export const CaptureResult = z.object({
  outcome: z.enum(OUTCOMES),
  candidateId: z.uuid().nullable(),
  heldRowId: z.uuid().nullable(),
});

export const ProvenanceList = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      field: z.string(),
      value: z.unknown().describe('null when hidden'),
      hidden: z.boolean().describe('the value belongs to a sensitive field group you may not read'),
      source: z.string(),
      sourceId: z.uuid().nullable(),
      importRunId: z.uuid().nullable(),
      externalId: z.string().nullable(),
      recordedAt: z.string(),
    }),
  ),
});
