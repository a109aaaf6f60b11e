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
 * Fill an existing candidate from an incoming record inside the caller's transaction (empty fields filled,
 * new emails/phones/links/work added, never a value overwritten by a less trusted source). `changed` is false
 * when the record brought nothing new, so re-imports are idempotent; `fields` lists what changed.
 */
/** Put a pair in the review queue with its evidence (inside the caller's transaction). */
export { flagForReview, mergeIncoming } from './incoming.service.ts';
/**
 * Match a batch of incoming records (an import chunk, up to ~1000) against the workspace's candidates with the
 * workspace's rules: one result per input, in order. `merge`/`review` name the best existing candidate.
 * Read-only; runs a few queries per batch (blocking keys, then the candidates of the shared blocks).
 */
/** The candidates module's write listener (register with onCandidateWritten in src/apps/modules.ts). */
export { matchIncoming, onCandidateWritten as duplicatesOnCandidateWritten } from './match.service.ts';
/**
 * Other modules' per-candidate rows (provenance...) that merges move and undo moves back: register a mover
 * at composition time (src/apps/modules.ts).
 */
/** Merge and undo, for the CLI and other modules. */
export { type MergeLinkMover, mergeCandidates, registerMergeLinkMover, undoMerge } from './merge.service.ts';
export { DEFAULT_RULES, type MatchRules } from './rules.contract.ts';
/** Rules and re-scans, for the CLI, the demo seed and benchmarks. */
export { getRules, updateRules } from './rules.service.ts';
export { getScan, startRescan } from './scan.service.ts';
