import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../../src/modules/identity/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { openPglite, queryRows, sql } from '../../src/platform/db/client.ts';
import { migrateDatabase } from '../../src/platform/db/migrate.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { testEngine } from '../support/engine.ts';

/**
 * Kill-and-resume with real processes: `prospector import` runs as a child process on an embedded data
 * directory, is killed with SIGKILL in the middle of the run, and the same command again finishes it. Every row
 * ends up stored exactly once; a third run of the same file changes nothing.
 */
const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const tsx = join(repo, 'node_modules', '.bin', 'tsx');
const main = join(repo, 'src', 'apps', 'cli', 'main.ts');
const dir = mkdtempSync(join(tmpdir(), 'prospector-import-'));
const dataDir = join(dir, 'data');
const ROWS = 240;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]) {
  const child: ChildProcess = spawn(tsx, [main, '--data-dir', dataDir, ...args], {
    cwd: repo,
    env: { ...process.env, PROSPECTOR_LOG_LEVEL: 'warn' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const exited = new Promise<number>((res) => child.once('close', (code) => res(code ?? -1)));
  return { child, output: () => out, exited };
}

async function withDb<T>(fn: (q: <R>(s: ReturnType<typeof sql>) => Promise<R[]>) => Promise<T>): Promise<T> {
  const db = await openPglite(join(dataDir, 'pg'));
  try {
    return await fn((s) => queryRows(db.db, s));
  } finally {
    await db.close();
  }
}

// The child process runs on an embedded data directory whatever TEST_ENGINE says: once is enough.
describe.skipIf(testEngine() === 'postgres')('prospector import (child process)', () => {
  it('resumes after being killed mid-run with no row lost or doubled, and a re-run changes nothing', async () => {
    // A data dir with a workspace, as after a first start.
    const db = await openPglite(join(dataDir, 'pg'));
    await migrateDatabase(db);
    await createWorkspace(
      {
        db: db.db,
        clock: systemClock,
        log: createLogger('silent'),
        queue: { enqueue: async () => null },
      },
      {
        name: 'Resume',
        admin: { email: 'admin@resume.example', name: 'Admin', password: 'correct horse battery' },
      },
    );
    await db.close();
    const lines = ['First Name,Last Name,Email,City'];
    // Names far apart from each other (so duplicate control sees distinct people), deterministic.
    const FIRST = [
      'Ada',
      'Bram',
      'Chiara',
      'Dmitri',
      'Eun',
      'Farah',
      'Goran',
      'Hana',
      'Ivo',
      'Jun',
      'Kemal',
      'Lior',
    ];
    let seed = 7;
    const letter = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return String.fromCharCode(97 + (seed % 26));
    };
    for (let i = 1; i <= ROWS; i++) {
      const last = Array.from({ length: 9 }, letter).join('');
      lines.push(
        `${FIRST[i % FIRST.length]},${last[0]!.toUpperCase()}${last.slice(1)},${last}.${i}@resume.example,Berlin`,
      );
    }
    const file = join(dir, 'people.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const args = ['import', file, '--format', 'csv', '--source', 'spreadsheet', '--chunk-rows', '20'];

    const first = cli(args);
    // Wait for a few committed chunks, then kill the whole process group without warning.
    const deadline = Date.now() + 120_000;
    while (!/progress \d+\/\d+ read (6\d|[7-9]\d|\d{3})\b/.test(first.output())) {
      if (Date.now() > deadline) throw new Error(`no progress:\n${first.output()}`);
      if (first.child.exitCode !== null) throw new Error(`exited early:\n${first.output()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    process.kill(-first.child.pid!, 'SIGKILL');
    await first.exited;
    const killedAt = await withDb(async (q) => {
      const [run] = await q<{ status: string; rows_read: number }>(
        sql`select status, rows_read from import_runs`,
      );
      return run!;
    });
    expect(killedAt.status).toBe('running');
    expect(killedAt.rows_read).toBeGreaterThan(0);
    expect(killedAt.rows_read).toBeLessThan(ROWS);

    const second = cli(args);
    expect(await second.exited, second.output()).toBe(0);
    expect(second.output()).toContain('Resuming import');
    expect(second.output()).toMatch(/completed: read \d+, created \d+/);

    const after = await withDb(async (q) => {
      // A record the matcher is unsure about is stored too (and queued for review): both count as new rows.
      const [run] = await q<{ status: string; rows_read: number; created: number }>(
        sql`select status, rows_read, created + held_for_review as created from import_runs`,
      );
      const [c] = await q<{ n: number; emails: number }>(
        sql`select count(*)::int as n, count(distinct emails->0->>'address')::int as emails from candidates`,
      );
      const [t] = await q<{ n: number }>(
        sql`select count(*)::int as n from candidate_activities where kind = 'source.touchpoint'`,
      );
      return { run: run!, candidates: c!, touches: t!.n };
    });
    expect(after.run, second.output()).toEqual({ status: 'completed', rows_read: ROWS, created: ROWS });
    expect(after.candidates).toEqual({ n: ROWS, emails: ROWS });
    expect(after.touches).toBe(ROWS);

    const third = cli(args);
    expect(await third.exited, third.output()).toBe(0);
    expect(third.output()).toMatch(
      new RegExp(`read ${ROWS}, created 0, merged 0, unchanged ${ROWS}, review 0`),
    );
    const final = await withDb(async (q) => {
      const [c] = await q<{ n: number }>(sql`select count(*)::int as n from candidates`);
      const [t] = await q<{ n: number }>(
        sql`select count(*)::int as n from candidate_activities where kind = 'source.touchpoint'`,
      );
      return { candidates: c!.n, touches: t!.n };
    });
    expect(final).toEqual({ candidates: ROWS, touches: ROWS });
  }, 300_000);
});
