import { countWorkspaces, createWorkspace } from '../modules/identity/index.ts';
import { queryRows, sql } from '../platform/db/client.ts';
import type { Runtime } from './runtime.ts';

/**
 * On an empty database, create the first workspace and its admin. The password comes from
 * PROSPECTOR_ADMIN_PASSWORD or is generated; either way the sign-in is printed once. Several `serve`
 * processes starting together on an empty PostgreSQL take an advisory lock, so only one creates it.
 */
export async function ensureFirstRun(
  rt: Runtime,
): Promise<{ email: string; password: string | null } | null> {
  return rt.database.db.transaction(async (tx) => {
    await queryRows(tx, sql`select pg_advisory_xact_lock(7042002)`);
    if ((await countWorkspaces(tx)) > 0) return null;
    const email = rt.config.initialAdmin.email ?? 'admin@prospector.local';
    const created = await createWorkspace(
      { db: tx, clock: rt.clock, log: rt.log, queue: rt.tasks.queue },
      { name: 'My workspace', admin: { email, name: 'Admin', password: rt.config.initialAdmin.password } },
    );
    return { email, password: created.initialPassword };
  });
}
