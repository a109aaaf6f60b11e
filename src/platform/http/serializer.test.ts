import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pageOf } from './pagination.ts';
import { Problem } from './problem.ts';
import { requestId } from './request-id.ts';
import { securityHeaders } from './security-headers.ts';
import { hasCompiledWriter, ResponseShapeError, serializerCompiler } from './serializer.ts';

const route = (schema: unknown) => ({ schema, method: 'GET', url: '/x', httpStatus: '200' });
const compiled = (schema: z.ZodType) => serializerCompiler(route(schema)) as (data: unknown) => string;
const viaZod = (schema: z.ZodType) =>
  zodSerializerCompiler(route(schema) as Parameters<typeof zodSerializerCompiler>[0]) as (
    data: unknown,
  ) => string;

const RoleRef = z.object({ id: z.uuid(), key: z.string(), name: z.string() });
const User = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    status: z.enum(['active', 'disabled']),
    roles: z.array(RoleRef),
    createdAt: z.iso.datetime(),
    lastSignInAt: z.iso.datetime().nullable(),
    score: z.number().int().optional(),
    extra: z.record(z.string(), z.unknown()).optional(),
    flag: z.boolean(),
    kind: z.literal('user'),
    payload: z.unknown(),
  })
  .meta({ id: 'TestUser' });
const Page = pageOf(User);

const user = (o: Record<string, unknown> = {}) => ({
  id: '0190b3a0-0000-7000-8000-000000000001',
  email: 'ada@example.com',
  name: 'Ada "the first" Lovelace \u2028 \\ </script> \u0001 \t 😀 \ud800',
  status: 'active',
  roles: [{ id: '0190b3a0-0000-7000-8000-0000000000aa', key: 'recruiter', name: 'Recruiter' }],
  createdAt: '2025-01-02T03:04:05.678Z',
  lastSignInAt: null,
  flag: false,
  kind: 'user',
  payload: { nested: [1, 'two', null] },
  ...o,
});

describe('compiled response serializer', () => {
  it('writes the same bytes as the zod serializer', () => {
    const pages = [
      { items: [], nextCursor: null },
      {
        items: [
          user(),
          user({ score: 7, extra: { a: 1, b: undefined, c: 'x' }, payload: undefined }),
          user({ lastSignInAt: '2025-02-02T00:00:00.000Z', roles: [] }),
        ],
        nextCursor: 'abc',
      },
    ];
    expect(hasCompiledWriter(Page)).toBe(true);
    for (const p of pages) expect(compiled(Page)(p)).toBe(viaZod(Page)(p));
  });

  it('leaves out properties the schema does not declare (no leaks)', () => {
    const out = JSON.parse(compiled(Page)({ items: [user({ passwordHash: 'secret' })], nextCursor: null }));
    expect(out.items[0]).not.toHaveProperty('passwordHash');
  });

  it('refuses a response of the wrong shape, naming where', () => {
    const write = compiled(Page);
    const cases: [unknown, string][] = [
      [{ items: [user({ email: undefined })], nextCursor: null }, 'items.0.email'],
      [{ items: [user({ status: 'gone' })], nextCursor: null }, 'items.0.status'],
      [{ items: [user({ score: 1.5 })], nextCursor: null }, 'items.0.score'],
      [{ items: [user({ roles: {} })], nextCursor: null }, 'items.0.roles'],
      [{ items: [user({ createdAt: new Date() })], nextCursor: null }, 'items.0.createdAt'],
      [{ items: [user({ kind: 'robot' })], nextCursor: null }, 'items.0.kind'],
      [{ items: [], nextCursor: 3 }, 'nextCursor'],
    ];
    for (const [data, path] of cases) {
      expect(() => write(data)).toThrow(ResponseShapeError);
      expect(() => write(data)).toThrow(`at ${path}:`);
    }
  });

  it('serialises problem details like the zod serializer', () => {
    const p = {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      code: 'validation_failed',
      detail: 'Invalid request',
      instance: '/api/v1/users',
      requestId: 'r1',
      errors: [{ field: 'email', in: 'body', message: 'is required' }],
    };
    expect(hasCompiledWriter(Problem)).toBe(true);
    expect(compiled(Problem)(p)).toBe(viaZod(Problem)(p));
  });

  it('keeps the zod serializer for schemas it has no writer for', () => {
    const Union = z.object({ v: z.union([z.string(), z.number()]) });
    const Strict = z.object({ a: z.string() }).strict();
    const Defaulted = z.object({ a: z.string().default('x') });
    const cases: [z.ZodType, unknown][] = [
      [Union, { v: 1 }],
      [Strict, { a: 'y' }],
      [Defaulted, { a: 'y' }],
    ];
    for (const [schema, data] of cases) {
      expect(hasCompiledWriter(schema)).toBe(false);
      expect(compiled(schema)(data)).toBe(viaZod(schema)(data));
    }
    expect(() => compiled(Strict)({ a: 'y', b: 1 })).toThrow();
  });
});

describe('request ids', () => {
  it('are UUIDv7s that start with the current time', () => {
    const ids = Array.from({ length: 1000 }, () => requestId());
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(ids).size).toBe(ids.length);
    const ms = Number.parseInt(ids[0]!.replace('-', '').slice(0, 12), 16);
    expect(Math.abs(ms - Date.now())).toBeLessThan(5000);
  });
});

describe('security headers', () => {
  it('are the ones helmet sets for the options', async () => {
    const h = await securityHeaders({
      contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } },
      hsts: false,
    });
    expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['x-frame-options']).toBe('SAMEORIGIN');
    expect(h).not.toHaveProperty('strict-transport-security');
    expect(h).not.toHaveProperty('content-type');
    expect(await securityHeaders({ hsts: true })).toHaveProperty('strict-transport-security');
  });
});
