import { createHash } from 'node:crypto';

/** The genesis value of every workspace's chain. */
export const GENESIS = '0'.repeat(64);

export interface ChainEntry {
  workspaceId: string;
  seq: number;
  at: Date;
  actorKind: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  prevHash: string;
}

/** JSON with object keys sorted at every depth, so the same content always hashes the same (jsonb reorders). */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function entryHash(e: ChainEntry): string {
  const content = canonicalJson({
    workspaceId: e.workspaceId,
    seq: e.seq,
    at: e.at.toISOString(),
    actorKind: e.actorKind,
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    before: e.before ?? null,
    after: e.after ?? null,
    prevHash: e.prevHash,
  });
  return createHash('sha256').update(content).digest('hex');
}

export interface BrokenLink {
  seq: number;
  id: string | null;
  reason: string;
}

/**
 * Check a run of stored entries (in seq order) against the chain. `expectedPrev` is the hash the first entry
 * must point to and `expectedSeq` its seq. Returns the first broken link, or the state to continue from.
 */
export function checkRun(
  rows: (ChainEntry & { id: string; hash: string })[],
  expectedSeq: number,
  expectedPrev: string,
): { broken: BrokenLink } | { nextSeq: number; prev: string } {
  let seq = expectedSeq;
  let prev = expectedPrev;
  for (const r of rows) {
    if (r.seq !== seq) {
      return { broken: { seq, id: null, reason: `entry ${seq} is missing (found ${r.seq} next)` } };
    }
    if (r.prevHash !== prev) {
      return {
        broken: { seq: r.seq, id: r.id, reason: 'its previous-hash does not match the entry before it' },
      };
    }
    if (entryHash(r) !== r.hash) {
      return { broken: { seq: r.seq, id: r.id, reason: 'its content does not match its hash (altered)' } };
    }
    prev = r.hash;
    seq += 1;
  }
  return { nextSeq: seq, prev };
}
