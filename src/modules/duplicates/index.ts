import type { Ctx } from '../../platform/context.ts';
import type {
  Evidence,
  IncomingCandidate,
  IncomingProvenance,
  MergeIncomingResult,
} from './duplicates.types.ts';

export type {
  Evidence,
  EvidenceItem,
  IncomingCandidate,
  IncomingProvenance,
  MatchResult,
  MergeIncomingResult,
} from './duplicates.types.ts';

/**
 * Match a batch of incoming records (an import chunk, up to ~1000) against the workspace's candidates with the
 * workspace's rules: one result per input, in order. `merge`/`review` name the best existing candidate.
 * Read-only; runs a few queries per batch (blocking keys, then the candidates of the shared blocks).
 */
export { matchIncoming } from './match.service.ts';
/**
 * Fill an existing candidate from an incoming record inside the caller's transaction (empty fields filled,
 * new emails/phones/links/work added, never a value overwritten by a less trusted source). `changed` is false
 * when the record brought nothing new, so re-imports are idempotent; `fields` lists what changed.
 */
export async function mergeIncoming(
  _ctx: Ctx,
  _candidateId: string,
  _incoming: IncomingCandidate,
  _provenance: IncomingProvenance,
): Promise<MergeIncomingResult> {
  return { changed: false, fields: [] };
}

export { rescanTask } from './duplicates.tasks.ts';
/** The candidates module's write listener (register with onCandidateWritten in src/apps/modules.ts). */
export { onCandidateWritten as duplicatesOnCandidateWritten } from './match.service.ts';
export { DEFAULT_RULES, type MatchRules } from './rules.contract.ts';
/** Rules and re-scans, for the CLI, the demo seed and benchmarks. */
export { getRules, updateRules } from './rules.service.ts';
export { getScan, startRescan } from './scan.service.ts';

/** Put a pair in the review queue with its evidence (inside the caller's transaction). */
export async function flagForReview(
  _ctx: Ctx,
  _candidateId: string,
  _otherCandidateId: string,
  _score: number,
  _evidence: Evidence,
): Promise<void> {}
