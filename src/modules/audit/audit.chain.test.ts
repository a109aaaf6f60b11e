import { describe, expect, it } from 'vitest';
import { type ChainEntry, canonicalJson, checkRun, entryHash, GENESIS } from './audit.chain.ts';

const entry = (
  seq: number,
  prevHash: string,
  over: Partial<ChainEntry> = {},
): ChainEntry & { id: string; hash: string } => {
  const e: ChainEntry = {
    workspaceId: 'w',
    seq,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)),
    actorKind: 'user',
    actorId: 'u',
    actorLabel: 'ana@example.com',
    action: 'user.updated',
    entityType: 'user',
    entityId: 'x',
    before: { name: 'A' },
    after: { name: 'B', roles: [{ key: 'admin' }] },
    prevHash,
    ...over,
  };
  return { ...e, id: `id${seq}`, hash: entryHash(e) };
};

const chain = (n: number) => {
  const out: ReturnType<typeof entry>[] = [];
  let prev = GENESIS;
  for (let i = 1; i <= n; i++) {
    const e = entry(i, prev);
    out.push(e);
    prev = e.hash;
  }
  return out;
};

describe('canonicalJson', () => {
  it('does not depend on key order, at any depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { e: 3, f: 2 }] }, b: 1 }),
    );
  });
  it('drops undefined members and writes dates as ISO strings', () => {
    expect(canonicalJson({ a: undefined, d: new Date('2026-01-01T00:00:00Z') })).toBe(
      '{"d":"2026-01-01T00:00:00.000Z"}',
    );
  });
});

describe('entryHash', () => {
  it('changes when any field changes', () => {
    const base = entry(1, GENESIS);
    for (const over of [
      { action: 'user.created' },
      { after: { name: 'C', roles: [{ key: 'admin' }] } },
      { at: new Date(0) },
      { prevHash: '1'.repeat(64) },
      { actorLabel: 'eve@example.com' },
    ]) {
      expect(entry(1, GENESIS, over).hash).not.toBe(base.hash);
    }
  });
});

describe('checkRun', () => {
  it('accepts an intact chain and returns where to continue', () => {
    const c = chain(5);
    expect(checkRun(c, 1, GENESIS)).toEqual({ nextSeq: 6, prev: c[4]!.hash });
  });
  it('names an altered entry', () => {
    const c = chain(5);
    c[2] = { ...c[2]!, after: { name: 'tampered' } };
    expect(checkRun(c, 1, GENESIS)).toEqual({
      broken: { seq: 3, id: 'id3', reason: expect.stringMatching(/altered/) },
    });
  });
  it('names a missing entry', () => {
    const c = chain(5);
    c.splice(1, 1);
    expect(checkRun(c, 1, GENESIS)).toEqual({
      broken: { seq: 2, id: null, reason: expect.stringMatching(/missing/) },
    });
  });
  it('names a re-hashed entry whose link no longer matches', () => {
    const c = chain(3);
    const forged = entry(2, '2'.repeat(64), { action: 'forged' });
    c[1] = forged;
    expect(checkRun(c, 1, GENESIS)).toMatchObject({ broken: { seq: 2, id: 'id2' } });
  });
});
