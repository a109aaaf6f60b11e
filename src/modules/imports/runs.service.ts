import type { Ctx } from '../../platform/context.ts';
import { enqueue, inTransaction } from '../../platform/context.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import { toPage } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { userSummaries } from '../identity/index.ts';
import { deleteChunksOf } from './chunks.ts';
import { isDelimited, jsonUploadCheck, peekDelimited, storeUpload } from './file-store.ts';
import type { CreateImportQuery, ImportRun, StartImport } from './imports.contract.ts';
import * as repo from './imports.repository.ts';
import { processImport } from './imports.tasks.ts';
import {
  DEFAULT_AWAITING_MAPPING_HOURS,
  DEFAULT_MAX_PENDING_BYTES,
  DEFAULT_MAX_PENDING_UPLOADS,
} from './limits.ts';
import { suggestMapping } from './mapping.rules.ts';
import {
  checkColumns,
  customFieldInfo,
  getMappingRow,
  mappingTargets,
  mayReadTarget,
} from './mappings.service.ts';
import { timeIdCursor } from './paging.ts';
import { sourceForIntake } from './sources.service.ts';

/** Bounds of a delimited file's header row (the mapping contract takes at most 500 columns). */
const MAX_COLUMNS = 500;
const MAX_HEADER_CHARS = 200;

/** Upper bound of an upload unless the route is given another (`importRoutes(app, { maxUploadBytes })`). */
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;

/** `names`: who uploaded, by user id (`createdByName` is null without it, or for a user since deleted). */
export function runView(r: repo.RunRow, names?: ReadonlyMap<string, { name: string }>): ImportRun {
  return {
    id: r.id,
    format: r.format,
    source: { id: r.sourceId, code: r.sourceCode },
    mappingId: r.mappingId,
    mapping: r.mapping,
    status: r.status as ImportRun['status'],
    fileName: r.options.fileName ?? null,
    fileBytes: r.fileBytes,
    campaign: r.options.campaign ?? null,
    sourcer: r.options.sourcer ?? null,
    counts: {
      rowsRead: r.rowsRead,
      created: r.created,
      merged: r.merged,
      heldForReview: r.heldForReview,
      heldForDpa: r.heldForDpa,
      rejected: r.rejected,
      unchanged: r.unchanged,
    },
    progress: {
      bytesDone: r.status === 'completed' ? r.fileBytes : r.positionByte,
      fileBytes: r.fileBytes,
      percent:
        r.status === 'completed'
          ? 100
          : r.fileBytes > 0
            ? Math.floor((1000 * r.positionByte) / r.fileBytes) / 10
            : 0,
    },
    headers: r.headers,
    error: r.error,
    createdBy: r.createdBy,
    createdByName: (r.createdBy && names?.get(r.createdBy)?.name) || null,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

export interface CreateRunOptions {
  maxBytes?: number;
  /** Hours a run may await its mapping (default 72). */
  awaitingMappingHours?: number;
  /** Workspace quota of pending uploads (uploading or awaiting their mapping): count and bytes. */
  maxPendingUploads?: number;
  maxPendingBytes?: number;
  /** false: the caller processes the run itself (the CLI); default true: a worker task does. */
  enqueue?: boolean;
  /** An explicit mapping (the CLI's --mapping FILE). */
  columns?: Record<string, string>;
  sha256?: string;
}

/**
 * Upload a file and create its run: the bytes go to the database in pieces as they arrive (bounded), then the
 * mapping is resolved (given, saved, or suggested from the headers) and the run is queued, unless `start` is
 * false (the wizard previews and maps first: POST /imports/{id}/start).
 */
export async function createRun(
  ctx: Ctx,
  q: CreateImportQuery,
  body: AsyncIterable<Uint8Array>,
  opts: CreateRunOptions = {},
): Promise<ImportRun> {
  const ws = ctx.actor.workspaceId;
  const source = await sourceForIntake(ctx, q.source);
  const mapping = q.mappingId ? await getMappingRow(ctx, q.mappingId) : null;
  const now = ctx.clock.now();
  // Quota: uploads waiting (or still arriving) hold database space until they are started or expire.
  const maxUploads = opts.maxPendingUploads ?? DEFAULT_MAX_PENDING_UPLOADS;
  const maxPendingBytes = opts.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES;
  const pending = await repo.pendingUploads(ctx.db, ws);
  if (pending.count >= maxUploads)
    throw new AppError(
      'too_many_requests',
      'pending_uploads_limit',
      `This workspace has ${pending.count} uploads waiting for their mapping or still uploading; the limit is ${maxUploads}: start or cancel some first`,
      { details: { limit: maxUploads, pending: pending.count } },
    );
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const roomBytes = Math.max(0, maxPendingBytes - pending.bytes);
  const capBytes = Math.min(maxBytes, roomBytes);
  const expiresAt = new Date(
    now.getTime() + (opts.awaitingMappingHours ?? DEFAULT_AWAITING_MAPPING_HOURS) * 3_600_000,
  );
  const run: repo.RunRow = {
    id: newId(),
    workspaceId: ws,
    format: q.format,
    sourceId: source.id,
    sourceCode: source.code,
    mappingId: mapping?.id ?? null,
    mapping: null,
    options: {
      campaign: q.campaign ?? null,
      sourcer: q.sourcer ?? null,
      fileName: q.fileName ?? null,
      expiresAt: expiresAt.toISOString(),
    },
    status: 'uploading',
    fileBytes: 0,
    fileSha256: null,
    fileChunks: 0,
    headers: null,
    positionRow: 0,
    positionByte: 0,
    rowsRead: 0,
    created: 0,
    merged: 0,
    heldForReview: 0,
    heldForDpa: 0,
    rejected: 0,
    unchanged: 0,
    error: null,
    createdBy: ctx.actor.userId,
    createdAt: now,
    startedAt: null,
    finishedAt: null,
    cancelRequestedAt: null,
    updatedAt: now,
  };
  await repo.insertRun(ctx.db, run);
  let stored: { bytes: number; sha256: string; chunks: number };
  let peek: Awaited<ReturnType<typeof peekDelimited>> = null;
  try {
    stored = await storeUpload(
      ctx.db,
      ws,
      run.id,
      body,
      capBytes,
      isDelimited(q.format) ? undefined : jsonUploadCheck(),
    ).catch((e) => {
      if (e instanceof AppError && e.code === 'file_too_large' && capBytes < maxBytes)
        throw new AppError(
          'too_many_requests',
          'pending_bytes_limit',
          `This workspace's uploads waiting for their mapping hold ${pending.bytes} bytes; the limit is ${maxPendingBytes} bytes in all, so this file may have at most ${capBytes}: start or cancel some first`,
          { details: { limit: maxPendingBytes, pendingBytes: pending.bytes } },
        );
      throw e;
    });
    if (stored.bytes === 0)
      throw invalid('empty_file', 'The file is empty', [{ field: 'body', message: 'is empty' }]);
    peek = await peekDelimited(ctx.db, ws, run.id, q.format, 0);
    const headers = peek?.headers ?? [];
    if (headers.length > MAX_COLUMNS)
      throw invalid('too_many_columns', 'The file has too many columns', [
        { field: 'body', message: `has ${headers.length} columns; at most ${MAX_COLUMNS} are supported` },
      ]);
    const long = headers.findIndex((h) => h.length > MAX_HEADER_CHARS);
    if (long >= 0)
      throw invalid('header_too_long', 'A column header is too long', [
        { field: 'body', message: `column ${long + 1}'s header is over ${MAX_HEADER_CHARS} characters` },
      ]);
  } catch (e) {
    await deleteChunksOf(ctx.db, ws, run.id);
    await repo.updateRunIfStatus(ctx.db, ws, run.id, 'uploading', {
      status: 'failed',
      error: e instanceof AppError ? e.message : 'The upload did not complete',
      finishedAt: ctx.clock.now(),
      updatedAt: ctx.clock.now(),
    });
    throw e;
  }
  const set: Partial<repo.RunRow> = {
    fileBytes: stored.bytes,
    fileSha256: stored.sha256,
    fileChunks: stored.chunks,
    headers: peek?.headers ?? null,
    status: 'awaiting_mapping',
    updatedAt: ctx.clock.now(),
  };
  // Cancelled while the bytes were arriving (or failed by the sweeper): the cancellation stands.
  if (!(await repo.updateRunIfStatus(ctx.db, ws, run.id, 'uploading', set))) {
    await deleteChunksOf(ctx.db, ws, run.id);
    throw conflict('run_cancelled', 'The import was cancelled while it was uploading');
  }
  const uploaded = { ...run, ...set };
  if (q.start === 'false') return viewOf(ctx, uploaded);
  return startRun(
    ctx,
    run.id,
    { ...(mapping ? { mappingId: mapping.id } : {}), ...(opts.columns ? { columns: opts.columns } : {}) },
    opts,
  );
}

/** Resolve the mapping and queue a run that is waiting for it. */
export async function startRun(
  ctx: Ctx,
  id: string,
  input: StartImport,
  opts: { enqueue?: boolean } = {},
): Promise<ImportRun> {
  const ws = ctx.actor.workspaceId;
  const custom = isDelimitedRun(await mustGet(ctx, id)) ? await customFieldInfo(ctx) : [];
  const mappingRow = input.mappingId ? await getMappingRow(ctx, input.mappingId) : null;
  if (input.columns) checkColumns(input.columns, custom);
  return inTransaction(ctx, async (tx) => {
    const run = await repo.getRun(tx.db, ws, id, true);
    if (!run) throw notFound('import_run');
    if (run.status !== 'awaiting_mapping')
      throw conflict(
        'run_not_waiting',
        `The run is ${run.status}; only a run awaiting its mapping can start`,
      );
    let columns: Record<string, string> | null = null;
    if (isDelimited(run.format)) {
      columns = input.columns ?? mappingRow?.columns ?? suggestMapping(run.headers ?? [], custom);
      checkColumns(columns, custom, input.columns ? 'columns' : 'mappingId');
      if (!Object.values(columns).some((t) => t === 'firstName' || t === 'fullName'))
        throw invalid('mapping_without_name', 'The mapping gives no name', [
          { field: 'columns', message: 'map a column to firstName or fullName' },
        ]);
    }
    if (input.saveMappingAs && columns) {
      const now = tx.clock.now();
      const saved: repo.MappingRow = {
        id: newId(),
        workspaceId: ws,
        name: input.saveMappingAs,
        format: run.format,
        columns,
        createdBy: tx.actor.userId,
        createdAt: now,
        updatedAt: now,
      };
      if (!(await repo.insertMapping(tx.db, saved)))
        throw conflict('mapping_name_taken', 'A mapping with this name exists', [
          { field: 'saveMappingAs', message: 'is taken' },
        ]);
      run.mappingId = saved.id;
    }
    const set: Partial<repo.RunRow> = {
      mapping: columns,
      mappingId: mappingRow?.id ?? run.mappingId,
      status: 'queued',
      updatedAt: tx.clock.now(),
    };
    await repo.updateRun(tx.db, ws, id, set);
    const after = { ...run, ...set };
    await recordAudit(tx, {
      action: 'import_run.started',
      entityType: 'import_run',
      entityId: id,
      after: {
        format: after.format,
        source: after.sourceCode,
        fileBytes: after.fileBytes,
        sha256: after.fileSha256,
        mapping: columns,
      },
    });
    if (opts.enqueue !== false) await enqueue(tx, processImport, { workspaceId: ws, runId: id });
    return viewOf(tx, after);
  });
}

/** Runs as the API shows them: with the uploader's name (one lookup for the lot). */
async function views(ctx: Ctx, rows: readonly repo.RunRow[]): Promise<ImportRun[]> {
  const ids = rows.map((r) => r.createdBy).filter((id): id is string => id !== null);
  const names = ids.length ? await userSummaries(ctx, ids) : undefined;
  return rows.map((r) => runView(r, names));
}
const viewOf = async (ctx: Ctx, r: repo.RunRow) => (await views(ctx, [r]))[0]!;

const isDelimitedRun = (r: repo.RunRow) => isDelimited(r.format);

async function mustGet(ctx: Ctx, id: string): Promise<repo.RunRow> {
  const r = await repo.getRun(ctx.db, ctx.actor.workspaceId, id);
  if (!r) throw notFound('import_run');
  return r;
}

export async function getRun(ctx: Ctx, id: string): Promise<ImportRun> {
  return viewOf(ctx, await mustGet(ctx, id));
}

export async function listRuns(ctx: Ctx, q: { limit: number; cursor?: string | undefined }) {
  const cursor = timeIdCursor(q.cursor);
  const rows = await repo.listRuns(ctx.db, ctx.actor.workspaceId, cursor, q.limit + 1);
  const page = toPage(
    rows,
    q.limit,
    (r) => [r.createdAt.toISOString(), r.id],
    (r) => r,
  );
  return { ...page, items: await views(ctx, page.items) };
}

/**
 * The header row and first rows of an uploaded spreadsheet, with the suggested mapping (the wizard's step 2).
 * Redacted like candidate records: a column that the run's mapping, its saved mapping or the suggestion sends
 * to a field the reader may not read (contact details, a custom field in a sensitive group) has its values
 * left out of the rows and is listed in `redactedColumns`.
 */
export async function previewRun(ctx: Ctx, id: string) {
  const run = await mustGet(ctx, id);
  const custom = await customFieldInfo(ctx);
  const peek =
    run.fileChunks > 0 ? await peekDelimited(ctx.db, ctx.actor.workspaceId, run.id, run.format, 10) : null;
  if (!peek)
    throw conflict('no_preview', 'Only a stored spreadsheet (csv, tsv, linkedin, gem) has a column preview');
  const suggested = suggestMapping(peek.headers, custom);
  const saved = run.mappingId ? await repo.getMapping(ctx.db, ctx.actor.workspaceId, run.mappingId) : null;
  const mappings = [run.mapping, saved?.columns, suggested].filter((m) => !!m) as Record<string, string>[];
  const hidden = peek.headers.filter((h) =>
    mappings.some((m) => m[h] !== undefined && !mayReadTarget(ctx.actor, m[h], custom)),
  );
  const rows = hidden.length
    ? peek.rows.map((r) => Object.fromEntries(Object.entries(r).filter(([h]) => !hidden.includes(h))))
    : peek.rows;
  return {
    headers: peek.headers,
    rows,
    redactedColumns: hidden,
    suggestedMapping: suggested,
    targets: mappingTargets(custom),
  };
}

/** Ask a run to stop: a waiting run stops now, a running one after its current chunk. */
export async function cancelRun(ctx: Ctx, id: string): Promise<ImportRun> {
  return inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    const run = await repo.getRun(tx.db, ws, id, true);
    if (!run) throw notFound('import_run');
    if (['completed', 'failed', 'cancelled'].includes(run.status))
      throw conflict('run_finished', `The run is already ${run.status}`);
    const now = tx.clock.now();
    const set: Partial<repo.RunRow> =
      run.status === 'running'
        ? { cancelRequestedAt: now, updatedAt: now }
        : { status: 'cancelled', cancelRequestedAt: now, finishedAt: now, updatedAt: now };
    await repo.updateRun(tx.db, ws, id, set);
    if (set.status === 'cancelled') await deleteChunksOf(tx.db, ws, id);
    await recordAudit(tx, {
      action: 'import_run.cancelled',
      entityType: 'import_run',
      entityId: id,
      before: { status: run.status },
    });
    return viewOf(tx, { ...run, ...set });
  });
}

const csvCell = (v: string | number) => {
  const s = String(v);
  // Quote always; neutralise spreadsheet formulas (a cell starting with = + - @ is text, not a formula).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
};

/** The error report as CSV lines (row, field, reason), streamed page by page. */
export async function* errorReport(ctx: Ctx, id: string): AsyncGenerator<string> {
  await mustGet(ctx, id);
  yield 'row,field,reason\n';
  let after = 0;
  for (;;) {
    const rows = await repo.rowErrorsAfter(ctx.db, ctx.actor.workspaceId, id, after, 2000);
    if (rows.length === 0) return;
    // Keep a row's errors together: stop a page at a row boundary.
    const lastRow = rows[rows.length - 1]!.rowNo;
    const page = rows.length === 2000 ? rows.filter((r) => r.rowNo < lastRow) : rows;
    const take = page.length ? page : rows;
    yield take.map((r) => `${r.rowNo},${csvCell(r.field)},${csvCell(r.reason)}\n`).join('');
    after = take[take.length - 1]!.rowNo;
  }
}
