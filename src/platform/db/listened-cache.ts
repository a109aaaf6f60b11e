import type { Database, Executor } from './client.ts';
import { queryRows, sql } from './client.ts';
import type { ChangeChannel } from './notifications.ts';

interface Entry<T> {
  db: Executor;
  value: T;
  staleAt: number;
}

/**
 * A process-local cache of values read from the database, kept true by a change channel (see
 * notifications.ts): it is used only for the database handles whose channel this process hears (`cover`),
 * never for a transaction's handle (which may see its own uncommitted changes), and a value read while an
 * invalidation happened is not stored (epoch check). `ttlMs` bounds what no notification announces.
 */
export class ListenedCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly covered = new Set<Executor>();
  private epoch = 0;

  constructor(
    public ttlMs: number,
    private readonly maxEntries = 1_000,
  ) {}

  /** The cached value, or the loader's (stored when nothing changed meanwhile). */
  async get(db: Executor, key: string, load: () => Promise<T>): Promise<T> {
    if (!this.covered.has(db)) return load();
    const e = this.entries.get(key);
    if (e && e.db === db && performance.now() < e.staleAt) return e.value;
    const epoch = this.epoch;
    const value = await load();
    if (epoch === this.epoch && this.covered.has(db)) {
      if (this.entries.size >= this.maxEntries && !this.entries.has(key)) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      this.entries.set(key, { db, value, staleAt: performance.now() + this.ttlMs });
    }
    return value;
  }

  invalidate(key: string): void {
    this.epoch++;
    this.entries.delete(key);
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

  /**
   * Inside the transaction that changes what `key` names: forget it in this process now and tell every
   * process when the transaction commits. Call `invalidate(key)` again after the commit.
   */
  async changed(db: Executor, channel: string, key: string): Promise<void> {
    this.invalidate(key);
    await queryRows(db, sql`select pg_notify(${channel}, ${key})`);
  }

  /** The channel that keeps this cache true for `database`: a payload names a key, an empty one everything. */
  channel(name: string, database: Database): ChangeChannel {
    return {
      name,
      onPayload: (key) => (key ? this.invalidate(key) : this.clear()),
      onConnected: () => this.cover(database.db),
      onDisconnected: () => this.uncover(database.db),
    };
  }
}
