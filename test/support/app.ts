import type { LightMyRequestResponse } from 'fastify';
import { tasks as moduleTasks } from '../../src/apps/modules.ts';
import { buildServer } from '../../src/apps/server.ts';
import {
  createRole,
  createUser,
  createWorkspace,
  listRoles,
  workspaceSystemActor,
} from '../../src/modules/identity/index.ts';
import { type Clock, systemClock } from '../../src/platform/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import type { Ctx } from '../../src/platform/context.ts';
import type { Database } from '../../src/platform/db/client.ts';
import type { App, RouteInfo } from '../../src/platform/http/app.ts';
import { newSecret } from '../../src/platform/ids.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createTaskRuntime, type TaskRuntime } from '../../src/platform/queue/runtime.ts';
import { freshDatabase } from './db.ts';

export const PASSWORD = 'correct horse battery staple';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A signed-in caller: session cookie + CSRF token, or a bearer token. */
export class Client {
  constructor(
    private readonly app: App,
    readonly auth: { cookie?: string; csrf?: string; bearer?: string },
    readonly info: { userId: string; workspaceId: string; email: string },
  ) {}

  request(method: Method, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { ...headers };
    if (this.auth.cookie) h.cookie = `prospector_session=${this.auth.cookie}`;
    if (this.auth.csrf && method !== 'GET' && !('x-csrf-token' in h)) h['x-csrf-token'] = this.auth.csrf;
    if (this.auth.bearer) h.authorization = `Bearer ${this.auth.bearer}`;
    return this.app.inject({
      method,
      url,
      headers: h,
      ...(body !== undefined ? { payload: body as object } : {}),
    });
  }
  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown) => this.request('POST', url, body ?? {});
  patch = (url: string, body?: unknown) => this.request('PATCH', url, body ?? {});
  put = (url: string, body?: unknown) => this.request('PUT', url, body ?? {});
  delete = (url: string) => this.request('DELETE', url);
}

export interface TestApp {
  app: App;
  routes: RouteInfo[];
  database: Database;
  tasks: TaskRuntime;
  clock: Clock;
  /** A new workspace with its admin signed in. */
  workspace(name?: string): Promise<{ workspaceId: string; admin: Client }>;
  /** A user in the workspace holding the given built-in role keys and/or a custom role with these permissions. */
  user(workspaceId: string, opts?: { roles?: string[]; permissions?: string[] }): Promise<Client>;
  signIn(email: string, password?: string): Promise<Client>;
  /** Run queued background tasks now. */
  drain(): Promise<number>;
  systemCtx(workspaceId: string): Ctx;
  close(): Promise<void>;
}

/** A real server on a fresh database, driven through HTTP with app.inject. One per test file. */
export async function createTestApp(
  opts: { clock?: Clock; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const database = await freshDatabase();
  const config = loadConfig({
    PROSPECTOR_LOG_LEVEL: 'silent',
    PROSPECTOR_AUTH_RATE_LIMIT: '10000',
    ...opts.env,
  });
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const clock = opts.clock ?? systemClock;
  const tasks = await createTaskRuntime({
    database,
    log,
    clock,
    tasks: moduleTasks,
    systemActor: workspaceSystemActor,
    concurrency: 1,
  });
  await tasks.start();
  const { app, routes } = await buildServer({ config, log, clock, database, tasks });
  const systemCtx = (workspaceId: string): Ctx => ({
    db: database.db,
    clock,
    log,
    queue: tasks.queue,
    actor: workspaceSystemActor(workspaceId),
  });

  async function signIn(email: string, password = PASSWORD): Promise<Client> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email, password },
    });
    if (res.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'prospector_session')!.value;
    const s = res.json() as { csrfToken: string; user: { id: string }; workspace: { id: string } };
    return new Client(
      app,
      { cookie, csrf: s.csrfToken },
      { userId: s.user.id, workspaceId: s.workspace.id, email },
    );
  }

  return {
    app,
    routes,
    database,
    tasks,
    clock,
    systemCtx,
    signIn,
    async workspace(name = 'Acme') {
      const email = `admin-${newSecret(6).toLowerCase()}@example.com`.replace(/[^a-z0-9@.-]/g, 'x');
      const ws = await createWorkspace(
        { db: database.db, clock, log, queue: tasks.queue },
        { name, admin: { email, name: 'Admin', password: PASSWORD } },
      );
      return { workspaceId: ws.workspaceId, admin: await signIn(email) };
    },
    async user(workspaceId, o = {}) {
      const ctx = systemCtx(workspaceId);
      const roleIds: string[] = [];
      const { items } = await listRoles(ctx);
      for (const key of o.roles ?? []) roleIds.push(items.find((r) => r.key === key)!.id);
      if (o.permissions) {
        const role = await createRole(ctx, {
          key: `r_${newSecret(6)
            .toLowerCase()
            .replace(/[^a-z0-9]/g, 'x')}`,
          name: 'Test role',
          description: '',
          permissions: o.permissions,
        });
        roleIds.push(role.id);
      }
      const email = `u-${newSecret(6).toLowerCase()}@example.com`.replace(/[^a-z0-9@.-]/g, 'x');
      await createUser(ctx, { email, name: 'Test User', roleIds, password: PASSWORD });
      return signIn(email);
    },
    drain: () => tasks.drain(),
    async close() {
      await app.close();
      await tasks.stop({ graceful: false });
      await database.close();
    },
  };
}

export function problem(res: LightMyRequestResponse) {
  return res.json() as {
    status: number;
    code: string;
    detail: string;
    errors?: { field: string; message: string }[];
  };
}
