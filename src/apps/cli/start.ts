import type { Config } from '../../platform/config.ts';
import { ensureFirstRun } from '../first-run.ts';
import { startInboundMail } from '../modules.ts';
import { openRuntime } from '../runtime.ts';
import { buildServer } from '../server.ts';
import { onShutdown } from './shutdown.ts';

/**
 * `prospector start`: everything in one process (API, web UI, workers). The default, on the embedded
 * database; with DATABASE_URL it also migrates and works as a single all-in-one server.
 */
export async function start(
  config: Config,
  opts: { work: boolean; migrate: boolean; firstRun: boolean; purpose: string },
) {
  const t0 = performance.now();
  const rt = await openRuntime(config, { purpose: opts.purpose, migrate: opts.migrate, schedule: opts.work });
  const { app } = await buildServer(rt);
  const inbound = await startInboundMail(config, {
    db: rt.database.db,
    clock: rt.clock,
    log: rt.log.child({ scope: 'inbound-smtp' }),
    queue: rt.tasks.queue,
  });
  onShutdown(rt.log, async () => {
    await inbound?.close();
    await app.close();
    await rt.close();
  });
  const admin = opts.firstRun ? await ensureFirstRun(rt) : null;
  if (opts.work) await rt.tasks.work();
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.baseUrl.replace(/:\d+$/, `:${port}`);
  rt.log.info({ url, engine: config.engine, ms: Math.round(performance.now() - t0) }, 'Prospector is ready');
  const lines = [`\n  Prospector is running at ${url}`];
  lines.push(
    config.engine === 'pglite'
      ? `  Embedded database in ${config.dataDir} (one process only; for evaluation and small teams)`
      : '  Database: PostgreSQL (DATABASE_URL)',
  );
  if (admin) {
    lines.push(`\n  First run: sign in as ${admin.email}`);
    lines.push(
      admin.password
        ? `  with the password ${admin.password}  (shown once: change it after signing in)`
        : '  with the password from PROSPECTOR_ADMIN_PASSWORD',
    );
  }
  lines.push(`  API docs: ${url}/api/docs\n`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
