import './candidates.permissions.ts';

/**
 * Bulk entry (imports, captures): the entry rules without storing, and multi-row creation with the same rows,
 * timeline, audit entries and write listeners as createCandidate.
 */
export {
  type BulkNewCandidate,
  checkEntryUsers,
  createCandidatesBulk,
  type PreparedEntry,
  prepareEntry,
} from './bulk-entry.service.ts';
/** Generated candidates for the demo seed and benchmarks. */
export { generateCandidate } from './candidate.generator.ts';
/**
 * Candidate write listeners (registered in src/apps/modules.ts) and the primitives duplicate control merges
 * with: raw rows, exact restore, moving timelines, consents and pool memberships between records.
 */
export {
  type CandidateRow,
  type CandidateWritten,
  candidateIdsAfter,
  candidateRows,
  countCandidates,
  dropIdentities,
  fieldsOfRow,
  type MovedLinks,
  moveCandidateLinks,
  onCandidateWritten,
  removeIdentities,
  restoreCandidateLinks,
  restoreCandidateRow,
  viewCandidates,
} from './candidate.links.ts';
/** The stored, normalised fields of a candidate (duplicate control compares and merges them). */
export { type CandidateFields, EMPTY_FIELDS } from './candidate.rules.ts';
export type { EntryContext } from './candidate.service.ts';
/** For other modules: create and change candidates, append to timelines. */
export {
  appendActivities,
  candidatesByIdentity,
  changeCandidate,
  createCandidate,
  entryContext,
  getCandidate,
  type NewActivity,
  updateCandidate,
} from './candidate.service.ts';
export {
  Candidate as CandidateSchema,
  type CreateCandidate,
  type UpdateCandidate,
} from './candidates.contract.ts';
/** HTTP routes: candidates, timeline, consent, custom fields, status terminology, settings. */
export { candidateRoutes } from './candidates.routes.ts';
export type { Channel, ContactDecision } from './consent.contract.ts';
/**
 * THE contact check every send path calls (`mayContactMany`: the same for many candidates in a few queries),
 * and the ledger writes (unsubscribe, preference centre).
 */
export {
  type ConsentWithdrawn,
  mayContact,
  mayContactMany,
  onConsentWithdrawn,
  recordConsent,
  withdrawConsent,
} from './consent.service.ts';
/** Configuration and lists, for the demo seed and the CLI. */
export { createCustomField } from './custom-fields.service.ts';
export { addToPool, createPool } from './pools.service.ts';
/**
 * Per-field provenance and external-id identities. Duplicate control moves provenance on merge
 * (moveProvenance returns the ids) and moves exactly those back on undo (restoreProvenance).
 */
export {
  addIdentities,
  candidateProvenance,
  candidatesByIdentities,
  existingTouchpointKeys,
  externalIdentities,
  externalKind,
  listProvenance,
  moveProvenance,
  type ProvenanceEntry,
  type ProvenanceRow,
  type ProvenanceView,
  providedFields,
  recordProvenance,
  restoreProvenance,
} from './provenance.service.ts';
export { createSavedSearch } from './saved-searches.service.ts';
export { CandidateSearchQuery } from './search.contract.ts';
export { searchRoutes } from './search.routes.ts';
/** Search (API and CLI share it) and the request contract. */
/**
 * Outreach: resolve a selection (search criteria, a pool, a segment) to ids, capped; the workspace's custom
 * fields and settings (default time zone) in one read.
 */
export { idsMatching, searchCandidates } from './search.service.ts';
/** The configuration cache's change channel, for the server's change listener. */
export { configChangeChannel, type WorkspaceConfig, workspaceConfig } from './settings.service.ts';
export { STATUS_CODES, type StatusCode } from './statuses.ts';
