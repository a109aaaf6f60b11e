import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Executor } from '../../platform/db/client.ts';
import { AUTH_CACHE_TTL_MS, AuthCache } from './auth-cache.ts';

const db = {} as Executor;
const otherDb = {} as Executor;
const NOW = Date.parse('2025-05-01T10:00:00Z');

function actor(o: Partial<Actor> = {}): Actor {
  return {
    kind: 'token',
    workspaceId: 'w1',
    userId: 'u1',
    email: 'a@example.com',
    permissions: new Set(['users:read']),
    tokenId: 't1',
    ...o,
  };
}

function filled(cache = new AuthCache()) {
  cache.cover(db);
  cache.set(db, 'h-token', cache.begin(), { actor: actor(), expiresAtMs: NOW + 60_000, touchedAtMs: NOW });
  cache.set(db, 'h-session', cache.begin(), {
    actor: actor({ kind: 'user', tokenId: undefined, sessionId: 's1', userId: 'u2' }),
    expiresAtMs: NOW + 60_000,
    touchedAtMs: NOW,
  });
  return cache;
}

afterEach(() => vi.useRealTimers());

describe('AuthCache', () => {
  it('holds nothing for a database whose changes it does not hear about', () => {
    const cache = new AuthCache();
    cache.set(db, 'h', cache.begin(), { actor: actor(), expiresAtMs: NOW + 60_000, touchedAtMs: NOW });
    expect(cache.enabled(db)).toBe(false);
    expect(cache.has(db, 'h', NOW)).toBe(false);
  });

  it('answers only for the database it was filled from', () => {
    const cache = filled();
    expect(cache.has(db, 'h-token', NOW)).toBe(true);
    expect(cache.has(otherDb, 'h-token', NOW)).toBe(false);
  });

  it('drops exactly the entries a change names', () => {
    let cache = filled();
    cache.invalidate([{ kind: 'token', id: 't1' }]);
    expect([cache.has(db, 'h-token', NOW), cache.has(db, 'h-session', NOW)]).toEqual([false, true]);

    cache = filled();
    cache.invalidate([{ kind: 'session', id: 's1' }]);
    expect([cache.has(db, 'h-token', NOW), cache.has(db, 'h-session', NOW)]).toEqual([true, false]);

    cache = filled();
    cache.invalidate([{ kind: 'user', id: 'u1' }]);
    expect([cache.has(db, 'h-token', NOW), cache.has(db, 'h-session', NOW)]).toEqual([false, true]);

    cache = filled();
    cache.invalidate([{ kind: 'workspace', id: 'w1' }]);
    expect(cache.size).toBe(0);
  });

  it('does not store a look-up that was running while something changed', () => {
    const cache = new AuthCache();
    cache.cover(db);
    const epoch = cache.begin();
    // ... the look-up reads the database; meanwhile a revocation (of anything) happens:
    cache.invalidate([{ kind: 'token', id: 'some other token' }]);
    cache.set(db, 'h', epoch, { actor: actor(), expiresAtMs: NOW + 60_000, touchedAtMs: NOW });
    expect(cache.has(db, 'h', NOW)).toBe(false);
  });

  it('never serves an entry past the credential expiry, nor past the TTL', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const cache = filled();
    expect(cache.has(db, 'h-token', NOW + 59_999)).toBe(true);
    expect(cache.has(db, 'h-token', NOW + 60_000)).toBe(false);
    expect(cache.has(db, 'h-session', NOW)).toBe(true);
    vi.advanceTimersByTime(AUTH_CACHE_TTL_MS);
    expect(cache.has(db, 'h-session', NOW)).toBe(false);
  });

  it('forgets everything and stops caching when it stops hearing about changes', () => {
    const cache = filled();
    cache.uncover(db);
    expect(cache.size).toBe(0);
    cache.set(db, 'h', cache.begin(), { actor: actor(), expiresAtMs: NOW + 60_000, touchedAtMs: NOW });
    expect(cache.size).toBe(0);
  });

  it('runs one look-up for callers that miss at the same moment, and stores its result', async () => {
    const cache = new AuthCache();
    cache.cover(db);
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const load = async () => {
      loads++;
      await gate;
      return { actor: actor(), expiresAtMs: NOW + 60_000, touchedAtMs: NOW };
    };
    const callers = Array.from({ length: 32 }, () => cache.resolve(db, 'h', NOW, load));
    release();
    const got = await Promise.all(callers);
    expect(loads).toBe(1);
    expect(got.every((r) => r?.actor.tokenId === 't1')).toBe(true);
    expect(cache.has(db, 'h', NOW)).toBe(true);
    await cache.resolve(db, 'h', NOW, load);
    expect(loads).toBe(1);
  });

  it('does not share a look-up across an invalidation, nor store what it read before it', async () => {
    const cache = new AuthCache();
    cache.cover(db);
    const tokenIds: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const first = cache.resolve(db, 'h', NOW, async () => {
      await gate;
      return { actor: actor({ tokenId: 'before' }), expiresAtMs: NOW + 60_000, touchedAtMs: NOW };
    });
    cache.invalidate([{ kind: 'token', id: 'before' }]);
    // A caller after the change reads again: the running look-up may have seen the old rows.
    const second = cache.resolve(db, 'h', NOW, async () => null);
    release();
    for (const r of await Promise.all([first, second])) tokenIds.push(r?.actor.tokenId ?? 'none');
    expect(tokenIds).toEqual(['before', 'none']);
    expect(cache.has(db, 'h', NOW)).toBe(false);
  });

  it('gives a joined caller nothing once the credential has expired at its own time', async () => {
    const cache = new AuthCache();
    cache.cover(db);
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const load = async () => {
      await gate;
      return { actor: actor(), expiresAtMs: NOW + 1_000, touchedAtMs: NOW };
    };
    const early = cache.resolve(db, 'h', NOW, load);
    const late = cache.resolve(db, 'h', NOW + 1_000, load);
    release();
    expect((await early)?.actor.tokenId).toBe('t1');
    expect(await late).toBeNull();
  });

  it('only loads for a database it does not cover, storing nothing', async () => {
    const cache = new AuthCache();
    let loads = 0;
    const load = async () => {
      loads++;
      return { actor: actor(), expiresAtMs: NOW + 60_000, touchedAtMs: NOW };
    };
    await Promise.all([cache.resolve(db, 'h', NOW, load), cache.resolve(db, 'h', NOW, load)]);
    expect(loads).toBe(2);
    expect(cache.has(db, 'h', NOW)).toBe(false);
  });

  it('rejects every caller that shared a failed look-up, and the next caller loads again', async () => {
    const cache = new AuthCache();
    cache.cover(db);
    let loads = 0;
    const failing = async () => {
      loads++;
      await Promise.resolve();
      throw new Error('connection lost');
    };
    const shared = [cache.resolve(db, 'h', NOW, failing), cache.resolve(db, 'h', NOW, failing)];
    for (const r of await Promise.allSettled(shared)) expect(r.status).toBe('rejected');
    expect(loads).toBe(1);
    const again = await cache.resolve(db, 'h', NOW, async () => {
      loads++;
      return { actor: actor(), expiresAtMs: NOW + 60_000, touchedAtMs: NOW };
    });
    expect(again?.actor.tokenId).toBe('t1');
    expect(loads).toBe(2);
  });
});
