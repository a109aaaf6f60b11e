import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { entryContext } from '../candidates/index.ts';
import type { Capture } from './imports.contract.ts';
import * as repo from './imports.repository.ts';
import { intake } from './intake.service.ts';
import { sourceForIntake } from './sources.service.ts';

/**
 * One prospect captured from a profile page (what a browser extension calls): the same intake as an import row
 * (entry rules, DPA hold, external id and duplicate resolution, touchpoint, provenance), synchronously. A bad
 * record is a 400 naming each field under `candidate.`.
 */
export async function capture(ctx: Ctx, body: Capture) {
  const source = await sourceForIntake(ctx, body.source);
  const ws = ctx.actor.workspaceId;
  const vendor = source.vendorId ? ((await repo.getVendor(ctx.db, ws, source.vendorId)) ?? null) : null;
  const input: Record<string, unknown> = { ...body.candidate };
  if (body.profileUrl) {
    const links = Array.isArray(input.links) ? [...(input.links as unknown[])] : [];
    links.push({ url: body.profileUrl });
    input.links = links;
  }
  return inTransaction(ctx, async (tx) => {
    const env = await entryContext(tx.db, ws);
    const [r] = await intake(tx, env, { source, vendor, runId: null, campaign: null, sourcer: null }, [
      {
        rowNo: null,
        mapped: {
          input,
          meta: {
            externalId: body.externalId ?? null,
            profileUrl: body.profileUrl ?? null,
            campaign: body.campaign ?? null,
            sourcer: body.sourcer ?? tx.actor.email ?? null,
          },
          errors: [],
        },
      },
    ]);
    if (!r || r.outcome === 'rejected')
      throw invalid(
        'invalid_candidate',
        'The captured candidate has invalid fields',
        (r?.errors ?? []).map((e) => ({ ...e, field: `candidate.${e.field}` })),
      );
    return { outcome: r.outcome, candidateId: r.candidateId, heldRowId: r.heldRowId };
  });
}
