import path from 'node:path';
import { authenticate, SESSION_COOKIE } from '../modules/identity/index.ts';
import type { Config } from '../platform/config.ts';
import { assertSchemaCurrent } from '../platform/db/migrate.ts';
import { listenForChanges } from '../platform/db/notifications.ts';
import { createHttpApp } from '../platform/http/app.ts';
import { changeChannels, registerRoutes } from './modules.ts';
import { type Runtime, rootDir, version } from './runtime.ts';

/** The HTTP application with every module's routes, on an open runtime. Tests call this with app.inject. */
export async function buildServer(
  rt: Pick<Runtime, 'config' | 'log' | 'clock' | 'database' | 'tasks'>,
  config: Config = rt.config,
) {
  let schemaChecked = false;
  const { app, routes } = await createHttpApp({
    config,
    log: rt.log,
    database: rt.database,
    queue: rt.tasks.queue,
    clock: rt.clock,
    version,
    webDir: path.join(rootDir, 'web', 'dist'),
    authenticate: async (req) => {
      const header = req.headers.authorization;
      const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
      return authenticate(rt.database.db, rt.clock, {
        bearer,
        cookie: bearer ? undefined : req.cookies[SESSION_COOKIE],
      });
    },
    ready: async () => {
      if (schemaChecked) return true;
      try {
        await assertSchemaCurrent(rt.database);
        schemaChecked = true;
      } catch {
        // not ready: a migration is still to run
      }
      return schemaChecked;
    },
  });
  await registerRoutes(app, config);
  // Credential and configuration changes reach this process, so it may cache callers and configurations.
  const listener = await listenForChanges(
    rt.database,
    rt.log.child({ scope: 'change-listener' }),
    changeChannels(rt.database),
  );
  app.addHook('onClose', () => listener.close());
  await app.ready();
  return { app, routes };
}
