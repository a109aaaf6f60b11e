import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
/**
 * A workspace with N candidates enrolled in a one-email sequence and every message handed to the outbox
 * (guards on, limits out of the way), for the dispatch kill test and the dispatch bench.
 */
import {
  type BulkNewCandidate,
  createCandidatesBulk,
  entryContext,
  prepareEntry,
} from '../../src/modules/candidates/index.ts';
import { createWorkspace, workspaceSystemActor } from '../../src/modules/identity/index.ts';
import {
  loadOutreachSettings,
  updateOutreachSettings,
} from '../../src/modules/outreach/delivery.repository.ts';
import { enroll } from '../../src/modules/outreach/enrollments.service.ts';
import { handOffDue } from '../../src/modules/outreach/index.ts';
import { createSequence } from '../../src/modules/outreach/sequences.service.ts';
import { createTemplate } from '../../src/modules/outreach/templates.service.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { type Ctx, inTransaction } from '../../src/platform/context.ts';
import type { Database } from '../../src/platform/db/client.ts';
import { createLogger } from '../../src/platform/logger.ts';

const noQueue = { enqueue: async () => null };

export async function seedOutbox(
  db: Database,
  n: number,
  opts: { domains?: number; limits?: 'high' | 'off' } = {},
): Promise<{ workspaceId: string; scheduled: number }> {
  const base = { db: db.db, clock: systemClock, log: createLogger('silent'), queue: noQueue };
  const ws = await createWorkspace(base, {
    name: 'Dispatch',
    admin: { email: `d-${Date.now()}@dispatch.example.com`, name: 'Dee Sender' },
  });
  const ctx: Ctx = { ...base, actor: workspaceSystemActor(ws.workspaceId) };
  const env = await entryContext(ctx.db, ws.workspaceId);
  const ids: string[] = [];
  const domains = opts.domains ?? 20;
  for (let i = 0; i < n; i += 500) {
    const items: BulkNewCandidate[] = [];
    for (let j = i; j < Math.min(n, i + 500); j++) {
      const e = prepareEntry(
        env,
        {
          firstName: `C${j}`,
          lastName: 'Dispatch',
          emails: [{ address: `c${j}@d${j % domains}.example.com` }],
          location: { country: 'US' },
          timeZone: 'America/New_York',
        },
        new Date(),
      );
      if (!e.ok) throw new Error(JSON.stringify(e.errors));
      items.push({ fields: e.fields, source: 'bench' });
    }
    ids.push(...(await inTransaction(ctx, (tx) => createCandidatesBulk(tx, env, items))));
  }
  const tpl = await createTemplate(ctx, {
    name: 'Intro',
    kind: 'email',
    shared: true,
    subject: 'Hello {{ first_name }}',
    html: '<p>Hi {{ first_name }}, are you open to a chat? {{ sender.name }}</p>',
    body: 'Hi {{ first_name }}, are you open to a chat? {{ sender.name }}',
  });
  const seq = await createSequence(ctx, {
    name: 'One email',
    description: '',
    status: 'active',
    senderId: ws.admin.id,
    window: { start: '00:00', end: '24:00', days: [1, 2, 3, 4, 5, 6, 7] },
    stopStatuses: ['hired'],
    steps: [{ kind: 'email', delay: { amount: 0, unit: 'hours' }, variants: [{ templateId: tpl.id }] }],
  });
  // Guards stay on; the limits are set where they never bite ('high') or switched off ('off').
  await loadOutreachSettings(db.db, ws.workspaceId);
  const big = opts.limits === 'off' ? 0 : 10_000_000;
  await updateOutreachSettings(db.db, ws.workspaceId, {
    capTouches: big,
    senderDailyLimit: big,
    domainPerMinute: big,
    domainPerHour: big,
  });
  for (let i = 0; i < ids.length; i += 1000)
    await enroll(ctx, seq.id, { selection: { candidateIds: ids.slice(i, i + 1000) } });
  const r = await handOffDue(base, workspaceSystemActor, 1_000_000);
  return { workspaceId: ws.workspaceId, scheduled: r.scheduled };
}

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/**
 * The dispatch worker as a child process of its own process group (so `process.kill(-pid, 'SIGKILL')` takes
 * tsx and node together), on a PGlite directory or a PostgreSQL URL. `exited` is -9 after a kill.
 */
export function startDispatchWorker(target: string, smtpUrl: string, leaseMs = 300) {
  const child: ChildProcess = spawn(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    [join(ROOT, 'test', 'support', 'outreach-dispatch-worker.ts'), target, smtpUrl, String(leaseMs)],
    { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const exited = new Promise<number>((res) =>
    child.once('close', (code, sig) => res(code ?? (sig ? -9 : -1))),
  );
  return { child, exited, output: () => out };
}
