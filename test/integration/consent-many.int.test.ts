import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Channel, mayContact, mayContactMany } from '../../src/modules/candidates/index.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { type Client, createTestApp, type TestApp } from '../support/app.ts';

// The batched contact decision must say exactly what `mayContact` says, candidate by candidate.
const NOW = new Date('2026-03-09T14:00:00Z');
const DAY = 86_400_000;
const clock = fixedClock(NOW);

let t: TestApp;
let admin: Client;
let recruiter: Client;
let workspaceId: string;
let otherWorkspaceCandidate: string;
const ids: Record<string, string> = {};

async function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

async function candidate(c: Client, name: string, over: Record<string, unknown> = {}) {
  return (
    await ok(
      await c.post('/api/v1/candidates', {
        firstName: name,
        lastName: 'Many',
        emails: [{ address: `${name.toLowerCase()}@example.com` }],
        phones: [{ number: '+4930123456' }],
        location: { country: 'DE' },
        ...over,
      }),
      201,
    )
  ).id as string;
}
const consent = async (id: string, body: Record<string, unknown>) =>
  ok(
    await recruiter.post(`/api/v1/candidates/${id}/consents`, {
      purpose: 'contact',
      evidence: 'form',
      ...body,
    }),
    201,
  );
const withdraw = async (id: string, channel: string) =>
  ok(
    await recruiter.post(`/api/v1/candidates/${id}/consents/withdraw`, {
      purpose: 'contact',
      channel,
      reason: 'asked us to stop',
    }),
  );

beforeAll(async () => {
  t = await createTestApp({ clock });
  ({ workspaceId, admin } = await t.workspace());
  recruiter = await t.user(workspaceId, { roles: ['recruiter'] });
  ids.usNoLedger = await candidate(recruiter, 'Usa', { location: { country: 'US' } });
  ids.caNoLedger = await candidate(recruiter, 'Cali', { location: { country: 'US', region: 'CA' } });
  ids.deNoLedger = await candidate(recruiter, 'Dora');
  ids.deConsent = await candidate(recruiter, 'Given');
  await consent(ids.deConsent, { channel: 'email', lawfulBasis: 'consent' });
  ids.deWithdrawn = await candidate(recruiter, 'Withdrawn');
  await consent(ids.deWithdrawn, { channel: 'email', lawfulBasis: 'consent' });
  await withdraw(ids.deWithdrawn, 'email');
  ids.deObjection = await candidate(recruiter, 'Objects');
  await withdraw(ids.deObjection, 'any');
  ids.deExpired = await candidate(recruiter, 'Expired');
  await consent(ids.deExpired, {
    channel: 'email',
    lawfulBasis: 'legitimate_interest',
    givenAt: new Date(NOW.getTime() - 400 * DAY).toISOString(),
    expiresAt: new Date(NOW.getTime() - 35 * DAY).toISOString(),
  });
  ids.deExpiresSoon = await candidate(recruiter, 'Soon');
  await consent(ids.deExpiresSoon, {
    channel: 'any',
    lawfulBasis: 'consent',
    givenAt: new Date(NOW.getTime() - 10 * DAY).toISOString(),
    expiresAt: new Date(NOW.getTime() + 20 * DAY).toISOString(),
  });
  ids.deRegranted = await candidate(recruiter, 'Again');
  await consent(ids.deRegranted, {
    channel: 'email',
    lawfulBasis: 'consent',
    givenAt: new Date(NOW.getTime() - 30 * DAY).toISOString(),
  });
  await withdraw(ids.deRegranted, 'email');
  await consent(ids.deRegranted, { channel: 'sms', lawfulBasis: 'contract' });
  ids.dnc = await candidate(recruiter, 'Never', { status: 'do_not_contact' });
  ids.noEmail = await candidate(recruiter, 'Phoneonly', { emails: [], location: { country: 'US' } });
  ids.noPhone = await candidate(recruiter, 'Mailonly', { phones: [], location: { country: 'US' } });
  ids.nothing = await candidate(recruiter, 'Bare', { emails: [], phones: [] });
  const other = await t.workspace('Other');
  otherWorkspaceCandidate = await candidate(other.admin, 'Stranger', { location: { country: 'US' } });
});

afterAll(async () => {
  await t?.close();
});

const CHANNELS: Channel[] = ['email', 'sms', 'phone'];

async function expectAgreement(at?: Date) {
  const ctx = t.systemCtx(workspaceId);
  const all = Object.values(ids);
  for (const channel of CHANNELS) {
    const many = await mayContactMany(ctx, all, channel, at);
    expect(many.size).toBe(all.length);
    for (const [name, id] of Object.entries(ids))
      expect({ name, ...many.get(id) }).toEqual({ name, ...(await mayContact(ctx, id, channel, at)) });
  }
}

describe('mayContactMany', () => {
  it('gives mayContact’s decision for every candidate, channel and instant', async () => {
    await expectAgreement();
    await expectAgreement(new Date(NOW.getTime() + 60 * DAY)); // after the "soon" grant has expired
    await expectAgreement(new Date(NOW.getTime() - 20 * DAY)); // before the regrant's withdrawal
  });

  it('covers the interesting answers (the mix is not all one reason)', async () => {
    const many = await mayContactMany(t.systemCtx(workspaceId), Object.values(ids), 'email');
    const reasons = new Set([...many.values()].map((d) => d.reason));
    expect([...reasons].sort()).toEqual(
      [
        'consent_on_record',
        'do_not_contact',
        'expired',
        'no_address',
        'no_lawful_basis',
        'policy_allows',
        'withdrawn',
      ].sort(),
    );
  });

  it('follows the workspace policy as mayContact does', async () => {
    await ok(await admin.patch('/api/v1/candidate-settings', { contactPolicy: 'require_basis' }));
    await expectAgreement();
    await ok(
      await admin.patch('/api/v1/candidate-settings', { contactPolicy: 'allow', basisRequiredIn: [] }),
    );
    await expectAgreement();
    await ok(await admin.patch('/api/v1/candidate-settings', { basisRequiredIn: ['gdpr'] }));
  });

  it('leaves out ids of other workspaces and unknown ids; repeats and empty lists are fine', async () => {
    const ctx = t.systemCtx(workspaceId);
    const unknown = '01900000-0000-7000-8000-000000000000';
    const many = await mayContactMany(
      ctx,
      [ids.usNoLedger!, otherWorkspaceCandidate, unknown, ids.usNoLedger!],
      'email',
    );
    expect([...many.keys()]).toEqual([ids.usNoLedger]);
    await expect(mayContact(ctx, otherWorkspaceCandidate, 'email')).rejects.toMatchObject({
      kind: 'not_found',
    });
    expect((await mayContactMany(ctx, [], 'email')).size).toBe(0);
  });
});
