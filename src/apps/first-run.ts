import { countWorkspaces, createWorkspace } from '../modules/identity/index.ts';
import type { Runtime } from './runtime.ts';

/**
 * On an empty database, create the first workspace and its admin. The password comes from
 * PROSPECTOR_ADMIN_PASSWORD or is generated; either way the sign-in is printed once.
 */
export async function ensureFirstRun(
  rt: Runtime,
): Promise<{ email: string; password: string | null } | null> {
  if ((await countWorkspaces(rt.database.db)) > 0) return null;
  const email = rt.config.initialAdmin.email ?? 'admin@prospector.local';
  const created = await createWorkspace(
    { db: rt.database.db, clock: rt.clock, log: rt.log, queue: rt.tasks.queue },
    { name: 'My workspace', admin: { email, name: 'Admin', password: rt.config.initialAdmin.password } },
  );
  return { email, password: created.initialPassword };
}
