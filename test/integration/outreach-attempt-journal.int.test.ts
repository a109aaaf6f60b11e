import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { workspaceSystemActor } from '../../src/modules/identity/index.ts';
import { AttemptJournal } from '../../src/modules/outreach/attempt-journal.ts';
import { closeAttemptJournals } from '../../src/modules/outreach/dispatch.service.ts';
import { configureDelivery, dispatchDue } from '../../src/modules/outreach/index.ts';
import { type MailTransport, SendFailure } from '../../src/modules/outreach/transports.ts';
import { queryRows, sql } from '../../src/platform/db/client.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { seedOutbox } from '../support/outreach-delivery-fixture.ts';

// Embedded mode begins each attempt in the attempt journal (a file beside the database) instead of a
// `started` row: the outcome is recorded as a whole send-log row, a crash's unrecorded attempts are found in
// the file by the next process and recorded without sending again.

let t: TestApp;
let dir: string;
let file: string;
let workspaceId: string;
const sent: string[] = [];
let fail: SendFailure | null = null;
const transport: MailTransport = {
  name: 'counting',
  gated: true,
  async send(m, ready) {
    await ready;
    if (fail) throw fail;
    sent.push(m.messageId);
    return { providerId: null, response: '250 queued' };
  },
};
const base = () => ({
  db: t.database.db,
  clock: t.clock,
  log: t.systemCtx(workspaceId).log,
  queue: t.tasks.queue,
});
const q = <R>(s: ReturnType<typeof sql>) => queryRows<R>(t.database.db, s);

beforeAll(async () => {
  t = await createTestApp();
  dir = mkdtempSync(path.join(tmpdir(), 'prospector-journal-'));
  file = path.join(dir, 'outreach-attempts.journal');
  configureDelivery({ attemptJournal: file, transport, leaseMs: 60_000, baseUrl: 'http://prospector.test' });
});
afterAll(async () => {
  configureDelivery({ attemptJournal: undefined, transport: undefined, leaseMs: 120_000 });
  await closeAttemptJournals();
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  sent.length = 0;
  fail = null;
});

describe('the attempt journal', () => {
  it('sends and records each attempt as one send-log row; the journal is empty afterwards', async () => {
    ({ workspaceId } = await seedOutbox(t.database, 5));
    expect(await dispatchDue(base(), workspaceSystemActor)).toMatchObject({ sent: 5, recovered: 0 });
    expect(sent).toHaveLength(5);
    const log = await q<{ outcome: string; attempt: number; ordered: boolean }>(
      sql`select l.outcome, l.attempt, l.started_at <= l.finished_at as ordered
          from outreach_send_log l join outreach_outbox o on o.id = l.outbox_id
          where o.workspace_id = ${workspaceId}`,
    );
    expect(log).toEqual(Array(5).fill({ outcome: 'sent', attempt: 1, ordered: true }));
    expect(statSync(file).size).toBe(0);
  });

  it('after a crash, an attempt found in the journal is recorded as sent without sending again', async () => {
    ({ workspaceId } = await seedOutbox(t.database, 2));
    const [victim] = await q<{ id: string }>(
      sql`select id from outreach_outbox where workspace_id = ${workspaceId} order by id limit 1`,
    );
    // A worker claimed it, began the attempt in its journal, handed it over and died before recording it.
    await q(sql`update outreach_outbox set status = 'sending', claimed_by = 'dead:1',
                claimed_at = now() - interval '1 hour' where id = ${victim!.id}`);
    await closeAttemptJournals();
    const dead = new AttemptJournal(file);
    dead.begin({
      logId: '00000000-0000-4000-8000-000000000001',
      workspaceId,
      outboxId: victim!.id,
      attempt: 1,
      worker: 'dead:1',
      at: new Date(Date.now() - 3_600_000),
    });
    dead.close();

    expect(await dispatchDue(base(), workspaceSystemActor)).toMatchObject({ sent: 1, recovered: 1 });
    const [row] = await q<{ status: string; outcome: string; worker: string; attempts: number }>(
      sql`select o.status, l.outcome, l.worker, o.attempts from outreach_outbox o
          join outreach_send_log l on l.outbox_id = o.id where o.id = ${victim!.id}`,
    );
    expect(row).toEqual({ status: 'sent', outcome: 'unknown', worker: 'dead:1', attempts: 1 });
    const [victimMessage] = await q<{ m: string }>(
      sql`select message_id as m from outreach_outbox where id = ${victim!.id}`,
    );
    expect(sent).toHaveLength(1);
    expect(sent).not.toContain(victimMessage!.m);
    expect(statSync(file).size).toBe(0);
  });

  it('forgets, when it opens, attempts whose outcome was recorded before the journal was told', async () => {
    ({ workspaceId } = await seedOutbox(t.database, 1));
    expect(await dispatchDue(base(), workspaceSystemActor)).toMatchObject({ sent: 1 });
    const [done] = await q<{ id: string; outbox: string; attempt: number }>(
      sql`select l.id, l.outbox_id as outbox, l.attempt from outreach_send_log l
          join outreach_outbox o on o.id = l.outbox_id where o.workspace_id = ${workspaceId}`,
    );
    await closeAttemptJournals();
    const stale = new AttemptJournal(file);
    stale.begin({
      logId: done!.id,
      workspaceId,
      outboxId: done!.outbox,
      attempt: 1,
      worker: 'x',
      at: new Date(),
    });
    stale.close();
    expect(readFileSync(file, 'utf8')).not.toBe('');
    await dispatchDue(base(), workspaceSystemActor);
    expect(statSync(file).size).toBe(0);
  });

  it('a temporary failure is recorded as its own send-log row and the message waits for its retry', async () => {
    ({ workspaceId } = await seedOutbox(t.database, 1));
    fail = new SendFailure('temporary', '451 try later');
    expect(await dispatchDue(base(), workspaceSystemActor)).toMatchObject({ sent: 0, retried: 1 });
    const [row] = await q<{ status: string; outcome: string; response: string; attempts: number }>(
      sql`select o.status, l.outcome, l.response, o.attempts from outreach_outbox o
          join outreach_send_log l on l.outbox_id = o.id where o.workspace_id = ${workspaceId}`,
    );
    expect(row).toEqual({ status: 'pending', outcome: 'temp_fail', response: '451 try later', attempts: 1 });
    expect(statSync(file).size).toBe(0);
  });
});
