import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { firstWorkspace, userActor, workspaceSystemActor } from '../../modules/identity/index.ts';
import {
  type CreateImportQuery,
  createRun,
  findUnfinishedRun,
  getRun,
  type ImportRun,
  processRunSlice,
} from '../../modules/imports/index.ts';
import { requirePermission } from '../../platform/auth/actor.ts';
import type { Config } from '../../platform/config.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { openRuntime } from '../runtime.ts';

export interface ImportOptions {
  format: CreateImportQuery['format'];
  source: string;
  mapping?: string;
  as?: string;
  workspace?: string;
  campaign?: string;
  sourcer?: string;
  chunkRows?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function sha256Of(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const b of createReadStream(file)) h.update(b as Buffer);
  return h.digest('hex');
}

/** `--mapping` is a saved mapping's id or a JSON file: { "Header": "target", ... } or { "columns": {...} }. */
function mappingOption(v: string | undefined): { mappingId?: string; columns?: Record<string, string> } {
  if (!v) return {};
  if (UUID.test(v)) return { mappingId: v };
  if (!existsSync(v))
    throw new AppError('invalid', 'bad_mapping', `--mapping: no saved mapping id or file "${v}"`);
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(v, 'utf8'));
  } catch {
    throw new AppError('invalid', 'bad_mapping', `--mapping: ${v} is not JSON`);
  }
  const cols = (doc as { columns?: unknown }).columns ?? doc;
  if (typeof cols !== 'object' || cols === null || Object.values(cols).some((t) => typeof t !== 'string'))
    throw new AppError('invalid', 'bad_mapping', `--mapping: ${v} must map column headers to targets`);
  return { columns: cols as Record<string, string> };
}

const counts = (r: ImportRun) =>
  `read ${r.counts.rowsRead}, created ${r.counts.created}, merged ${r.counts.merged}, unchanged ${r.counts.unchanged}, ` +
  `review ${r.counts.heldForReview}, held (DPA) ${r.counts.heldForDpa}, rejected ${r.counts.rejected}`;

/**
 * `prospector import FILE`: upload the file into the database and process it in this process, chunk by chunk,
 * with a progress bar. Killed or stopped, the same command again resumes the unfinished run of the same file
 * (same SHA-256, source and format) after its last committed chunk.
 */
export async function importCommand(config: Config, file: string, o: ImportOptions) {
  if (!existsSync(file)) throw new AppError('invalid', 'no_file', `No file ${file}`);
  const rt = await openRuntime(config, { purpose: 'import', migrate: config.engine === 'pglite' });
  // Ctrl-C / SIGTERM: stop after the chunk in progress (it commits or not as a whole), close, exit 130.
  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130);
    process.stderr.write('\nStopping after the current chunk; run the same command again to resume.\n');
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    let actor = null;
    if (o.as) {
      actor = await userActor(rt.database.db, o.as);
      if (!actor) throw new AppError('invalid', 'unknown_user', `No active user ${o.as}`);
      requirePermission(actor, 'imports:run');
    } else {
      const workspaceId = o.workspace ?? (await firstWorkspace(rt.database.db))?.id;
      if (!workspaceId)
        throw new AppError('invalid', 'no_workspace', 'No workspace yet: run `prospector start` once first');
      actor = workspaceSystemActor(workspaceId);
    }
    const ctx: Ctx = { db: rt.database.db, clock: rt.clock, log: rt.log, queue: rt.tasks.queue, actor };
    const sha = await sha256Of(file);
    let run = await findUnfinishedRun(ctx, sha, o.source, o.format);
    if (run) {
      process.stdout.write(`Resuming import ${run.id} after row ${run.counts.rowsRead}\n`);
    } else {
      const m = mappingOption(o.mapping);
      run = await createRun(
        ctx,
        {
          format: o.format,
          source: o.source,
          start: 'true',
          fileName: path.basename(file),
          ...(m.mappingId ? { mappingId: m.mappingId } : {}),
          ...(o.campaign ? { campaign: o.campaign } : {}),
          ...(o.sourcer ? { sourcer: o.sourcer } : {}),
        },
        createReadStream(file),
        { enqueue: false, maxBytes: Number.MAX_SAFE_INTEGER, ...(m.columns ? { columns: m.columns } : {}) },
      );
      process.stdout.write(`Import ${run.id} started (${run.fileBytes} bytes)\n`);
    }
    const tty = Boolean(process.stderr.isTTY);
    const bar = new cliProgress.SingleBar(
      { format: 'importing [{bar}] {percentage}% | {counts}', stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    if (tty) bar.start(run.fileBytes, run.progress.bytesDone, { counts: counts(run) });
    const runId = run.id;
    let result: string = 'more';
    while (result === 'more' && !stop.signal.aborted) {
      result = await processRunSlice(ctx, runId, {
        budgetMs: 5_000,
        signal: stop.signal,
        ...(o.chunkRows ? { chunkRows: o.chunkRows } : {}),
        onProgress: (r) => {
          const line = `read ${r.rowsRead}, created ${r.created}, merged ${r.merged}, unchanged ${r.unchanged}, review ${r.heldForReview}, held (DPA) ${r.heldForDpa}, rejected ${r.rejected}`;
          if (tty) bar.update(r.status === 'completed' ? r.fileBytes : r.positionByte, { counts: line });
          else process.stdout.write(`progress ${r.positionByte}/${r.fileBytes} ${line}\n`);
        },
      });
    }
    if (tty) bar.stop();
    const done = await getRun(ctx, runId);
    process.stdout.write(`Import ${done.id} ${done.status}: ${counts(done)}\n`);
    if (done.counts.rejected > 0)
      process.stdout.write(`Rejected rows: GET /api/v1/imports/${done.id}/errors (row, field, reason)\n`);
    if (done.error) process.stdout.write(`${done.error}\n`);
    if (stop.signal.aborted && done.status === 'running') process.exitCode = 130;
    else if (done.status !== 'completed') process.exitCode = 1;
  } finally {
    await rt.close();
  }
}
