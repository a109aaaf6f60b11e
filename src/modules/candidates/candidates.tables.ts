import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
/** A tsvector built in TypeScript by the search module (never by PostgreSQL's parser). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** JSON Resume-shaped parts of a candidate, stored as JSON. */
export interface EmailEntry {
  address: string;
  primary: boolean;
}
export interface PhoneEntry {
  number: string;
  country: string | null;
  type: string | null;
  extension: string | null;
  primary: boolean;
}
export interface LinkEntry {
  url: string;
  kind: string;
  handle: string | null;
}
export interface WorkEntry {
  title: string;
  company: string;
  startDate: string | null;
  endDate: string | null;
  current: boolean;
  summary: string | null;
}
export interface EducationEntry {
  institution: string;
  area: string | null;
  studyType: string | null;
  startDate: string | null;
  endDate: string | null;
}
export interface SkillEntry {
  key: string;
  name: string;
}
export interface Compensation {
  currency: string;
  current: number | null;
  expected: number | null;
  period: 'year' | 'month' | 'hour';
}
export interface Diversity {
  gender: string | null;
  ethnicity: string | null;
  veteran: boolean | null;
  disability: boolean | null;
}

/**
 * One person. Contact details, work history and skills are JSON (read and written whole); what search and
 * filters need is kept in plain columns and in `search_doc` (one tsvector, built by the search module, one GIN
 * index), all in the same transaction as the change.
 */
export const candidates = pgTable(
  'candidates',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    headline: text('headline'),
    summary: text('summary'),
    emails: jsonb('emails').$type<EmailEntry[]>().notNull(),
    phones: jsonb('phones').$type<PhoneEntry[]>().notNull(),
    links: jsonb('links').$type<LinkEntry[]>().notNull(),
    city: text('city'),
    region: text('region'),
    country: text('country'),
    timeZone: text('time_zone'),
    /** How the time zone was found: explicit, region, country, phone (or null when unknown). */
    timeZoneSource: text('time_zone_source'),
    work: jsonb('work').$type<WorkEntry[]>().notNull(),
    education: jsonb('education').$type<EducationEntry[]>().notNull(),
    skills: jsonb('skills').$type<SkillEntry[]>().notNull(),
    tags: text('tags').array().notNull(),
    ownerId: uuid('owner_id'),
    status: text('status').notNull(),
    source: text('source'),
    isEmployee: boolean('is_employee').notNull(),
    employeeSince: date('employee_since', { mode: 'string' }),
    performanceRating: smallint('performance_rating'),
    compensation: jsonb('compensation').$type<Compensation | null>(),
    diversity: jsonb('diversity').$type<Diversity | null>(),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull(),
    /** Derived at write time from `work`, for filters. */
    yearsExperience: numeric('years_experience', { precision: 4, scale: 1, mode: 'number' }),
    currentTitle: text('current_title'),
    currentCompany: text('current_company'),
    currentRoleSince: date('current_role_since', { mode: 'string' }),
    searchDoc: tsvector('search_doc').notNull(),
    lastActivityAt: ts('last_activity_at').notNull(),
    archivedAt: ts('archived_at'),
    version: integer('version').notNull(),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('candidates_search').using('gin', t.searchDoc),
    index('candidates_recent').on(t.workspaceId, t.updatedAt, t.id),
    index('candidates_activity').on(t.workspaceId, t.lastActivityAt),
    index('candidates_owner').on(t.workspaceId, t.ownerId),
    index('candidates_custom').using('gin', sql`${t.customFields} jsonb_path_ops`),
    // Structured filters on a million candidates: each one narrows by an index, not a scan.
    index('candidates_company_trgm').using('gin', sql`${t.currentCompany} gin_trgm_ops`),
    index('candidates_years').on(t.workspaceId, t.yearsExperience),
    index('candidates_role_since').on(t.workspaceId, t.currentRoleSince),
    index('candidates_country').on(t.workspaceId, t.country),
    index('candidates_status').on(t.workspaceId, t.status),
  ],
);

/**
 * Exact identities of a candidate (email, phone, LinkedIn/GitHub handle, external ids), kept in step with the
 * record; looked up by duplicate control and by inbound mail.
 */
export const candidateIdentities = pgTable(
  'candidate_identities',
  {
    workspaceId: uuid('workspace_id').notNull(),
    candidateId: uuid('candidate_id')
      .notNull()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    value: text('value').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.candidateId, t.kind, t.value] }),
    index('candidate_identities_lookup').on(t.workspaceId, t.kind, t.value),
  ],
);

/** The timeline: immutable rows, one per change or interaction. Later modules append to it. */
export const activities = pgTable(
  'candidate_activities',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    candidateId: uuid('candidate_id')
      .notNull()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    occurredAt: ts('occurred_at').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    /** What happened, e.g. candidate.created, candidate.updated, consent.given, note.added. */
    kind: text('kind').notNull(),
    channel: text('channel'),
    source: text('source'),
    summary: text('summary').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('candidate_activities_timeline').on(t.candidateId, t.occurredAt, t.id)],
);

/** Admin-defined typed fields on candidates. Retired fields keep their values (hidden from forms). */
export const customFields = pgTable(
  'custom_fields',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type').notNull(),
    required: boolean('required').notNull(),
    helpText: text('help_text').notNull(),
    /** A sensitive field group (contact, diversity, compensation, strategy) or null. */
    fieldGroup: text('field_group'),
    position: integer('position').notNull(),
    retiredAt: ts('retired_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('custom_fields_key').on(t.workspaceId, t.key)],
);

/** Options of a picklist: values are stored as the stable `code`; labels may change (history kept). */
export const customFieldOptions = pgTable(
  'custom_field_options',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    fieldId: uuid('field_id')
      .notNull()
      .references(() => customFields.id),
    code: text('code').notNull(),
    label: text('label').notNull(),
    position: integer('position').notNull(),
    /** Earlier labels, oldest first, with the instant each stopped being used. */
    labelHistory: jsonb('label_history').$type<{ label: string; until: string }[]>().notNull(),
    retiredAt: ts('retired_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('custom_field_options_code').on(t.fieldId, t.code)],
);

/** Status terminology: a label per canonical status code, per team ('' = everyone) and locale. */
export const statusLabels = pgTable(
  'status_labels',
  {
    workspaceId: uuid('workspace_id').notNull(),
    status: text('status').notNull(),
    team: text('team').notNull(),
    locale: text('locale').notNull(),
    label: text('label').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.status, t.team, t.locale] })],
);

/** Legacy labels (from an old ATS or an import) and the canonical status each one means. */
export const statusAliases = pgTable(
  'status_aliases',
  {
    workspaceId: uuid('workspace_id').notNull(),
    /** Lower-cased, trimmed. */
    alias: text('alias').notNull(),
    status: text('status').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.alias] })],
);

/** The consent ledger: one row per grant; withdrawal stamps the row; nothing is deleted. */
export const consents = pgTable(
  'consents',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    candidateId: uuid('candidate_id')
      .notNull()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    purpose: text('purpose').notNull(),
    /** email, sms, phone, or `any` for every channel. */
    channel: text('channel').notNull(),
    lawfulBasis: text('lawful_basis').notNull(),
    jurisdiction: text('jurisdiction').notNull(),
    evidence: text('evidence').notNull(),
    givenAt: ts('given_at').notNull(),
    expiresAt: ts('expires_at'),
    withdrawnAt: ts('withdrawn_at'),
    withdrawalReason: text('withdrawal_reason'),
    recordedBy: uuid('recorded_by'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('consents_candidate').on(t.candidateId, t.purpose, t.channel)],
);

/** Per-workspace settings of this module. */
export const candidateSettings = pgTable('candidate_settings', {
  workspaceId: uuid('workspace_id').primaryKey(),
  /** ISO 3166-1 alpha-2 region for phone numbers written without a country code. */
  defaultPhoneRegion: text('default_phone_region').notNull(),
  defaultTimeZone: text('default_time_zone').notNull(),
  /** `allow`: contact unless withdrawn or do-not-contact; `require_basis`: a lawful basis must be on record. */
  contactPolicy: text('contact_policy').notNull(),
  /** Jurisdictions where a lawful basis is always required, whatever the policy (e.g. gdpr). */
  basisRequiredIn: text('basis_required_in').array().notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const savedSearches = pgTable(
  'saved_searches',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    ownerId: uuid('owner_id').notNull(),
    name: text('name').notNull(),
    /** `private` (the owner only) or `team` (everyone in the workspace who may search). */
    visibility: text('visibility').notNull(),
    /** A segment is a saved search shown as a dynamic group (membership computed on read). */
    isSegment: boolean('is_segment').notNull(),
    description: text('description').notNull(),
    query: jsonb('query').$type<Record<string, unknown>>().notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('saved_searches_workspace').on(t.workspaceId, t.isSegment, t.name)],
);

export const pools = pgTable(
  'pools',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    ownerId: uuid('owner_id'),
    archivedAt: ts('archived_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('pools_workspace').on(t.workspaceId, t.name)],
);

/** Membership history: a row per stay in the pool; removal stamps it, a re-add opens a new row. */
export const poolMembers = pgTable(
  'pool_members',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id').notNull(),
    poolId: uuid('pool_id')
      .notNull()
      .references(() => pools.id),
    candidateId: uuid('candidate_id')
      .notNull()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    addedAt: ts('added_at').notNull(),
    addedBy: uuid('added_by'),
    removedAt: ts('removed_at'),
    removedBy: uuid('removed_by'),
  },
  (t) => [
    uniqueIndex('pool_members_current').on(t.poolId, t.candidateId).where(sql`removed_at is null`),
    index('pool_members_candidate').on(t.candidateId),
  ],
);
