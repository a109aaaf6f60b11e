import './duplicates.permissions.ts';

/** HTTP routes: rules, review queue, decisions, merge and undo, re-scans. */
export { duplicateRoutes } from './duplicates.routes.ts';
/** The re-scan task (listed in src/apps/modules.ts). */
export { rescanTask } from './duplicates.tasks.ts';
export type {
  Evidence,
  EvidenceItem,
  IncomingCandidate,
  IncomingProvenance,
  MatchResult,
  MergeIncomingResult,
} from './duplicates.types.ts';
/**
 * mergeIncoming: fill an existing candidate from an incoming record inside the caller's transaction (empty
 * fields filled, new emails/phones/links/work added, a value both have replaced only when the rules' merge
 * strategy says so). `changed` is false when the record brought nothing new (idempotent re-imports); `fields`
 * lists what changed, for provenance. flagForReview(tx, candidateId, otherCandidateId, score, evidence): put
 * a pair in the review queue with its evidence, whose side `a` is `candidateId` (matchIncoming's evidence reads
 * a = the incoming record); the stored sides follow the stored pair's ids. flagManyForReview: the same for many
 * pairs in one statement (an import chunk's).
 */
export { flagForReview, flagManyForReview, mergeIncoming } from './incoming.service.ts';
/**
 * matchIncoming: match a batch of incoming records (an import chunk, up to ~1000) against the workspace's
 * candidates with its rules: one result per input, in order; `merge`/`review` name the best existing
 * candidate. Read-only, a few queries per batch. The write listeners (single and batch) keep blocking keys
 * and detect pairs on create: register them with onCandidateWritten in src/apps/modules.ts.
 */
export {
  matchIncoming,
  onCandidatesWritten as duplicatesOnCandidatesWritten,
  onCandidateWritten as duplicatesOnCandidateWritten,
} from './match.service.ts';
/**
 * Merge and undo (the CLI and other modules), and movers: other modules' per-candidate rows that merges move
 * and undo moves back, registered at composition time (src/apps/modules.ts).
 */
export { type MergeLinkMover, mergeCandidates, registerMergeLinkMover, undoMerge } from './merge.service.ts';
/** Rules and re-scans, for the CLI, the demo seed and benchmarks. */
export { DEFAULT_RULES, type MatchRules } from './rules.contract.ts';
export { getRules, updateRules } from './rules.service.ts';
export { getScan, startRescan } from './scan.service.ts';
