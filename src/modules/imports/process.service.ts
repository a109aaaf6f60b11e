import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { type EntryContext, entryContext, prepareEntry } from '../candidates/index.ts';
import { deleteChunksOf } from './chunks.ts';
import { isDelimited, type RawRecord, readRecords } from './file-store.ts';
import { fromGreenhouse, fromJsonResume } from './formats/json-formats.ts';
import { JsonTooLargeError } from './formats/json-stream.ts';
import * as repo from './imports.repository.ts';
import { type IntakeRecord, type IntakeResult, type IntakeSource, intake } from './intake.service.ts';
import { applyMapping, type CustomFieldInfo, type MappedRecord } from './mapping.rules.ts';
import { customFieldInfo } from './mappings.service.ts';

/** Rows per chunk: one transaction, one matcher call, one multi-row insert. */
export const CHUNK_ROWS = 500;

export interface SliceOptions {
  /** Stop after the chunk that passes this many milliseconds (the task re-enqueues itself). */
  budgetMs?: number;
  chunkRows?: number;
  onProgress?: (run: repo.RunRow) => void;
  /** Checked after each chunk: stop there (the run stays resumable). */
  signal?: AbortSignal;
}

export type SliceResult = 'done' | 'more' | 'stopped';

function adapt(
  format: string,
  rec: RawRecord,
  mapping: Record<string, string> | null,
  custom: CustomFieldInfo[],
): MappedRecord {
  if (rec.value === undefined)
    return {
      input: {},
      meta: { externalId: null, profileUrl: null, campaign: null, sourcer: null },
      errors: [{ field: 'record', message: 'is not valid JSON' }],
    };
  if (isDelimited(format)) return applyMapping(rec.value as Record<string, string>, mapping ?? {}, custom);
  if (format === 'greenhouse') return fromGreenhouse(rec.value, custom);
  return fromJsonResume(rec.value);
}

/**
 * End a run once: the run is locked and ended only if it has not ended already (two processes finishing the
 * same run, or a cancel racing the last chunk, write one status and one audit entry). The counts recorded are
 * the locked row's. Returns whether this caller ended it.
 */
async function finish(
  ctx: Ctx,
  run: repo.RunRow,
  status: 'completed' | 'failed' | 'cancelled',
  error: string | null,
): Promise<boolean> {
  return inTransaction(ctx, async (tx) => {
    const locked = await repo.getRun(tx.db, run.workspaceId, run.id, true);
    if (!locked || ['completed', 'failed', 'cancelled'].includes(locked.status)) return false;
    // Completing needs the position this reader reached: another reader that moved on finishes it itself.
    if (status === 'completed' && locked.positionRow !== run.positionRow) return false;
    const now = tx.clock.now();
    await repo.updateRun(tx.db, run.workspaceId, run.id, { status, error, finishedAt: now, updatedAt: now });
    await deleteChunksOf(tx.db, run.workspaceId, run.id);
    await recordAudit(tx, {
      action: `import_run.${status}`,
      entityType: 'import_run',
      entityId: run.id,
      after: {
        rowsRead: locked.rowsRead,
        created: locked.created,
        merged: locked.merged,
        heldForReview: locked.heldForReview,
        heldForDpa: locked.heldForDpa,
        rejected: locked.rejected,
        unchanged: locked.unchanged,
        ...(error ? { error } : {}),
      },
    });
    return true;
  });
}

/**
 * The chunk in one go; if a record breaks a rule the entry checks could not see in advance (the whole chunk
 * then rolls back to its savepoint), record by record, each in its own savepoint, so that only that record is
 * rejected, with its reasons, and the run goes on.
 */
/**
 * A database error caused by a record's own data rather than by the database or the code: a value the
 * database cannot store (SQLSTATE class 22: NUL characters, bad encodings, out-of-range numbers), an integrity
 * violation (class 23), or a value too large for an index (54000). Drivers and drizzle may wrap it (`cause`).
 */
export function recordDataError(e: unknown): { code: string; message: string } | null {
  for (
    let x = e, depth = 0;
    x && typeof x === 'object' && depth < 4;
    x = (x as { cause?: unknown }).cause, depth++
  ) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === 'string' && /^(22|23)[0-9A-Z]{3}$|^54000$/.test(code))
      return { code, message: String((x as { message?: unknown }).message ?? code) };
  }
  return null;
}

async function intakeIsolating(
  tx: Ctx,
  env: EntryContext,
  src: IntakeSource,
  records: IntakeRecord[],
): Promise<IntakeResult[]> {
  try {
    return await inTransaction(tx, (sp) => intake(sp, env, src, records));
  } catch (e) {
    // A rule or the database refused something: find out which records, one by one; anything else stops.
    if (!(e instanceof AppError || recordDataError(e))) throw e;
    tx.log.warn({ err: e, runId: src.runId }, 'a chunk failed as a whole: retrying it record by record');
  }
  const out: IntakeResult[] = [];
  for (const r of records) {
    try {
      out.push(...(await inTransaction(tx, (sp) => intake(sp, env, src, [r]))));
    } catch (e) {
      const refused = recordDataError(e);
      if (!(e instanceof AppError) && !refused) throw e;
      out.push({
        outcome: 'rejected',
        candidateId: null,
        heldRowId: null,
        errors:
          e instanceof AppError
            ? e.fields.length
              ? e.fields
              : [{ field: 'record', message: e.message }]
            : [
                {
                  field: 'record',
                  message: `the database refused a value (${refused!.code}: ${refused!.message})`,
                },
              ],
      });
    }
  }
  return out;
}

/**
 * Process a run from its committed position, chunk by chunk. Each chunk is one transaction that stores its
 * rows AND advances the run's position (after locking the run and checking that the position is still the one
 * this reader started from), so a process killed anywhere loses nothing and doubles nothing: the next reader
 * starts after the last committed chunk. Safe to call from several processes at once.
 */
export async function processRunSlice(
  ctx: Ctx,
  runId: string,
  opts: SliceOptions = {},
): Promise<SliceResult> {
  const ws = ctx.actor.workspaceId;
  let run = await repo.getRun(ctx.db, ws, runId);
  if (!run) return 'stopped';
  if (run.cancelRequestedAt && run.status === 'running') {
    await finish(ctx, run, 'cancelled', null);
    return 'stopped';
  }
  if (run.status === 'queued') {
    const now = ctx.clock.now();
    await repo.updateRun(ctx.db, ws, runId, {
      status: 'running',
      startedAt: run.startedAt ?? now,
      updatedAt: now,
    });
    run = { ...run, status: 'running', startedAt: run.startedAt ?? now };
  } else if (run.status !== 'running') return 'stopped';

  const [env, custom, source] = await Promise.all([
    entryContext(ctx.db, ws),
    customFieldInfo(ctx),
    repo.getSource(ctx.db, ws, run.sourceId),
  ]);
  if (!source) {
    await finish(ctx, run, 'failed', 'The source of this run no longer exists');
    return 'stopped';
  }
  const vendor = source.vendorId ? ((await repo.getVendor(ctx.db, ws, source.vendorId)) ?? null) : null;
  const src: IntakeSource = {
    source,
    vendor,
    runId,
    campaign: run.options.campaign ?? null,
    sourcer: run.options.sourcer ?? null,
  };
  const chunkRows = opts.chunkRows ?? CHUNK_ROWS;
  const deadline = Date.now() + (opts.budgetMs ?? Number.POSITIVE_INFINITY);
  let current = run;

  // Mapping and the entry rules need no database: a chunk is prepared while the previous one is being written.
  const prepare = (batch: RawRecord[]): IntakeRecord[] => {
    const now = ctx.clock.now();
    return batch.map((r) => {
      const mapped = adapt(run.format, r, run.mapping, custom);
      return {
        rowNo: r.rowNo,
        mapped,
        prepared: mapped.errors.length
          ? undefined
          : prepareEntry(env, { ...mapped.input, source: mapped.input.source ?? source.code }, now),
      };
    });
  };

  const commit = async (batch: RawRecord[], mapped: IntakeRecord[]): Promise<boolean> => {
    const last = batch[batch.length - 1]!;
    const next = await inTransaction(ctx, async (tx) => {
      const locked = await repo.getRun(tx.db, ws, runId, true);
      // Someone else moved on (another process on the same run), or the run was stopped: leave it to them.
      if (locked?.status !== 'running' || locked.positionRow !== current.positionRow) return null;
      if (locked.cancelRequestedAt) return { ...locked, status: 'cancel' };
      const results = await intakeIsolating(tx, env, src, mapped);
      const count = (o: string) => results.filter((r) => r.outcome === o).length;
      const errors = results.flatMap((r, i) =>
        r.outcome === 'rejected'
          ? (r.errors.length ? r.errors : [{ field: 'record', message: 'was rejected' }]).map((e) => ({
              workspaceId: ws,
              runId,
              rowNo: batch[i]!.rowNo,
              field: e.field,
              reason: e.message,
            }))
          : [],
      );
      await repo.insertRowErrors(tx.db, errors);
      const set: Partial<repo.RunRow> = {
        positionRow: last.rowNo,
        positionByte: last.end,
        rowsRead: locked.rowsRead + batch.length,
        created: locked.created + count('created'),
        merged: locked.merged + count('merged'),
        heldForReview: locked.heldForReview + count('held_for_review'),
        heldForDpa: locked.heldForDpa + count('held_for_dpa'),
        rejected: locked.rejected + count('rejected'),
        unchanged: locked.unchanged + count('unchanged'),
        updatedAt: tx.clock.now(),
      };
      await repo.updateRun(tx.db, ws, runId, set);
      return { ...locked, ...set };
    });
    if (!next) return false;
    if (next.status === 'cancel') {
      await finish(ctx, current, 'cancelled', null);
      return false;
    }
    current = next;
    opts.onProgress?.(current);
    return true;
  };

  // One chunk in flight at a time: the next is read and prepared while it is written, and committed only after it
  // (the position check orders them anyway). Stopping (budget, signal) happens between commits, as before.
  let inflight: Promise<boolean> | null = null;
  const settle = async (): Promise<'ok' | 'stopped' | 'more'> => {
    if (!inflight) return 'ok';
    const p = inflight;
    inflight = null;
    if (!(await p)) return 'stopped';
    return opts.signal?.aborted || Date.now() > deadline ? 'more' : 'ok';
  };
  const launch = (batch: RawRecord[], mapped: IntakeRecord[]) => {
    inflight = commit(batch, mapped);
    // Awaited by settle(); this only keeps a failure from being reported as unhandled before that.
    inflight.catch(() => undefined);
  };
  try {
    let batch: RawRecord[] = [];
    for await (const rec of readRecords(ctx.db, current)) {
      batch.push(rec);
      if (batch.length < chunkRows) continue;
      const mapped = prepare(batch);
      const s = await settle();
      if (s !== 'ok') return s;
      launch(batch, mapped);
      batch = [];
    }
    if (batch.length) {
      const mapped = prepare(batch);
      const s = await settle();
      if (s !== 'ok') return s;
      launch(batch, mapped);
    }
    const s = await settle();
    if (s === 'stopped') return s;
  } catch (e) {
    // A chunk still being written is finished (or its own failure reported) before anything else.
    if (inflight) {
      const s = await settle();
      if (s === 'stopped') return s;
    }
    // A file that cannot be read any further (broken CSV quoting, truncated JSON, a giant record) fails the
    // run with the reason; what was committed stays. Anything else is retried by the task.
    const unreadable =
      e instanceof SyntaxError ||
      e instanceof JsonTooLargeError ||
      (e instanceof Error && (e as { code?: string }).code?.startsWith('CSV_'));
    if (!unreadable) throw e;
    await finish(
      ctx,
      current,
      'failed',
      `Row ${current.positionRow + 1} and after could not be read: ${(e as Error).message}`,
    );
    return 'stopped';
  }
  const fresh = (await repo.getRun(ctx.db, ws, runId)) ?? current;
  if (fresh.status === 'running' && fresh.positionRow === current.positionRow) {
    if (await finish(ctx, current, 'completed', null)) opts.onProgress?.({ ...fresh, status: 'completed' });
  }
  return 'done';
}
