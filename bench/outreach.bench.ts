/**
 * Outreach planning: enroll N candidates (default 100,000) in a 3-step sequence through the product's enroll
 * service (calls of 1,000, the API's cap: selection, the batched contact decision `mayContactMany`, sender
 * check, schedule planned in each candidate's zone, enrollment + step rows, timeline rows, one audit entry per
 * call), against a baseline in the same run: the same schedule rows computed by the same pure planner and
 * written with raw multi-row INSERTs (no checks, no timeline, no audit), in transactions of the same size.
 *
 * Then the scheduling-accuracy check: every planned time of every product enrollment is read back and checked,
 * with Intl.DateTimeFormat (not the planner's code), to lie inside the sequence's window in the enrollment's
 * zone: a window weekday, start <= local time < end, not a workspace holiday (two holidays are set in the
 * coming days so that the planner has to skip them). Violations must be 0 (exit code 1 otherwise).
 *
 *   npx tsx bench/outreach.bench.ts [--engine pglite|postgres|both] [--n 100000]
 *
 * Candidates are loaded first (bulk entry, not measured), spread over New York, Berlin, Sydney and Kolkata.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCandidatesBulk, entryContext, prepareEntry } from '../src/modules/candidates/index.ts';
import { createWorkspace, workspaceSystemActor } from '../src/modules/identity/index.ts';
import { enroll } from '../src/modules/outreach/enrollments.service.ts';
import type { EnrollmentRow, EnrollmentStepRow } from '../src/modules/outreach/outreach.repository.ts';
import { loadDefinition, newEnrollment, planEnv, zoneFor } from '../src/modules/outreach/planning.ts';
import { createSequence, setHolidays } from '../src/modules/outreach/sequences.service.ts';
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
const WINDOW = { start: '08:30', end: '17:30', days: [1, 2, 3, 4, 5] };
const DAY = 86_400_000;

/** Two weekdays in the coming days (local dates): the planner must skip them. */
function benchHolidays(now: Date): string[] {
  const out: string[] = [];
  for (let d = 1; out.length < 2; d++) {
    const day = new Date(now.getTime() + d * DAY);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) out.push(day.toISOString().slice(0, 10));
  }
  return out;
}
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
  const holidays = benchHolidays(new Date());
  await setHolidays(ctx, { days: holidays.map((date) => ({ date, name: 'Bench holiday' })) });
  const a = await tpl('A', 'email');
  const b = await tpl('B', 'email');
  const c = await tpl('Call', 'call_task');
  const sequence = (name: string) =>
    createSequence(ctx, {
      name,
      description: '',
      status: 'active',
      senderId: ws.admin.id,
      window: WINDOW,
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
    holidays,
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

// ---- scheduling accuracy, independently of the planner (Intl only)

const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formats = new Map<string, Intl.DateTimeFormat>();
/** Local weekday (ISO), date and seconds since local midnight of an instant in a zone. */
function localParts(t: Date, zone: string) {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(zone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(t)) p[part.type] = part.value;
  return {
    weekday: WEEKDAY[p.weekday!]!,
    date: `${p.year}-${p.month}-${p.day}`,
    seconds: Number(p.hour) * 3600 + Number(p.minute) * 60 + Number(p.second) + (t.getTime() % 1000) / 1000,
  };
}
const secondsOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 3600 + Number(hhmm.slice(3, 5)) * 60;

async function checkAccuracy(
  db: Database['db'],
  workspaceId: string,
  sequenceId: string,
  holidays: string[],
) {
  const start = secondsOf(WINDOW.start);
  const end = secondsOf(WINDOW.end);
  const holiday = new Set(holidays);
  let checked = 0;
  let unplanned = 0;
  let outOfOrder = 0;
  let enrollments = 0;
  let bad = 0;
  const violations: {
    enrollmentId: string;
    position: number;
    plannedAt: string;
    zone: string;
    why: string;
  }[] = [];
  const zones = new Map<string, number>();
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    // Keyset pages of enrollments with their steps (one statement each).
    const rows = await queryRows<{ id: string; zone: string; position: number; planned_at: Date | null }>(
      db,
      sql`select e.id, e.time_zone as zone, s.position, s.planned_at
          from (select id, time_zone from outreach_enrollments
                where workspace_id = ${workspaceId} and sequence_id = ${sequenceId} and id > ${after}
                order by id limit 10000) e
          join outreach_enrollment_steps s on s.enrollment_id = e.id
          order by e.id, s.position`,
    );
    if (rows.length === 0) break;
    let prevId = '';
    let prevAt = 0;
    for (const r of rows) {
      if (prevId !== r.id) {
        enrollments += 1;
        prevId = r.id;
        prevAt = 0;
      }
      if (!r.planned_at) {
        unplanned += 1;
        continue;
      }
      const at = new Date(r.planned_at);
      checked += 1;
      zones.set(r.zone, (zones.get(r.zone) ?? 0) + 1);
      if (at.getTime() < prevAt) outOfOrder += 1;
      prevAt = at.getTime();
      const l = localParts(at, r.zone);
      const why = !WINDOW.days.includes(l.weekday)
        ? `weekday ${l.weekday}`
        : holiday.has(l.date)
          ? `holiday ${l.date}`
          : l.seconds < start || l.seconds >= end
            ? `local time ${(l.seconds / 3600).toFixed(3)} h`
            : null;
      if (!why) continue;
      bad += 1;
      if (violations.length < 5)
        violations.push({
          enrollmentId: r.id,
          position: r.position,
          plannedAt: at.toISOString(),
          zone: r.zone,
          why,
        });
    }
    after = rows.at(-1)!.id;
  }
  return {
    enrollments,
    checked,
    unplanned,
    outOfOrder,
    violations: bad,
    sample: violations,
    zones: Object.fromEntries(zones),
  };
}

async function runEngine(engine: 'pglite' | 'postgres', n: number) {
  log(`engine ${engine}`);
  const db = await openBenchDatabase(engine, 'outreach_bench');
  try {
    const s = await setup(db, n);
    const loadBefore = os.loadavg().map((x) => Number(x.toFixed(2)));
    let t0 = performance.now();
    let enrolled = 0;
    for (let i = 0; i < s.ids.length; i += CALL) {
      const r = await enroll(s.ctx, s.product.id, { selection: { candidateIds: s.ids.slice(i, i + CALL) } });
      enrolled += r.enrolled;
      if ((i + CALL) % 10_000 === 0)
        log(`    ${i + CALL} enrolled, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const productMs = performance.now() - t0;
    t0 = performance.now();
    await baselineInsert(s.ctx, s.baseline.id, s.senderId!, s.ids);
    const baselineMs = performance.now() - t0;
    const loadAfter = os.loadavg().map((x) => Number(x.toFixed(2)));
    t0 = performance.now();
    const accuracy = await checkAccuracy(db.db, s.ctx.actor.workspaceId, s.product.id, s.holidays);
    const accuracyMs = performance.now() - t0;
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
      loadAverage: { before: loadBefore, after: loadAfter },
      holidays: s.holidays,
      accuracy: { ...accuracy, ms: Math.round(accuracyMs) },
    };
    log(`  product  ${(productMs / 1000).toFixed(1)} s (${f.productPerSecond}/s, ${enrolled} enrolled)`);
    log(
      `  baseline ${(baselineMs / 1000).toFixed(1)} s (${f.baselinePerSecond}/s); product at ${(f.ratio * 100).toFixed(0)}% of raw`,
    );
    log(
      `  accuracy: ${accuracy.checked} planned times of ${accuracy.enrollments} enrollments checked in local time, ` +
        `${accuracy.violations} outside the window, ${accuracy.outOfOrder} out of order, ${accuracy.unplanned} unplanned`,
    );
    for (const v of accuracy.sample) log(`    violation ${JSON.stringify(v)}`);
    log(`  load average ${loadBefore.join(' ')} before, ${loadAfter.join(' ')} after`);
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
  if (
    results.some(
      (r) => r.accuracy.violations > 0 || r.accuracy.outOfOrder > 0 || r.enrolled !== r.enrollments,
    )
  )
    process.exitCode = 1;
}

main().catch(async (err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  await runCleanups();
  process.exit(1);
});
