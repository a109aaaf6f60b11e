import type { CandidateFields } from '../candidates/index.ts';

/** A record arriving from an import or a capture, already normalised by the candidates entry rules. */
export interface IncomingCandidate {
  fields: CandidateFields;
  /** Custom field values by key; when left out, `fields.customFields` is used. */
  customFields?: Record<string, unknown>;
}

/** How one compared field contributed to a pair's score. */
export interface EvidenceItem {
  /** Rule field: `name`, `firstName`, `lastName`, `email`, `city`, `company`, `customFields.postcode`... */
  field: string;
  comparator: string;
  /** The two values compared (display form), null when missing on that side. */
  a: string | null;
  b: string | null;
  /** 0..1, null when a side is missing. */
  similarity: number | null;
  outcome: 'exact' | 'agree' | 'partial' | 'disagree' | 'missing';
  /** Log-likelihood weight added to the score (negative for disagreement). */
  weight: number;
  /** What made it agree: `nickname`, `phonetic`, `transposition`, `day_month_swap`, `diacritics`... */
  note?: string;
}

/** Why two records look like the same person: the exact keys they share and field-by-field weights. */
export interface Evidence {
  score: number;
  /** Exact keys shared (e.g. { kind: 'email', value: 'ann@x.org' }); any of them decides on its own. */
  exactKeys: { kind: string; value: string }[];
  items: EvidenceItem[];
  decision: 'merge' | 'review' | 'distinct';
  rulesVersion: number;
}

export type MatchResult =
  | { kind: 'new' }
  | { kind: 'merge' | 'review'; candidateId: string; score: number; evidence: Evidence };

/** Where an incoming value came from; passed back to the caller, who records per-field provenance. */
export interface IncomingProvenance {
  source?: string | null;
  sourceId?: string | null;
  importRunId?: string | null;
  externalId?: string | null;
  /** Higher wins when two sources disagree on a field (manual edits are 100). */
  trust?: number;
  at?: Date;
}

export interface MergeIncomingResult {
  changed: boolean;
  /** Field paths the merge filled or extended (e.g. `headline`, `emails`, `customFields.postcode`). */
  fields: string[];
}
