import pg from 'pg';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Database, Executor } from '../../platform/db/client.ts';
import { queryRows, sql } from '../../platform/db/client.ts';
import type { Logger } from '../../platform/logger.ts';

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
 * - every process that caches listens on that channel (`listenForAuthChanges`: a dedicated connection on
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

  set(db: Executor, secretHash: string, epoch: number, e: Omit<Entry, 'db' | 'staleAt'>): void {
    // Something changed while the look-up ran: what it read may be older than the change.
    if (epoch !== this.epoch || !this.covered.has(db)) return;
    if (this.entries.size >= MAX_ENTRIES && !this.entries.has(secretHash)) {
      // The oldest insertion goes first (a Map iterates in insertion order).
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(secretHash, { ...e, db, staleAt: performance.now() + this.ttlMs });
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

export interface AuthListener {
  close(): Promise<void>;
}

/**
 * Listen for credential changes on this database and enable the cache for it while listening. PostgreSQL:
 * a dedicated connection (LISTEN), reconnected with back-off; while it is down the cache is off. PGlite:
 * the in-process LISTEN of the single session.
 */
export async function listenForAuthChanges(database: Database, log: Logger): Promise<AuthListener> {
  const db = database.db;
  const onPayload = (payload: string) => {
    const change = decode(payload);
    if (change === 'unknown') {
      // A newer version's message: forget everything rather than guess.
      authCache.clear();
    } else {
      authCache.invalidate([change]);
    }
  };

  if (database.pglite) {
    const unlisten = await database.pglite.listen(AUTH_CHANNEL, onPayload);
    authCache.cover(db);
    return {
      close: async () => {
        authCache.uncover(db);
        if (!database.pglite!.closed) await unlisten();
      },
    };
  }

  const url = database.url;
  if (!url) {
    log.warn('no connection string: the authentication cache stays off');
    return { close: async () => {} };
  }
  let client: pg.Client | undefined;
  let closing = false;
  let retryMs = 500;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({
      connectionString: url,
      application_name: 'prospector-auth-listener',
      keepAlive: true,
    });
    client = c;
    c.on('notification', (n) => {
      if (n.channel === AUTH_CHANNEL) onPayload(n.payload ?? '');
    });
    c.on('error', (err) => {
      // Also emitted when the server goes away; 'end' follows.
      log.warn({ err }, 'authentication cache listener: connection error');
    });
    c.on('end', () => {
      if (client !== c) return; // a failed attempt, already given up below
      client = undefined;
      authCache.uncover(db);
      if (!closing) schedule();
    });
    await c.connect();
    await c.query(`listen ${AUTH_CHANNEL}`);
    if (closing) {
      await c.end();
      return;
    }
    authCache.cover(db);
    retryMs = 500;
  };
  const giveUp = () => {
    const failed = client;
    client = undefined;
    failed?.end().catch(() => {});
  };
  const schedule = () => {
    if (timer) return;
    log.warn({ retryMs }, 'authentication cache off until its listener reconnects');
    timer = setTimeout(() => {
      timer = undefined;
      connect().catch((err) => {
        log.warn({ err }, 'authentication cache listener: reconnect failed');
        giveUp();
        retryMs = Math.min(retryMs * 2, 30_000);
        if (!closing) schedule();
      });
    }, retryMs);
    timer.unref();
  };

  try {
    await connect();
  } catch (err) {
    log.warn({ err }, 'authentication cache listener could not connect; the cache stays off for now');
    giveUp();
    schedule();
  }
  return {
    close: async () => {
      closing = true;
      if (timer) clearTimeout(timer);
      authCache.uncover(db);
      await client?.end().catch(() => {});
    },
  };
}
