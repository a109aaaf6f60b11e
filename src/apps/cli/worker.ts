import type { Config } from '../../platform/config.ts';
import { openRuntime } from '../runtime.ts';
import { onShutdown } from './shutdown.ts';

/** `prospector worker`: background tasks only, against PostgreSQL. Run as many as the load needs. */
export async function worker(config: Config) {
  const rt = await openRuntime(config, { purpose: 'worker', migrate: false, schedule: true });
  onShutdown(rt.log, () => rt.close());
  await rt.tasks.work();
  rt.log.info({ concurrency: config.workerConcurrency }, 'worker started');
}
