import { createHash } from 'node:crypto';
import { parse } from 'csv-parse';
import type { Executor } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { JsonSplitter, JsonTooLargeError, splitJsonArray } from './formats/json-stream.ts';
import * as repo from './imports.repository.ts';

/** Size of the pieces an upload is stored in (one row each in import_file_chunks). */
export const CHUNK_BYTES = 1024 * 1024;
/** A single CSV row or JSON record larger than this is refused (bounds memory per record). */
export const MAX_RECORD_BYTES = 4 * 1024 * 1024;

/**
 * Stream an upload into the database in ~1 MB pieces (never more than one piece in memory), hashing it on the
 * way. Any worker process can then read it. Refuses past `maxBytes`.
 */
export async function storeUpload(
  db: Executor,
  ws: string,
  runId: string,
  body: AsyncIterable<Uint8Array>,
  maxBytes: number,
  inspect?: { piece(b: Uint8Array): void; end(): void },
): Promise<{ bytes: number; sha256: string; chunks: number }> {
  const hash = createHash('sha256');
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let offset = 0;
  let seq = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const data = Buffer.concat(pending, pendingBytes);
    await repo.insertChunk(db, ws, runId, seq++, offset, data);
    offset += data.length;
    pending = [];
    pendingBytes = 0;
  };
  for await (const piece of body) {
    const buf = typeof piece === 'string' ? Buffer.from(piece) : piece;
    if (offset + pendingBytes + buf.length > maxBytes)
      throw new AppError('invalid', 'file_too_large', `The file is larger than ${maxBytes} bytes`, {
        fields: [{ field: 'body', message: `must be at most ${maxBytes} bytes` }],
      });
    hash.update(buf);
    inspect?.piece(buf);
    pending.push(buf);
    pendingBytes += buf.length;
    if (pendingBytes >= CHUNK_BYTES) await flush();
  }
  await flush();
  if (offset > 0) inspect?.end();
  return { bytes: offset, sha256: hash.digest('hex'), chunks: seq };
}

/** The stored file from byte `start` on, a few pieces per query. */
export async function* fileBytes(
  db: Executor,
  ws: string,
  runId: string,
  start: number,
): AsyncGenerator<Uint8Array> {
  let batch = await repo.chunksFrom(db, ws, runId, start, 4);
  let first = true;
  while (batch.length > 0) {
    for (const c of batch) {
      const data = Buffer.from(c.data);
      if (first) {
        first = false;
        const skip = start - c.offset;
        if (skip > 0) {
          if (skip < data.length) yield data.subarray(skip);
          continue;
        }
      }
      yield data;
    }
    batch = await repo.chunksAfter(db, ws, runId, batch[batch.length - 1]!.seq, 4);
  }
}

/** Wait for room in the parser, or for its end (a reader that stopped early destroys it). */
function drained(p: NodeJS.EventEmitter): Promise<void> {
  return new Promise((r) => {
    const done = () => {
      p.off('drain', done);
      p.off('close', done);
      r();
    };
    p.once('drain', done);
    p.once('close', done);
  });
}

export type RawRecord = { kind: 'row'; rowNo: number; end: number; value: Record<string, string> | unknown };

export const isDelimited = (format: string) =>
  format === 'csv' || format === 'tsv' || format === 'linkedin' || format === 'gem';

/**
 * Rows of a delimited file read from byte `start` (0: the header row is skipped), as header -> value, each with
 * the byte offset just after it (csv-parse counts bytes, BOM and line ends included, so an offset is exact
 * whatever the encoding or quoting).
 */
export async function* delimitedRecords(
  bytes: AsyncIterable<Uint8Array>,
  o: { format: string; headers: readonly string[]; start: number; rowNo: number },
): AsyncGenerator<RawRecord> {
  let rowNo = o.rowNo;
  const parser = parse({
    delimiter: o.format === 'tsv' ? '\t' : ',',
    bom: o.start === 0,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  const feed = (async () => {
    try {
      for await (const b of bytes) {
        if (parser.destroyed) return;
        if (!parser.write(b)) await drained(parser);
      }
      parser.end();
    } catch (e) {
      parser.destroy(e as Error);
    }
  })();
  let skipHeader = o.start === 0;
  for await (const rec of parser as AsyncIterable<{ record: string[]; info: { bytes: number } }>) {
    if (skipHeader) {
      skipHeader = false;
      continue;
    }
    const value: Record<string, string> = {};
    o.headers.forEach((h, i) => {
      value[h] = rec.record[i] ?? '';
    });
    yield { kind: 'row', rowNo: ++rowNo, end: o.start + rec.info.bytes, value };
  }
  await feed;
}

/**
 * Records of the stored file after the committed position: spreadsheet rows as header -> value (the header row
 * itself skipped), JSON elements parsed (an element that is not valid JSON comes as `undefined`, to be
 * rejected). `end` is the byte offset just after each record: the position to commit.
 */
export async function* readRecords(
  db: Executor,
  run: {
    id: string;
    workspaceId: string;
    format: string;
    headers: string[] | null;
    positionRow: number;
    positionByte: number;
  },
): AsyncGenerator<RawRecord> {
  const start = run.positionByte;
  let rowNo = run.positionRow;
  if (isDelimited(run.format)) {
    for await (const r of delimitedRecords(fileBytes(db, run.workspaceId, run.id, start), {
      format: run.format,
      headers: run.headers ?? [],
      start,
      rowNo,
    }))
      yield r;
    return;
  }
  for await (const el of splitJsonArray(fileBytes(db, run.workspaceId, run.id, start), {
    start,
    maxElementBytes: MAX_RECORD_BYTES,
  })) {
    let value: unknown;
    try {
      value = JSON.parse(el.text);
    } catch {
      value = undefined;
    }
    yield { kind: 'row', rowNo: ++rowNo, end: el.end, value };
  }
}

/** The header row and the first rows of a delimited file (for the mapping step), or null for JSON formats. */
export async function peekDelimited(db: Executor, ws: string, runId: string, format: string, rows: number) {
  if (!isDelimited(format)) return null;
  const parser = parse({
    delimiter: format === 'tsv' ? '\t' : ',',
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
    to_line: rows + 50,
  });
  const records: string[][] = [];
  const feed = (async () => {
    try {
      for await (const b of fileBytes(db, ws, runId, 0)) {
        if (records.length > rows || parser.destroyed) break;
        if (!parser.write(b)) await drained(parser);
      }
      parser.end();
    } catch (e) {
      parser.destroy(e as Error);
    }
  })();
  for await (const rec of parser as AsyncIterable<string[]>) {
    records.push(rec);
    if (records.length > rows) break;
  }
  parser.destroy();
  await feed.catch(() => undefined);
  const [head, ...rest] = records;
  // Headers name the columns of a mapping: blank ones get a name, repeated ones a number.
  const seen = new Map<string, number>();
  const headers = (head ?? []).map((h, i) => {
    const base = h.trim() || `column_${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
  return {
    headers,
    rows: rest.slice(0, rows).map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i] ?? '']))),
  };
}

/**
 * Upload validation of a JSON file, fed the pieces as they arrive (nothing kept): the structure must be one
 * object or an array of records ending with its closing bracket, no record over MAX_RECORD_BYTES. A truncated
 * file is refused before any of it is imported (400 naming the byte where it stops).
 */
export function jsonUploadCheck(): { piece(b: Uint8Array): void; end(): void } {
  const splitter = new JsonSplitter({ start: 0, maxElementBytes: MAX_RECORD_BYTES, keepText: false });
  const refuse = (e: unknown): never => {
    if (e instanceof SyntaxError || e instanceof JsonTooLargeError)
      throw new AppError('invalid', 'unreadable_file', `The file cannot be imported: ${e.message}`, {
        fields: [{ field: 'body', message: e.message }],
      });
    throw e;
  };
  return {
    piece(b) {
      try {
        for (const _ of splitter.feed(b)) {
          // structure only
        }
      } catch (e) {
        refuse(e);
      }
    },
    end() {
      try {
        splitter.end();
      } catch (e) {
        refuse(e);
      }
    },
  };
}
