/**
 * The workspace configuration cache: custom field definitions, status terminology and candidate settings of
 * a workspace (`WorkspaceConfig`), read on nearly every candidate request, kept in this process so that a
 * search runs its own queries only (a platform `ListenedCache`, see src/platform/db/listened-cache.ts).
 *
 * Like the authentication cache, correctness rests on invalidation and the TTL only bounds what it cannot see:
 * - every configuration write calls `configCache.changed(tx.db, CONFIG_CHANNEL, workspaceId)` inside its
 *   transaction (this process forgets the workspace now and `pg_notify('prospector_config', workspaceId)`
 *   reaches every process on commit) and `configCache.invalidate(workspaceId)` again after the commit;
 * - a process uses the cache only for the databases whose channel it hears (`configChangeChannel`, in the
 *   server's change listener) and only on the database handle itself: a read inside a transaction (which may
 *   see its own uncommitted changes) never reads or fills the cache;
 * - a read that was running while an invalidation happened is not stored (epoch check).
 * What is left stale: configuration changed behind the application's back, for at most CONFIG_CACHE_TTL_MS.
 */
export const CONFIG_CACHE_TTL_MS = 60_000;
export const CONFIG_CHANNEL = 'prospector_config';
