import {
  closeSync,
  existsSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';

/** One delivery attempt begun: what its `started` send-log row would hold. */
export interface AttemptStart {
  logId: string;
  workspaceId: string;
  outboxId: string;
  attempt: number;
  worker: string;
  at: Date;
}

/** The journal is rewritten with only its unrecorded entries once it has grown past this. */
const COMPACT_BYTES = 1 << 20;

/**
 * The attempts begun and not yet recorded in the database, as an append-only file beside the embedded
 * database: the embedded mode's `started` rows (docs/outreach.md, "Exactly once").
 *
 * In embedded mode one process owns the data directory (its lock), so the only worker that can take a
 * message over after a crash is a later process on the same directory, and it reads this file first. A line
 * is written with one synchronous write before the message's end is handed to the peer: it survives the
 * process being killed at any later point (it is in the operating system's cache), as a committed `started`
 * row would; like the asynchronous `started` commit on PostgreSQL, it is not flushed to the disk per message,
 * so a crash of the machine itself can lose the last lines, whose messages are then sent again. What it saves
 * is a database statement per message on PGlite's one session, which the next message waited for behind
 * every recording and claim.
 *
 * Entries leave the journal once their outcome is recorded (`forget`); the file is emptied when nothing is
 * left and rewritten (to a new file, renamed over the old one) when it has grown past 1 MiB. A torn last
 * line (the process killed during the write) is ignored: its message was not handed over.
 */
export class AttemptJournal {
  private readonly open = new Map<string, AttemptStart>();
  private fd: number;
  private size: number;
  /** Set when a failed write could not be undone: every later attempt is refused. */
  private broken: Error | null = null;

  constructor(readonly file: string) {
    const read = existsSync(file) ? readFileSync(file, 'utf8') : '';
    // Whole lines only: a last line without its newline was being written when the process died (its begin
    // never returned, so its message never went).
    const text = read.slice(0, read.lastIndexOf('\n') + 1);
    for (const line of text.split('\n')) {
      const a = parse(line);
      if (a) this.open.set(a.logId, a);
    }
    this.fd = openSync(file, 'a');
    this.size = fstatSync(this.fd).size;
    // A torn last line is cut off, so that the next line starts on a line of its own.
    const whole = Buffer.byteLength(text);
    if (this.open.size === 0) this.truncate();
    else if (whole < this.size) {
      ftruncateSync(this.fd, whole);
      this.size = whole;
    }
  }

  /** Record an attempt as begun; throws if the line could not be written (the message must not go). */
  begin(a: AttemptStart): void {
    if (this.broken) throw this.broken;
    const line = Buffer.from(lineOf(a));
    try {
      writeAll(this.fd, line);
    } catch (err) {
      // A part written stays out: the next line must start on a line of its own.
      try {
        ftruncateSync(this.fd, this.size);
      } catch {
        this.broken = new Error(
          `the attempt journal ${this.file} could not be repaired after a failed write`,
        );
      }
      throw err;
    }
    this.size += line.length;
    this.open.set(a.logId, a);
  }

  /** The unrecorded attempt with the highest number for each of these outbox rows. */
  latest(outboxIds: readonly string[]): Map<string, AttemptStart> {
    const want = new Set(outboxIds);
    const out = new Map<string, AttemptStart>();
    for (const a of this.open.values())
      if (want.has(a.outboxId) && (out.get(a.outboxId)?.attempt ?? 0) < a.attempt) out.set(a.outboxId, a);
    return out;
  }

  /** Every unrecorded attempt (reconciled with the database at a process's first dispatch). */
  entries(): AttemptStart[] {
    return [...this.open.values()];
  }

  /** These attempts' outcomes are recorded in the database: they leave the journal. */
  forget(logIds: Iterable<string>): void {
    for (const id of logIds) this.open.delete(id);
    try {
      if (this.open.size === 0) this.truncate();
      else if (this.size > COMPACT_BYTES) this.rewrite();
    } catch {
      // Housekeeping only: the file keeps every line, and the next call tries again.
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  private truncate(): void {
    if (this.size === 0) return;
    ftruncateSync(this.fd, 0);
    this.size = 0;
  }

  /** The unrecorded entries alone, to a new file renamed over the old one (either is whole after a crash). */
  private rewrite(): void {
    const next = `${this.file}.next`;
    const text = Buffer.from([...this.open.values()].map(lineOf).join(''));
    const fd = openSync(next, 'w');
    try {
      writeAll(fd, text);
    } finally {
      closeSync(fd);
    }
    renameSync(next, this.file);
    // The new file's descriptor before the old one is given up: `fd` always names an open journal file.
    const renamed = openSync(this.file, 'a');
    closeSync(this.fd);
    this.fd = renamed;
    this.size = text.length;
  }
}

function lineOf(a: AttemptStart): string {
  const v = { l: a.logId, w: a.workspaceId, o: a.outboxId, n: a.attempt, k: a.worker, t: a.at.toISOString() };
  return `${JSON.stringify(v)}\n`;
}

function writeAll(fd: number, data: Buffer): void {
  for (let done = 0; done < data.length; ) done += writeSync(fd, data, done);
}

function parse(line: string): AttemptStart | null {
  if (!line) return null;
  try {
    const v = JSON.parse(line) as {
      l?: unknown;
      w?: unknown;
      o?: unknown;
      n?: unknown;
      k?: unknown;
      t?: unknown;
    };
    if (
      typeof v.l !== 'string' ||
      typeof v.w !== 'string' ||
      typeof v.o !== 'string' ||
      typeof v.n !== 'number' ||
      typeof v.k !== 'string' ||
      typeof v.t !== 'string'
    )
      return null;
    const at = new Date(v.t);
    if (Number.isNaN(at.getTime())) return null;
    return { logId: v.l, workspaceId: v.w, outboxId: v.o, attempt: v.n, worker: v.k, at };
  } catch {
    // The torn last line of a process killed while writing it.
    return null;
  }
}
