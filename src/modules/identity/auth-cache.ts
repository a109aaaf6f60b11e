import type { Actor } from '../../platform/auth/actor.ts';
import type { Database, Executor } from '../../platform/db/client.ts';
import { queryRows, sql } from '../../platform/db/client.ts';
import type { ChangeChannel } from '../../platform/db/notifications.ts';

/**
 * The authentication cache: the resolved caller of a session or API token secret, kept in this process for
 * a few seconds so that an authenticated request runs its own query only, not the credential look-up too.
 *
 * Correctness rests on invalidation, the TTL only bounds what invalidation cannot see:
 * - every change that can end or narrow a credential (token revoked, session ended, password changed, user
 *   disabled or given other roles, a role's permissions changed or the role deleted) calls
 *   `authChanged(tx, ...)` inside its transaction. That drops the matching entries of this process at once
 *   and sends `pg_notify('prospector_auth', ...)` in the same transaction; the service calls `authChanged`'s
 *   result again once the transaction has committed (see `afterCommit`).
 * - every process that caches listens on that channel (`authChangeChannel`: a dedicated connection on
 *   PostgreSQL, PGlite's in-process LISTEN in embedded mode) and drops the matching entries when a
 *   notification arrives, that is when the change has committed. A process caches only while its listener
 *   is connected; when the connection drops it stops caching and clears everything, and starts again
 *   (empty) once it is back.
 * - an entry is never used past the credential's own expiry, nor past TTL_MS after it was read.
 * A look-up that was running while an invalidation happened is not cached (epoch check), so a read of the
 * old state cannot be stored after the change.
 *
 * What is left stale: a change made to the database behind the application's back (SQL by hand, or a
 * future code path that forgets `authChanged`) is seen after at most TTL_MS; a change made in another
 * process is seen when its notification arrives (normally milliseconds after its commit).
 */
export const AUTH_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;
export const AUTH_CHANNEL = 'prospector_auth';

/** What an invalidation names: one credential, every credential of a user, or of a whole workspace. */
export type AuthChange =
  | { kind: 'token'; id: string }
  | { kind: 'session'; id: string }
  | { kind: 'user'; id: string }
  | { kind: 'workspace'; id: string };

/** What a look-up of a credential yields, for the cache. */
export type Resolved = Omit<Entry, 'db' | 'staleAt'>;

interface Entry {
  db: Executor;
  actor: Actor;
  /** The token's or session's own expiry (ms since the epoch): never used after it. */
  expiresAtMs: number;
  /** When the credential's last-use time was last written (ms since the epoch). */
  touchedAtMs: number;
  /** performance.now() after which the entry is read again from the database. */
  staleAt: number;
}

export class AuthCache {
  /** How long an entry is used before it is read again (tests shorten it). */
  ttlMs = AUTH_CACHE_TTL_MS;
  private readonly entries = new Map<string, Entry>();
  /** Databases whose changes this process hears about; the cache is used for those only. */
  private readonly covered = new Set<Executor>();
  /**
   * Look-ups under way, by secret hash: callers that miss at the same moment (an entry gone stale under 32
   * concurrent requests) share one query instead of each running its own. Shared only within an epoch: a
   * caller that comes after an invalidation starts a look-up of its own (the running one may have read the
   * state before the change).
   */
  private readonly inflight = new Map<
    string,
    { db: Executor; epoch: number; result: Promise<Resolved | null> }
  >();
  private epoch = 0;

  /** The epoch to pass to `set` for a look-up starting now. */
  begin(): number {
    return this.epoch;
  }

  enabled(db: Executor): boolean {
    return this.covered.has(db);
  }

  get(db: Executor, secretHash: string, nowMs: number): Entry | undefined {
    const e = this.entries.get(secretHash);
    if (!e || e.db !== db) return undefined;
    if (performance.now() >= e.staleAt || nowMs >= e.expiresAtMs) {
      this.entries.delete(secretHash);
      return undefined;
    }
    return e;
  }

  set(db: Executor, secretHash: string, epoch: number, e: Resolved): void {
    // Something changed while the look-up ran: what it read may be older than the change.
    if (epoch !== this.epoch || !this.covered.has(db)) return;
    if (this.entries.size >= MAX_ENTRIES && !this.entries.has(secretHash)) {
      // The oldest insertion goes first (a Map iterates in insertion order).
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    // The caller's own object: a last-use time it records later (see auth.service) is the entry's.
    this.entries.set(secretHash, Object.assign(e, { db, staleAt: performance.now() + this.ttlMs }));
  }

  /**
   * The live entry for this secret, or the result of `load` (shared with every caller that misses while it
   * runs in the same epoch), stored unless something was invalidated meanwhile. Not covered: `load` alone.
   */
  async resolve(
    db: Executor,
    secretHash: string,
    nowMs: number,
    load: () => Promise<Resolved | null>,
  ): Promise<Entry | Resolved | null> {
    if (!this.covered.has(db)) return load();
    const hit = this.get(db, secretHash, nowMs);
    if (hit) return hit;
    const running = this.inflight.get(secretHash);
    if (running && running.db === db && running.epoch === this.epoch) {
      const r = await running.result;
      return r && nowMs < r.expiresAtMs ? r : null;
    }
    const epoch = this.epoch;
    const result = load();
    const flight = { db, epoch, result };
    this.inflight.set(secretHash, flight);
    try {
      const r = await result;
      if (r) this.set(db, secretHash, epoch, r);
      return r;
    } finally {
      if (this.inflight.get(secretHash) === flight) this.inflight.delete(secretHash);
    }
  }

  invalidate(changes: readonly AuthChange[]): void {
    this.epoch++;
    if (!this.entries.size) return;
    for (const [key, e] of this.entries) {
      if (changes.some((c) => matches(e.actor, c))) this.entries.delete(key);
    }
  }

  clear(): void {
    this.epoch++;
    this.entries.clear();
  }

  cover(db: Executor): void {
    this.clear();
    this.covered.add(db);
  }

  uncover(db: Executor): void {
    this.covered.delete(db);
    this.clear();
  }

  /** Whether a live entry is held for this secret (tests). */
  has(db: Executor, secretHash: string, nowMs: number): boolean {
    return this.get(db, secretHash, nowMs) !== undefined;
  }

  get size(): number {
    return this.entries.size;
  }
}

function matches(a: Actor, c: AuthChange): boolean {
  switch (c.kind) {
    case 'token':
      return a.tokenId === c.id;
    case 'session':
      return a.sessionId === c.id;
    case 'user':
      return a.userId === c.id;
    case 'workspace':
      return a.workspaceId === c.id;
  }
}

/** The one cache of this process. */
export const authCache = new AuthCache();

function encode(c: AuthChange): string {
  return `${c.kind}:${c.id}`;
}

function decode(payload: string): AuthChange | 'unknown' {
  const i = payload.indexOf(':');
  const kind = payload.slice(0, i);
  const id = payload.slice(i + 1);
  if (i > 0 && id && (kind === 'token' || kind === 'session' || kind === 'user' || kind === 'workspace')) {
    return { kind, id };
  }
  return 'unknown';
}

/**
 * Record, inside the transaction that makes them, changes that end or narrow credentials: this process
 * forgets them now, every process when the transaction commits (NOTIFY is delivered on commit). Returns a
 * function to call once the transaction has committed, which forgets them again in this process (a
 * request may have read and cached the old rows between now and the commit).
 */
export async function authChanged(db: Executor, ...changes: AuthChange[]): Promise<() => void> {
  authCache.invalidate(changes);
  for (const c of changes) {
    await queryRows(db, sql`select pg_notify(${AUTH_CHANNEL}, ${encode(c)})`);
  }
  return () => authCache.invalidate(changes);
}

/**
 * The channel of credential changes for this database (see platform/db/notifications.ts): the cache is used
 * for it while the process hears the channel. PostgreSQL: the process's listener connection; PGlite: the
 * in-process LISTEN of the single session.
 */
export function authChangeChannel(database: Database): ChangeChannel {
  const db = database.db;
  return {
    name: AUTH_CHANNEL,
    onPayload: (payload) => {
      const change = decode(payload);
      if (change === 'unknown') {
        // A newer version's message: forget everything rather than guess.
        authCache.clear();
      } else {
        authCache.invalidate([change]);
      }
    },
    onConnected: () => authCache.cover(db),
    onDisconnected: () => authCache.uncover(db),
  };
}
