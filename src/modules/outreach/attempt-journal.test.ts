import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttemptJournal, type AttemptStart } from './attempt-journal.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'attempt-journal-'));
  file = path.join(dir, 'attempts.journal');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const attempt = (n: number, outbox = `o${n}`, number = 1): AttemptStart => ({
  logId: `log-${n}-${number}`,
  workspaceId: 'ws',
  outboxId: outbox,
  attempt: number,
  worker: 'host:1',
  at: new Date(Date.UTC(2026, 11, 8, 9, 0, n)),
});

describe('AttemptJournal', () => {
  it('keeps begun attempts across a restart of the process (a new journal on the same file)', () => {
    const j = new AttemptJournal(file);
    j.begin(attempt(1));
    j.begin(attempt(2));
    // Left open, as by a killed process.
    const again = new AttemptJournal(file);
    expect(again.entries()).toEqual([attempt(1), attempt(2)]);
    expect(again.latest(['o2', 'o3'])).toEqual(new Map([['o2', attempt(2)]]));
    j.close();
    again.close();
  });

  it('gives the highest attempt of a row', () => {
    const j = new AttemptJournal(file);
    j.begin(attempt(1, 'o1', 1));
    j.begin(attempt(1, 'o1', 3));
    j.begin(attempt(1, 'o1', 2));
    expect(j.latest(['o1']).get('o1')?.attempt).toBe(3);
    j.close();
  });

  it('empties the file once every attempt is recorded', () => {
    const j = new AttemptJournal(file);
    j.begin(attempt(1));
    j.begin(attempt(2));
    j.forget([attempt(1).logId]);
    expect(statSync(file).size).toBeGreaterThan(0);
    j.forget([attempt(2).logId]);
    expect(statSync(file).size).toBe(0);
    j.begin(attempt(3));
    j.close();
    expect(new AttemptJournal(file).entries()).toEqual([attempt(3)]);
  });

  it('ignores a torn last line (the process killed during its write)', () => {
    const j = new AttemptJournal(file);
    j.begin(attempt(1));
    j.close();
    appendFileSync(file, '{"l":"log-2-1","w":"ws","o":"o2","n":1,"k":"ho');
    const again = new AttemptJournal(file);
    expect(again.entries()).toEqual([attempt(1)]);
    // Appending after the torn line still gives readable lines.
    again.begin(attempt(3));
    again.close();
    expect(new AttemptJournal(file).entries()).toEqual([attempt(1), attempt(3)]);
  });

  it('ignores a whole last line without its newline (its write had not returned)', () => {
    const j = new AttemptJournal(file);
    j.begin(attempt(1));
    j.close();
    appendFileSync(
      file,
      JSON.stringify({ l: 'log-2-1', w: 'ws', o: 'o2', n: 1, k: 'h', t: '2026-12-08T09:00:02Z' }),
    );
    const again = new AttemptJournal(file);
    expect(again.entries()).toEqual([attempt(1)]);
    again.close();
  });

  it('rewrites a grown file with only what is unrecorded', () => {
    const j = new AttemptJournal(file);
    j.begin(attempt(0, 'keep'));
    const many = Array.from({ length: 15000 }, (_, i) => attempt(i + 1));
    for (const a of many) j.begin(a);
    expect(statSync(file).size).toBeGreaterThan(1 << 20);
    j.forget(many.map((a) => a.logId));
    expect(statSync(file).size).toBeLessThan(200);
    j.begin(attempt(9999));
    j.close();
    expect(new AttemptJournal(file).entries()).toEqual([attempt(0, 'keep'), attempt(9999)]);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
  });
});
