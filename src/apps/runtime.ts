import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { workspaceSystemActor } from '../modules/identity/index.ts';
import { type Clock, systemClock } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';
import { type Database, openPglite, openPostgres } from '../platform/db/client.ts';
import { lockDataDir } from '../platform/db/lock.ts';
import { assertSchemaCurrent, migrateDatabase } from '../platform/db/migrate.ts';
import { createLogger, type Logger } from '../platform/logger.ts';
import { createTaskRuntime, type TaskRuntime } from '../platform/queue/runtime.ts';
import { configureModules, tasks } from './modules.ts';

export const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const version: string = JSON.parse(readFileSync(path.join(rootDir, 'package.json'), 'utf8')).version;

export interface Runtime {
  config: Config;
  log: Logger;
  clock: Clock;
  database: Database;
  tasks: TaskRuntime;
  close(): Promise<void>;
}

/**
 * Open what every entrypoint needs: the database (locking the embedded data directory), its schema
 * (migrated when `migrate` is set, otherwise required to be current) and the task runtime (queues created,
 * no worker started).
 */
export async function openRuntime(
  config: Config,
  opts: { purpose: string; migrate: boolean; schedule?: boolean; log?: Logger; clock?: Clock },
): Promise<Runtime> {
  const log = opts.log ?? createLogger(config.logLevel);
  const clock = opts.clock ?? systemClock;
  let release = () => {};
  let database: Database;
  if (config.engine === 'pglite') {
    release = lockDataDir(config.dataDir, opts.purpose).release;
    try {
      database = await openPglite(path.join(config.dataDir, 'pg'), {
        // Every statement would fail from now on: stop (the lock goes with the process) so that a supervisor,
        // or the person who ran `npm start`, sees it and starts again, rather than serve errors.
        onLost: (err) => {
          log.fatal({ err }, 'the embedded database thread stopped: exiting');
          process.exit(1);
        },
      });
    } catch (err) {
      release();
      throw err;
    }
  } else {
    database = await openPostgres(config.databaseUrl!);
  }
  try {
    if (opts.migrate) await migrateDatabase(database);
    else await assertSchemaCurrent(database);
    configureModules(config);
    const taskRuntime = await createTaskRuntime({
      database,
      log: log.child({ scope: 'tasks' }),
      clock,
      tasks,
      systemActor: workspaceSystemActor,
      concurrency: config.workerConcurrency,
      instanceName: opts.purpose,
      // Cron schedules fire from the processes that run workers.
      schedule: opts.schedule ?? false,
    });
    await taskRuntime.start();
    return {
      config,
      log,
      clock,
      database,
      tasks: taskRuntime,
      close: async () => {
        await taskRuntime.stop({ graceful: true, timeoutMs: 30_000 });
        await database.close();
        release();
      },
    };
  } catch (err) {
    await database.close().catch(() => undefined);
    release();
    throw err;
  }
}
