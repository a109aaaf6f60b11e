/**
 * Outreach planning: enroll N candidates (default 100,000) in a 3-step sequence through the product's enroll
 * service (calls of 1,000, the API's cap: selection, mayContact per candidate, sender check, schedule planned
 * in each candidate's zone, enrollment + step rows, timeline rows, one audit entry per call), against a
 * baseline in the same run: the same schedule rows computed by the same pure planner and written with raw
 * multi-row INSERTs (no checks, no timeline, no audit), in transactions of the same size.
 *
 *   npx tsx bench/outreach.bench.ts [--engine pglite|postgres|both] [--n 100000]
 *
 * Candidates are loaded first (bulk entry, not measured), spread over New York, Berlin, Sydney and Kolkata.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCandidatesBulk, entryContext, prepareEntry } from '../src/modules/candidates/index.ts';
import { createWorkspace, workspaceSystemActor } from '../src/modules/identity/index.ts';
import { enroll } from '../src/modules/outreach/enrollments.service.ts';
import type { EnrollmentRow, EnrollmentStepRow } from '../src/modules/outreach/outreach.repository.ts';
import { loadDefinition, newEnrollment, planEnv, zoneFor } from '../src/modules/outreach/planning.ts';
import { createSequence } from '../src/modules/outreach/sequences.service.ts';
import { createTemplate } from '../src/modules/outreach/templates.service.ts';
import { systemClock } from '../src/platform/clock.ts';
import { type Ctx, inTransaction } from '../src/platform/context.ts';
import { type Database, queryRows, sql } from '../src/platform/db/client.ts';
import { createLogger } from '../src/platform/logger.ts';
import { openBenchDatabase, ROOT, runCleanups } from './support.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const log = (s: string) => process.stdout.write(`${s}\n`);
const ZONES = ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata'];
const CALL = 1000;
const noQueue = { enqueue: async () => null };

async function setup(db: Database, n: number) {
  const base = { db: db.db, clock: systemClock, log: createLogger('silent'), queue: noQueue };
  const ws = await createWorkspace(base, {
    name: 'Outreach bench',
    admin: { email: `ob-${Date.now()}@bench.test`, name: 'B' },
  });
  const ctx: Ctx = { ...base, actor: workspaceSystemActor(ws.workspaceId) };
  const env = await entryContext(ctx.db, ws.workspaceId);
  const ids: string[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i += 500) {
    const items: {
      fields: Extract<ReturnType<typeof prepareEntry>, { ok: true }>['fields'];
      source: string;
    }[] = [];
    for (let j = i; j < Math.min(n, i + 500); j++) {
      const e = prepareEntry(
        env,
        {
          firstName: `C${j}`,
          lastName: 'Bench',
          emails: [{ address: `c${j}@bench.example.com` }],
          location: { country: 'US' },
          timeZone: ZONES[j % 4],
        },
        new Date(),
      );
      if (!e.ok) throw new Error(JSON.stringify(e.errors));
      items.push({ fields: e.fields, source: 'bench' });
    }
    ids.push(...(await inTransaction(ctx, (tx) => createCandidatesBulk(tx, env, items))));
  }
  log(`  ${n} candidates loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s (not measured)`);
  const tpl = (name: string, kind: 'email' | 'call_task') =>
    createTemplate(ctx, {
      name,
      kind,
      shared: true,
      subject: kind === 'email' ? 'Hi {{ first_name }}' : null,
      html: null,
      body: 'Hello {{ first_name }}',
    });
  const a = await tpl('A', 'email');
  const b = await tpl('B', 'email');
  const c = await tpl('Call', 'call_task');
  const sequence = (name: string) =>
    createSequence(ctx, {
      name,
      description: '',
      status: 'active',
      senderId: ws.admin.id,
      window: { start: '08:30', end: '17:30', days: [1, 2, 3, 4, 5] },
      stopStatuses: ['hired'],
      steps: [
        {
          kind: 'email',
          delay: { amount: 0, unit: 'hours' },
          variants: [{ templateId: a.id }, { templateId: b.id }],
        },
        {
          kind: 'reply_email',
          delay: { amount: 2, unit: 'business_days' },
          variants: [{ templateId: a.id }],
        },
        { kind: 'phone_task', delay: { amount: 4, unit: 'hours' }, variants: [{ templateId: c.id }] },
      ],
    });
  return {
    ctx,
    ids,
    product: await sequence('Product'),
    baseline: await sequence('Baseline'),
    senderId: ws.admin.id,
  };
}

/** The raw baseline: same rows from the same planner, written with plain multi-row INSERTs. */
async function baselineInsert(ctx: Ctx, sequenceId: string, senderId: string, ids: string[]) {
  const def = (await loadDefinition(ctx, sequenceId))!;
  const env = await planEnv(ctx);
  const zones = await queryRows<{ id: string; time_zone: string | null }>(
    ctx.db,
    sql`select id, time_zone from candidates where workspace_id = ${ctx.actor.workspaceId}`,
  );
  const zoneOf = new Map(zones.map((z) => [z.id, z.time_zone]));
  for (let i = 0; i < ids.length; i += CALL) {
    const now = new Date();
    const es: EnrollmentRow[] = [];
    const ss: EnrollmentStepRow[] = [];
    for (const candidateId of ids.slice(i, i + CALL)) {
      const { zone } = zoneFor(zoneOf.get(candidateId) ?? null, env);
      const { enrollment, steps } = newEnrollment(def, env, {
        workspaceId: ctx.actor.workspaceId,
        candidateId,
        senderId,
        enrolledBy: null,
        zone,
        now,
      });
      es.push(enrollment);
      ss.push(...steps);
    }
    await inTransaction(ctx, async (tx) => {
      await tx.db.execute(
        sql`insert into outreach_enrollments (id, workspace_id, sequence_id, candidate_id, sender_id, status, time_zone, enrolled_at, version, updated_at) values ${sql.join(
          es.map(
            (e) =>
              sql`(${e.id}, ${e.workspaceId}, ${e.sequenceId}, ${e.candidateId}, ${e.senderId}, 'active', ${e.timeZone}, ${e.enrolledAt}, 1, ${e.updatedAt})`,
          ),
          sql`, `,
        )}`,
      );
      for (let k = 0; k < ss.length; k += 2000)
        await tx.db.execute(
          sql`insert into outreach_enrollment_steps (id, workspace_id, enrollment_id, step_id, position, kind, variant, template_id, status, planned_at, idempotency_key, updated_at) values ${sql.join(
            ss
              .slice(k, k + 2000)
              .map(
                (s) =>
                  sql`(${s.id}, ${s.workspaceId}, ${s.enrollmentId}, ${s.stepId}, ${s.position}, ${s.kind}, ${s.variant}, ${s.templateId}, 'planned', ${s.plannedAt}, ${s.idempotencyKey}, ${s.updatedAt})`,
              ),
            sql`, `,
          )}`,
        );
    });
  }
}

async function runEngine(engine: 'pglite' | 'postgres', n: number) {
  log(`engine ${engine}`);
  const db = await openBenchDatabase(engine, 'outreach_bench');
  try {
    const s = await setup(db, n);
    let t0 = performance.now();
    let enrolled = 0;
    for (let i = 0; i < s.ids.length; i += CALL) {
      const r = await enroll(s.ctx, s.product.id, { selection: { candidateIds: s.ids.slice(i, i + CALL) } });
      enrolled += r.enrolled;
    }
    const productMs = performance.now() - t0;
    t0 = performance.now();
    await baselineInsert(s.ctx, s.baseline.id, s.senderId!, s.ids);
    const baselineMs = performance.now() - t0;
    const rows = await queryRows<{ seq: string; n: number }>(
      db.db,
      sql`select e.sequence_id as seq, count(*)::int as n from outreach_enrollment_steps st join outreach_enrollments e on e.id = st.enrollment_id group by 1`,
    );
    const f = {
      engine,
      enrollments: n,
      enrolled,
      stepRows: Object.fromEntries(
        rows.map((r) => [r.seq === s.product.id ? 'product' : 'baseline', Number(r.n)]),
      ),
      productMs: Math.round(productMs),
      productPerSecond: Math.round((n / productMs) * 1000),
      baselineMs: Math.round(baselineMs),
      baselinePerSecond: Math.round((n / baselineMs) * 1000),
      ratio: Number((baselineMs / productMs).toFixed(3)),
    };
    log(`  product  ${(productMs / 1000).toFixed(1)} s (${f.productPerSecond}/s, ${enrolled} enrolled)`);
    log(
      `  baseline ${(baselineMs / 1000).toFixed(1)} s (${f.baselinePerSecond}/s); product at ${(f.ratio * 100).toFixed(0)}% of raw`,
    );
    return f;
  } finally {
    await db.close();
  }
}

async function main() {
  const e = arg('engine', 'both');
  const engines = e === 'both' ? (['pglite', 'postgres'] as const) : ([e] as ['pglite' | 'postgres']);
  const n = Number(arg('n', '100000'));
  const results = [];
  try {
    for (const engine of engines) results.push(await runEngine(engine, n));
  } finally {
    await runCleanups();
  }
  const file = path.join(
    ROOT,
    'bench',
    'results',
    `outreach-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`written ${path.relative(ROOT, file)}`);
}

main().catch(async (err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  await runCleanups();
  process.exit(1);
});
