import { z } from 'zod';
import { CUSTOM_FIELD_TYPES } from './custom-fields.rules.ts';
import { STATUS_CODES } from './statuses.ts';

const Code = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be 1-40 lower-case letters, digits or _ starting with a letter');
const Label = z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters');

export const CustomFieldOption = z
  .object({
    code: z.string(),
    label: z.string(),
    position: z.number().int(),
    retired: z.boolean(),
    labelHistory: z.array(z.object({ label: z.string(), until: z.iso.datetime() })),
  })
  .meta({ id: 'CustomFieldOption' });

export const CustomField = z
  .object({
    id: z.uuid(),
    key: z.string(),
    label: z.string(),
    type: z.enum(CUSTOM_FIELD_TYPES),
    required: z.boolean(),
    helpText: z.string(),
    fieldGroup: z
      .string()
      .nullable()
      .describe('Sensitive field group whose read permission guards the values'),
    position: z.number().int(),
    retired: z.boolean(),
    options: z.array(CustomFieldOption),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'CustomField' });
export type CustomField = z.infer<typeof CustomField>;
export const CustomFieldList = z
  .object({
    items: z.array(CustomField),
    fieldGroups: z
      .array(z.object({ key: z.string(), label: z.string(), readPermission: z.string() }))
      .describe('The sensitive field groups a custom field may be placed in'),
  })
  .meta({ id: 'CustomFieldList' });

export const CreateCustomField = z
  .object({
    key: Code.describe('Stable key used in the API, search (`key:value`) and imports'),
    label: Label,
    type: z.enum(CUSTOM_FIELD_TYPES),
    required: z.boolean().default(false),
    helpText: z.string().trim().max(500).default(''),
    fieldGroup: z.string().max(40).nullable().default(null),
    options: z
      .array(z.object({ code: Code, label: Label }))
      .max(500)
      .default([])
      .describe('For single_select and multi_select'),
  })
  .strict()
  .meta({ id: 'CreateCustomField' });
export type CreateCustomField = z.infer<typeof CreateCustomField>;

export const UpdateCustomField = z
  .object({
    label: Label.optional(),
    required: z.boolean().optional(),
    helpText: z.string().trim().max(500).optional(),
    fieldGroup: z.string().max(40).nullable().optional(),
    position: z.number().int().min(0).max(10_000).optional(),
    retired: z.boolean().optional().describe('A retired field keeps its values but can no longer be set'),
    options: z
      .array(
        z.object({
          code: Code,
          label: Label,
          retired: z.boolean().default(false),
        }),
      )
      .max(500)
      .optional()
      .describe(
        'The full option list in display order: new codes are added, changed labels are kept in history, codes left out are retired',
      ),
  })
  .strict()
  .meta({ id: 'UpdateCustomField' });
export type UpdateCustomField = z.infer<typeof UpdateCustomField>;

export const StatusTerm = z
  .object({
    code: z.enum(STATUS_CODES),
    defaultLabel: z.string(),
    contactable: z.boolean(),
    labels: z.array(z.object({ team: z.string(), locale: z.string(), label: z.string() })),
    aliases: z.array(z.string()),
  })
  .meta({ id: 'StatusTerm' });
export const StatusTerminology = z.object({ items: z.array(StatusTerm) }).meta({ id: 'StatusTerminology' });
export const UpdateStatusTerminology = z
  .object({
    labels: z
      .array(
        z.object({
          status: z.enum(STATUS_CODES),
          team: z.string().trim().max(60).default('').describe("Team key; '' means everyone"),
          locale: z
            .string()
            .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a locale such as en or de-AT')
            .default('en'),
          label: Label,
        }),
      )
      .max(2000),
    aliases: z
      .array(
        z.object({ alias: z.string().trim().min(1, 'is required').max(100), status: z.enum(STATUS_CODES) }),
      )
      .max(2000),
  })
  .strict()
  .meta({ id: 'UpdateStatusTerminology' });
export type UpdateStatusTerminology = z.infer<typeof UpdateStatusTerminology>;

export const CandidateSettings = z
  .object({
    defaultPhoneRegion: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as US'),
    defaultTimeZone: z.string().min(1).max(64),
    contactPolicy: z
      .enum(['allow', 'require_basis'])
      .describe(
        'allow: contact unless withdrawn or do-not-contact; require_basis: a lawful basis must be on record',
      ),
    basisRequiredIn: z
      .array(z.enum(['gdpr', 'ccpa', 'other']))
      .max(3)
      .describe('Jurisdictions where a lawful basis is required whatever the policy'),
  })
  .meta({ id: 'CandidateSettings' });
export type CandidateSettings = z.infer<typeof CandidateSettings>;
export const UpdateCandidateSettings = CandidateSettings.partial()
  .strict()
  .meta({ id: 'UpdateCandidateSettings' });
export type UpdateCandidateSettings = z.infer<typeof UpdateCandidateSettings>;
