import { z } from 'zod';

export const PURPOSES = ['contact', 'storage', 'marketing'] as const;
export const CHANNELS = ['email', 'sms', 'phone'] as const;
export const LAWFUL_BASES = [
  'consent',
  'legitimate_interest',
  'contract',
  'legal_obligation',
  'none',
] as const;
export const JURISDICTIONS = ['gdpr', 'ccpa', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];
export type Purpose = (typeof PURPOSES)[number];

export const Consent = z
  .object({
    id: z.uuid(),
    candidateId: z.uuid(),
    purpose: z.enum(PURPOSES),
    channel: z.enum([...CHANNELS, 'any']),
    lawfulBasis: z.enum(LAWFUL_BASES),
    jurisdiction: z.enum(JURISDICTIONS),
    evidence: z.string(),
    givenAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().nullable(),
    withdrawnAt: z.iso.datetime().nullable(),
    withdrawalReason: z.string().nullable(),
    recordedBy: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Consent' });
export type Consent = z.infer<typeof Consent>;

export const ContactDecision = z
  .object({
    channel: z.enum(CHANNELS),
    allowed: z.boolean(),
    reason: z.enum([
      'consent_on_record',
      'policy_allows',
      'do_not_contact',
      'withdrawn',
      'expired',
      'no_lawful_basis',
      'no_address',
    ]),
    message: z.string().describe('Why, in words a recruiter understands'),
    jurisdiction: z.enum(JURISDICTIONS),
    consentId: z.uuid().nullable().describe('The ledger entry the answer rests on, if any'),
  })
  .meta({ id: 'ContactDecision' });
export type ContactDecision = z.infer<typeof ContactDecision>;

export const ConsentLedger = z
  .object({ items: z.array(Consent), decisions: z.array(ContactDecision) })
  .meta({ id: 'ConsentLedger' });

export const RecordConsent = z
  .object({
    purpose: z.enum(PURPOSES),
    channel: z.enum([...CHANNELS, 'any']),
    lawfulBasis: z.enum(LAWFUL_BASES).exclude(['none']),
    jurisdiction: z
      .enum(JURISDICTIONS)
      .optional()
      .describe("Inferred from the candidate's country when left out"),
    evidence: z.string().trim().min(1, 'say where and how it was given').max(2000),
    givenAt: z.iso.datetime({ offset: true }).optional(),
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict()
  .meta({ id: 'RecordConsent' });
export type RecordConsent = z.infer<typeof RecordConsent>;

export const WithdrawConsent = z
  .object({
    purpose: z.enum(PURPOSES),
    channel: z.enum([...CHANNELS, 'any']),
    reason: z.string().trim().min(1, 'is required').max(2000),
  })
  .strict()
  .meta({ id: 'WithdrawConsent' });
export type WithdrawConsent = z.infer<typeof WithdrawConsent>;

export const ContactabilityQuery = z.object({ channel: z.enum(CHANNELS) });
