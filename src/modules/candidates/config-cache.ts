import type { Database, Executor } from '../../platform/db/client.ts';
import { queryRows, sql } from '../../platform/db/client.ts';
import type { ChangeChannel } from '../../platform/db/notifications.ts';

/**
 * The workspace configuration cache: custom field definitions, status terminology and candidate settings of
 * a workspace (`WorkspaceConfig`), read on nearly every candidate request, kept in this process so that a
 * search runs its own queries only.
 *
 * Like the authentication cache, correctness rests on invalidation and the TTL only bounds what it cannot see:
 * - every configuration write calls `configChanged(tx.db, workspaceId)` inside its transaction (this process
 *   forgets the workspace now and `pg_notify('prospector_config', workspaceId)` reaches every process on
 *   commit) and `configCache.invalidate(workspaceId)` again after the commit;
 * - a process uses the cache only for the databases whose channel it hears (`configChangeChannel`, in the
 *   server's change listener) and only on the database handle itself: a read inside a transaction (which may
 *   see its own uncommitted changes) never reads or fills the cache;
 * - a read that was running while an invalidation happened is not stored (epoch check).
 * What is left stale: configuration changed behind the application's back, for at most CONFIG_CACHE_TTL_MS.
 */
export const CONFIG_CACHE_TTL_MS = 60_000;
export const CONFIG_CHANNEL = 'prospector_config';
const MAX_ENTRIES = 1_000;

interface Entry<T> {
  db: Executor;
  value: T;
  staleAt: number;
}

export class ConfigCache<T> {
  ttlMs = CONFIG_CACHE_TTL_MS;
  private readonly entries = new Map<string, Entry<T>>();
  private readonly covered = new Set<Executor>();
  private epoch = 0;

  /** The cached value, or the loader's (stored when nothing changed meanwhile). */
  async get(db: Executor, workspaceId: string, load: () => Promise<T>): Promise<T> {
    if (!this.covered.has(db)) return load();
    const e = this.entries.get(workspaceId);
    if (e && e.db === db && performance.now() < e.staleAt) return e.value;
    const epoch = this.epoch;
    const value = await load();
    if (epoch === this.epoch && this.covered.has(db)) {
      if (this.entries.size >= MAX_ENTRIES && !this.entries.has(workspaceId)) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      this.entries.set(workspaceId, { db, value, staleAt: performance.now() + this.ttlMs });
    }
    return value;
  }

  invalidate(workspaceId: string): void {
    this.epoch++;
    this.entries.delete(workspaceId);
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

  get size(): number {
    return this.entries.size;
  }
}

/** Record, inside the transaction that makes it, that a workspace's configuration changes. */
export async function configChanged<T>(
  cache: ConfigCache<T>,
  db: Executor,
  workspaceId: string,
): Promise<void> {
  cache.invalidate(workspaceId);
  await queryRows(db, sql`select pg_notify(${CONFIG_CHANNEL}, ${workspaceId})`);
}

/** The channel of configuration changes for this database (see platform/db/notifications.ts). */
export function configChannel<T>(cache: ConfigCache<T>, database: Database): ChangeChannel {
  return {
    name: CONFIG_CHANNEL,
    onPayload: (workspaceId) => (workspaceId ? cache.invalidate(workspaceId) : cache.clear()),
    onConnected: () => cache.cover(database.db),
    onDisconnected: () => cache.uncover(database.db),
  };
}
