import { createHash } from 'node:crypto';
import type { Ctx } from '../../platform/context.ts';
import type { FieldError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditMany } from '../audit/index.ts';
import {
  addIdentities,
  appendActivities,
  type CandidateFields,
  candidatesByIdentities,
  checkEntryUsers,
  createCandidatesBulk,
  type EntryContext,
  existingTouchpointKeys,
  externalKind,
  type NewActivity,
  type PreparedEntry,
  type ProvenanceEntry,
  prepareEntry,
  providedFields,
  recordProvenance,
} from '../candidates/index.ts';
import { flagManyForReview, type MatchResult, matchIncoming, mergeIncoming } from '../duplicates/index.ts';
import { dpaDecision } from './dpa.rules.ts';
import type { Outcome } from './imports.contract.ts';
import * as repo from './imports.repository.ts';
import type { MappedRecord, TouchMeta } from './mapping.rules.ts';

/** Where a batch comes from: the catalogue source, its vendor (DPA check) and the run, if any. */
export interface IntakeSource {
  source: repo.SourceRow;
  vendor: repo.VendorRow | null;
  runId: string | null;
  campaign: string | null;
  sourcer: string | null;
}

export interface IntakeRecord {
  rowNo: number | null;
  mapped: MappedRecord;
  /** A held record being released: the DPA decision was taken by a person. */
  skipDpa?: boolean;
  /** The entry rules already applied (prepareEntry with the run's source as the default), outside the transaction. */
  prepared?: PreparedEntry;
}

export interface IntakeResult {
  outcome: Outcome;
  candidateId: string | null;
  heldRowId: string | null;
  errors: FieldError[];
}

interface Live {
  i: number;
  fields: CandidateFields;
  input: Record<string, unknown>;
  meta: TouchMeta;
  key: string;
  /** The record's exact identity at this source: its external id, or a digest of its content without one. */
  ident: string;
}

type Decision =
  | { kind: 'new' }
  | { kind: 'merge' | 'review'; candidateId: string; score: number; evidence: unknown };

/** Same record, same touch: the source plus the external id, or the record's content when it has none. */
function recordIdentity(meta: TouchMeta, input: unknown): string {
  if (meta.externalId) return meta.externalId;
  return `sha256:${createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, 32)}`;
}

/** Exact keys two records of one batch may share (those are resolved in successive waves, never together). */
function exactKeys(l: Live, extKind: string): string[] {
  const out = l.fields.emails.map((e) => `email|${e.address}`);
  for (const p of l.fields.phones) out.push(`phone|${p.number}`);
  for (const k of l.fields.links) if (k.handle) out.push(`${k.kind}|${k.handle.toLowerCase()}`);
  out.push(`${extKind}|${l.ident}`);
  return out;
}

/**
 * Provenance rows for a field a merge changed: a location is recorded part by part (`location.city`...) as a
 * created record's is; other fields by their path, with the incoming value.
 */
function provenanceOf(f: CandidateFields, path: string): { field: string; value: unknown }[] {
  if (path === 'location')
    return (['city', 'region', 'country'] as const)
      .filter((k) => f[k] !== null && f[k] !== '')
      .map((k) => ({ field: `location.${k}`, value: f[k] }));
  if (path.startsWith('customFields.'))
    return [{ field: path, value: f.customFields[path.slice('customFields.'.length)] ?? null }];
  return [{ field: path, value: (f as unknown as Record<string, unknown>)[path] ?? null }];
}

/**
 * Take a batch of records in the caller's transaction: validate each with the candidates entry rules (a bad
 * record is rejected with its reasons and nothing of it stored), hold those from a vendor without a valid DPA
 * for the candidate's country, resolve the rest to existing candidates (external ids exactly, then the
 * duplicates module's matcher) or create them in one multi-row write, and record touchpoints and per-field
 * provenance. Records of one batch that share an exact key go in successive waves, so the second finds the
 * first. One result per record, in order.
 */
export async function intake(
  tx: Ctx,
  env: EntryContext,
  src: IntakeSource,
  records: readonly IntakeRecord[],
): Promise<IntakeResult[]> {
  const ws = tx.actor.workspaceId;
  const now = tx.clock.now();
  const day = now.toISOString().slice(0, 10);
  const code = src.source.code;
  const extKind = externalKind(code);
  const results: IntakeResult[] = records.map(() => ({
    outcome: 'rejected',
    candidateId: null,
    heldRowId: null,
    errors: [],
  }));

  let prepared: PreparedEntry[] = records.map((r) =>
    r.mapped.errors.length
      ? { ok: false, errors: r.mapped.errors }
      : (r.prepared ?? prepareEntry(env, { ...r.mapped.input, source: r.mapped.input.source ?? code }, now)),
  );
  prepared = await checkEntryUsers(tx, prepared);

  const live: Live[] = [];
  const held: repo.HeldRow[] = [];
  prepared.forEach((p, i) => {
    if (!p.ok) {
      results[i]!.errors = p.errors;
      return;
    }
    const m = records[i]!.mapped.meta;
    const meta: TouchMeta = {
      ...m,
      campaign: m.campaign ?? src.campaign,
      sourcer: m.sourcer ?? src.sourcer,
    };
    const ident = recordIdentity(meta, p.input);
    const l: Live = { i, fields: p.fields, input: p.input, meta, ident, key: `${code}:${ident}` };
    const d =
      src.vendor && !records[i]!.skipDpa
        ? dpaDecision(src.vendor, p.fields.country, day)
        : { ok: true as const };
    if (d.ok) {
      live.push(l);
      return;
    }
    const id = newId();
    results[i] = { outcome: 'held_for_dpa', candidateId: null, heldRowId: id, errors: [] };
    held.push({
      id,
      workspaceId: ws,
      runId: src.runId,
      rowNo: records[i]!.rowNo,
      sourceId: src.source.id,
      vendorId: src.vendor!.id,
      reason: d.reason,
      country: p.fields.country,
      input: p.input as Record<string, unknown>,
      meta: { ...meta, touchpointKey: l.key },
      status: 'held',
      candidateId: null,
      createdAt: now,
      decidedAt: null,
      decidedBy: null,
    });
  });
  if (held.length) {
    // A record already waiting in the held list (same source, same content or external id) is not held twice.
    const waiting = await repo.heldTouchpointKeys(
      tx.db,
      ws,
      held.map((h) => String(h.meta!.touchpointKey)),
    );
    const fresh = held.filter((h) => !waiting.has(String(h.meta!.touchpointKey)));
    for (const r of results) if (r.heldRowId && !fresh.some((h) => h.id === r.heldRowId)) r.heldRowId = null;
    await repo.insertHeld(tx.db, fresh);
    await recordAuditMany(
      tx,
      fresh.map((h) => ({
        action: 'import_held_row.held',
        entityType: 'import_held_row',
        entityId: h.id,
        after: {
          reason: h.reason,
          source: code,
          vendorId: h.vendorId,
          runId: h.runId,
          rowNo: h.rowNo,
          country: h.country,
        },
      })),
    );
  }

  const provenance: ProvenanceEntry[] = [];
  const prov = (candidateId: string, l: Live, field: string, value: unknown) =>
    provenance.push({
      candidateId,
      field,
      value,
      source: code,
      sourceId: src.source.id,
      importRunId: src.runId,
      externalId: l.meta.externalId,
      recordedAt: now,
    });

  let pending = live;
  while (pending.length) {
    const used = new Set<string>();
    const wave: Live[] = [];
    const next: Live[] = [];
    for (const l of pending) {
      const ks = exactKeys(l, extKind);
      if (ks.some((k) => used.has(k))) next.push(l);
      else {
        wave.push(l);
        for (const k of ks) used.add(k);
      }
    }
    const ext = await candidatesByIdentities(
      tx.db,
      ws,
      extKind,
      wave.map((l) => l.ident),
    );
    const toMatch = wave.filter((l) => !ext.has(l.ident));
    const matched: MatchResult[] = await matchIncoming(
      tx,
      toMatch.map((l) => ({ fields: l.fields, customFields: l.fields.customFields })),
    );
    const decisions = new Map<Live, Decision>();
    toMatch.forEach((l, j) => {
      decisions.set(l, matched[j]!);
    });
    for (const l of wave)
      if (!decisions.has(l))
        decisions.set(l, {
          kind: 'merge',
          candidateId: ext.get(l.ident)!,
          score: 1,
          evidence: null,
        });

    const creates = wave.filter((l) => decisions.get(l)!.kind !== 'merge');
    const ids = await createCandidatesBulk(
      tx,
      env,
      creates.map((l) => ({
        fields: l.fields,
        source: code,
        summary: `Imported from ${src.source.name}`,
        identities: [{ kind: extKind, value: l.ident }],
        // matchIncoming compared it with the stored candidates just now: duplicate control's create listener
        // compares it only with the other records of this batch.
        matched: true,
      })),
    );
    const flags: Parameters<typeof flagManyForReview>[1][number][] = [];
    for (let j = 0; j < creates.length; j++) {
      const l = creates[j]!;
      const id = ids[j]!;
      const d = decisions.get(l)!;
      if (d.kind === 'review') {
        flags.push({
          candidateId: id,
          otherCandidateId: d.candidateId,
          score: d.score,
          evidence: d.evidence as Parameters<typeof flagManyForReview>[1][number]['evidence'],
        });
        results[l.i] = { outcome: 'held_for_review', candidateId: id, heldRowId: null, errors: [] };
      } else results[l.i] = { outcome: 'created', candidateId: id, heldRowId: null, errors: [] };
      for (const f of providedFields(l.fields)) prov(id, l, f.field, f.value);
    }
    await flagManyForReview(tx, flags);
    for (const l of wave) {
      const d = decisions.get(l)!;
      if (d.kind !== 'merge') continue;
      const r = await mergeIncoming(
        tx,
        d.candidateId,
        { fields: l.fields, customFields: l.fields.customFields },
        {
          source: code,
          sourceId: src.source.id,
          importRunId: src.runId,
          externalId: l.meta.externalId,
          at: now,
        },
      );
      await addIdentities(tx.db, ws, [{ candidateId: d.candidateId, kind: extKind, value: l.ident }]);
      for (const f of r.fields)
        for (const p of provenanceOf(l.fields, f)) prov(d.candidateId, l, p.field, p.value);
      results[l.i] = {
        outcome: r.changed ? 'merged' : 'unchanged',
        candidateId: d.candidateId,
        heldRowId: null,
        errors: [],
      };
    }
    pending = next;
  }

  // Touchpoints: one per arrival, except an unchanged record whose same touch is already on the timeline
  // (re-running a file changes nothing).
  const unchanged = live.filter((l) => results[l.i]!.outcome === 'unchanged');
  const seen = await existingTouchpointKeys(
    tx.db,
    ws,
    unchanged.map((l) => results[l.i]!.candidateId!),
    unchanged.map((l) => l.key),
  );
  const touches: NewActivity[] = [];
  const touched = new Set<string>();
  for (const l of live) {
    const r = results[l.i]!;
    if (!r.candidateId || (r.outcome === 'unchanged' && seen.has(l.key))) continue;
    if (touched.has(`${r.candidateId}|${l.key}`)) continue;
    touched.add(`${r.candidateId}|${l.key}`);
    touches.push({
      candidateId: r.candidateId,
      kind: 'source.touchpoint',
      source: code,
      summary: `Sourced from ${src.source.name}${l.meta.campaign ? ` (${l.meta.campaign})` : ''}`,
      occurredAt: now,
      data: {
        touchpointKey: l.key,
        source: code,
        sourceName: src.source.name,
        vendor: src.vendor?.name ?? null,
        campaign: l.meta.campaign,
        sourcer: l.meta.sourcer,
        profileUrl: l.meta.profileUrl,
        externalId: l.meta.externalId,
        importedAt: now.toISOString(),
        importRunId: src.runId,
        outcome: r.outcome,
      },
    });
  }
  await appendActivities(tx, touches);
  await recordProvenance(tx, provenance);
  return results;
}
