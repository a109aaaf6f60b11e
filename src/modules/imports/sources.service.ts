import { can } from '../../platform/auth/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/client.ts';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { dpaDecision } from './dpa.rules.ts';
import type {
  CreateSource,
  CreateVendor,
  Source,
  UpdateSource,
  UpdateVendor,
  Vendor,
} from './imports.contract.ts';
import * as repo from './imports.repository.ts';

/** The catalogue every workspace starts with (added on first use; admins edit, archive or add to it). */
const DEFAULT_SOURCES: { code: string; name: string; kind: Source['kind']; channel: Source['channel'] }[] = [
  { code: 'linkedin', name: 'LinkedIn Recruiter', kind: 'sourcing_tool', channel: 'paid' },
  { code: 'indeed', name: 'Indeed', kind: 'job_board', channel: 'paid' },
  { code: 'gem', name: 'Gem', kind: 'sourcing_tool', channel: 'paid' },
  { code: 'greenhouse', name: 'Greenhouse (ATS migration)', kind: 'other', channel: 'owned' },
  { code: 'referral', name: 'Employee referral', kind: 'referral', channel: 'referral' },
  { code: 'career_site', name: 'Career site', kind: 'career_site', channel: 'owned' },
  { code: 'agency', name: 'Recruiting agency', kind: 'agency', channel: 'partner' },
  { code: 'event', name: 'Events and meetups', kind: 'event', channel: 'organic' },
  { code: 'internal', name: 'Internal mobility', kind: 'internal_mobility', channel: 'owned' },
  { code: 'spreadsheet', name: 'Spreadsheet import', kind: 'other', channel: 'organic' },
  { code: 'extension', name: 'Browser extension capture', kind: 'sourcing_tool', channel: 'organic' },
];

/** Add the default sources a workspace lacks (idempotent: codes already present are left alone). */
export async function ensureDefaultSources(db: Executor, workspaceId: string, now: Date): Promise<void> {
  await repo.insertSources(
    db,
    DEFAULT_SOURCES.map((s) => ({
      id: newId(),
      workspaceId,
      ...s,
      vendorId: null,
      costPerMonth: null,
      costPerHire: null,
      currency: null,
      archivedAt: null,
      createdAt: now,
      updatedAt: now,
    })),
  );
}

export function sourceView(r: repo.SourceRow): Source {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind as Source['kind'],
    vendorId: r.vendorId,
    channel: r.channel as Source['channel'],
    costPerMonth: r.costPerMonth,
    costPerHire: r.costPerHire,
    currency: r.currency,
    archived: r.archivedAt !== null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listSources(ctx: Ctx): Promise<Source[]> {
  const ws = ctx.actor.workspaceId;
  let rows = await repo.listSources(ctx.db, ws);
  if (rows.length === 0) {
    await ensureDefaultSources(ctx.db, ws, ctx.clock.now());
    rows = await repo.listSources(ctx.db, ws);
  }
  return rows.map(sourceView);
}

/** A source by code for an import or capture; the defaults are created on first use. Archived: refused. */
export async function sourceForIntake(ctx: Ctx, code: string, field = 'source'): Promise<repo.SourceRow> {
  const ws = ctx.actor.workspaceId;
  let s = await repo.sourceByCode(ctx.db, ws, code);
  if (!s) {
    await ensureDefaultSources(ctx.db, ws, ctx.clock.now());
    s = await repo.sourceByCode(ctx.db, ws, code);
  }
  if (!s)
    throw invalid('unknown_source', 'No such source', [{ field, message: `no source with code '${code}'` }]);
  if (s.archivedAt)
    throw invalid('archived_source', 'The source is archived', [{ field, message: 'is archived' }]);
  return s;
}

async function checkVendor(ctx: Ctx, vendorId: string | null | undefined) {
  if (vendorId && !(await repo.getVendor(ctx.db, ctx.actor.workspaceId, vendorId)))
    throw invalid('unknown_vendor', 'No such vendor', [
      { field: 'vendorId', message: 'is not a vendor of this workspace' },
    ]);
}

export async function createSource(ctx: Ctx, input: CreateSource): Promise<Source> {
  await checkVendor(ctx, input.vendorId);
  return inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    await ensureDefaultSources(tx.db, ws, tx.clock.now());
    const now = tx.clock.now();
    const row: repo.SourceRow = {
      id: newId(),
      workspaceId: ws,
      code: input.code,
      name: input.name,
      kind: input.kind,
      vendorId: input.vendorId ?? null,
      channel: input.channel,
      costPerMonth: input.costPerMonth ?? null,
      costPerHire: input.costPerHire ?? null,
      currency: input.currency ?? null,
      archivedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    if ((await repo.insertSources(tx.db, [row])) === 0)
      throw conflict('source_code_taken', 'A source with this code exists', [
        { field: 'code', message: 'is taken' },
      ]);
    await recordAudit(tx, {
      action: 'import_source.created',
      entityType: 'import_source',
      entityId: row.id,
      after: sourceView(row),
    });
    return sourceView(row);
  });
}

export async function updateSource(ctx: Ctx, id: string, input: UpdateSource): Promise<Source> {
  await checkVendor(ctx, input.vendorId);
  return inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    const before = await repo.getSource(tx.db, ws, id);
    if (!before) throw notFound('import_source');
    // The vendor decides whether records from this source are held for a missing DPA: only those who
    // manage vendors may attach, change or detach it.
    if (
      input.vendorId !== undefined &&
      input.vendorId !== before.vendorId &&
      !can(tx.actor, 'vendors:manage')
    )
      throw forbidden('missing_permission', "Changing a source's vendor needs vendors:manage");
    const now = tx.clock.now();
    const { archived, ...rest } = input;
    const set: Partial<repo.SourceRow> = { ...rest, updatedAt: now };
    if (archived !== undefined) set.archivedAt = archived ? (before.archivedAt ?? now) : null;
    await repo.updateSource(tx.db, ws, id, set);
    const after = { ...before, ...set };
    await recordAudit(tx, {
      action: 'import_source.updated',
      entityType: 'import_source',
      entityId: id,
      before: sourceView(before),
      after: sourceView(after),
    });
    return sourceView(after);
  });
}

// ---- vendors

export function vendorView(r: repo.VendorRow, today: string): Vendor {
  return {
    id: r.id,
    name: r.name,
    dpaStatus: r.dpaStatus as Vendor['dpaStatus'],
    dpaSignedAt: r.dpaSignedAt,
    dpaExpiresAt: r.dpaExpiresAt,
    regions: r.regions,
    notes: r.notes,
    dpaInForce: dpaDecision({ ...r, regions: ['*'] }, null, today).ok,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const today = (ctx: Ctx) => ctx.clock.now().toISOString().slice(0, 10);

function checkDates(signed: string | null | undefined, expires: string | null | undefined) {
  if (signed && expires && expires < signed)
    throw invalid('invalid_vendor', 'The vendor has invalid fields', [
      { field: 'dpaExpiresAt', message: 'is before the signature date' },
    ]);
}

export async function listVendors(ctx: Ctx): Promise<Vendor[]> {
  return (await repo.listVendors(ctx.db, ctx.actor.workspaceId)).map((v) => vendorView(v, today(ctx)));
}

export async function createVendor(ctx: Ctx, input: CreateVendor): Promise<Vendor> {
  checkDates(input.dpaSignedAt, input.dpaExpiresAt);
  return inTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    const row: repo.VendorRow = {
      id: newId(),
      workspaceId: tx.actor.workspaceId,
      name: input.name,
      dpaStatus: input.dpaStatus,
      dpaSignedAt: input.dpaSignedAt ?? null,
      dpaExpiresAt: input.dpaExpiresAt ?? null,
      regions: [...new Set(input.regions)],
      notes: input.notes,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await repo.insertVendor(tx.db, row)))
      throw conflict('vendor_name_taken', 'A vendor with this name exists', [
        { field: 'name', message: 'is taken' },
      ]);
    const view = vendorView(row, today(tx));
    await recordAudit(tx, {
      action: 'import_vendor.created',
      entityType: 'import_vendor',
      entityId: row.id,
      after: view,
    });
    return view;
  });
}

export async function updateVendor(ctx: Ctx, id: string, input: UpdateVendor): Promise<Vendor> {
  return inTransaction(ctx, async (tx) => {
    const ws = tx.actor.workspaceId;
    const before = await repo.getVendor(tx.db, ws, id);
    if (!before) throw notFound('import_vendor');
    const set: Partial<repo.VendorRow> = { ...input, updatedAt: tx.clock.now() };
    if (input.regions) set.regions = [...new Set(input.regions)];
    const after = { ...before, ...set };
    checkDates(after.dpaSignedAt, after.dpaExpiresAt);
    await repo.updateVendor(tx.db, ws, id, set);
    const view = vendorView(after, today(tx));
    await recordAudit(tx, {
      action: 'import_vendor.updated',
      entityType: 'import_vendor',
      entityId: id,
      before: vendorView(before, today(tx)),
      after: view,
    });
    return view;
  });
}
