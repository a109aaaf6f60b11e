import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, problem, type TestApp } from '../support/app.ts';

// Generated from the live route table: a new route is covered the day it is added.
let t: TestApp;
let noRole: Client;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  const ws = await t.workspace();
  admin = ws.admin;
  noRole = await t.user(ws.workspaceId, { roles: [] });
});
afterAll(() => t?.close());

const fill = (url: string) => url.replace(/:(\w+)/g, '01a22349-0000-7000-8000-000000000000');

describe('every route checks access', () => {
  it('has routes to check', () => {
    expect(t.routes.length).toBeGreaterThan(15);
    // The only routes anyone may call: signing in, and the links in outreach emails (each carries a signed token).
    expect(
      t.routes
        .filter((r) => r.access === 'public')
        .map((r) => `${r.method} ${r.url}`)
        .sort(),
    ).toEqual([
      'GET /api/v1/t/c/:token',
      'GET /api/v1/t/o/:file',
      'GET /api/v1/unsubscribe/:token',
      'POST /api/v1/auth/sign-in',
      'POST /api/v1/unsubscribe/:token',
    ]);
  });

  it('refuses anonymous callers with 401 on every non-public route', async () => {
    for (const r of t.routes.filter((x) => x.access !== 'public')) {
      const res = await t.app.inject({
        method: r.method as 'GET',
        url: fill(r.url),
        payload: r.method === 'GET' ? undefined : {},
      });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(problem(res).code).toBe('unauthenticated');
    }
  });

  it('refuses a signed-in user without the permission with 403 on every permission route', async () => {
    for (const r of t.routes.filter((x) => typeof x.access === 'object')) {
      const res = await noRole.request(r.method as 'GET', fill(r.url), r.method === 'GET' ? undefined : {});
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(403);
      expect(problem(res).code).toBe('missing_permission');
    }
  });

  it('refuses a bearer token that is not valid with 401', async () => {
    for (const r of t.routes.filter((x) => x.access !== 'public')) {
      const res = await t.app.inject({
        method: r.method as 'GET',
        url: fill(r.url),
        headers: { authorization: 'Bearer prs_not-a-real-token' },
      });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it('refuses cookie-authenticated writes without the CSRF header', async () => {
    for (const r of t.routes.filter((x) => x.access !== 'public' && x.method !== 'GET')) {
      const res = await admin.request(r.method as 'POST', fill(r.url), {}, { 'x-csrf-token': 'wrong' });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(403);
      expect(problem(res).code).toBe('csrf_failed');
    }
  });

  it('documents every route in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const r of t.routes) {
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[r.method.toLowerCase()], `${r.method} ${r.url}`).toBeDefined();
    }
  });
});
