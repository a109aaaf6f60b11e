import { verifyAllChains } from '../../modules/audit/index.ts';
import {
  createApiToken,
  createUser,
  firstWorkspace,
  roleIdByKey,
  userActor,
  workspaceSystemActor,
} from '../../modules/identity/index.ts';
import { listPermissions } from '../../platform/auth/permissions.ts';
import type { Config } from '../../platform/config.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { openRuntime, type Runtime } from '../runtime.ts';

/** Open the runtime for a one-shot command (embedded: migrates; server mode: requires a current schema). */
async function withRuntime<T>(config: Config, purpose: string, fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime(config, { purpose, migrate: config.engine === 'pglite' });
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

function baseCtx(rt: Runtime): Omit<Ctx, 'actor'> {
  return { db: rt.database.db, clock: rt.clock, log: rt.log, queue: rt.tasks.queue };
}

export async function userCreate(
  config: Config,
  o: { email: string; role: string[]; name?: string; password?: string; workspace?: string },
) {
  await withRuntime(config, 'user create', async (rt) => {
    const workspaceId = o.workspace ?? (await firstWorkspace(rt.database.db))?.id;
    if (!workspaceId)
      throw new AppError('invalid', 'no_workspace', 'No workspace yet: run `prospector start` once first');
    const roleIds: string[] = [];
    for (const key of o.role) {
      const id = await roleIdByKey(rt.database.db, workspaceId, key);
      if (!id) throw new AppError('invalid', 'unknown_role', `No role with key "${key}" in this workspace`);
      roleIds.push(id);
    }
    const ctx: Ctx = { ...baseCtx(rt), actor: workspaceSystemActor(workspaceId) };
    const { user, initialPassword } = await createUser(ctx, {
      email: o.email,
      name: o.name ?? o.email.split('@')[0]!,
      roleIds,
      ...(o.password ? { password: o.password } : {}),
    });
    process.stdout.write(
      `Created ${user.email} (${user.roles.map((r) => r.key).join(', ') || 'no role'}) id ${user.id}\n`,
    );
    if (initialPassword) process.stdout.write(`Password (shown once): ${initialPassword}\n`);
  });
}

export async function tokenCreate(
  config: Config,
  o: { user: string; scopes: string[]; days: number; name: string },
) {
  await withRuntime(config, 'token create', async (rt) => {
    const actor = await userActor(rt.database.db, o.user);
    if (!actor) throw new AppError('invalid', 'unknown_user', `No active user ${o.user}`);
    const scopes = o.scopes.includes('all')
      ? listPermissions()
          .map((p) => p.key)
          .filter((p) => actor.permissions.has(p))
      : o.scopes;
    const { token, secret } = await createApiToken(
      { ...baseCtx(rt), actor },
      { name: o.name, scopes, expiresInDays: o.days },
    );
    process.stdout.write(
      `Token ${token.name} (${token.scopes.length} scopes, expires ${token.expiresAt})\n${secret}\n`,
    );
  });
}

export async function auditVerify(config: Config): Promise<number> {
  return withRuntime(config, 'audit verify', async (rt) => {
    const results = await verifyAllChains(rt.database.db);
    let broken = 0;
    for (const { workspaceId, result } of results) {
      if (result.ok) {
        process.stdout.write(`ok      workspace ${workspaceId}: ${result.checked} entries, chain intact\n`);
      } else {
        broken++;
        const b = result.firstBroken!;
        process.stdout.write(
          `BROKEN  workspace ${workspaceId}: entry ${b.seq}${b.id ? ` (${b.id})` : ''}: ${b.reason}\n`,
        );
      }
    }
    if (!results.length) process.stdout.write('No audit entries yet.\n');
    return broken ? 1 : 0;
  });
}

export async function migrate(config: Config) {
  const rt = await openRuntime(config, { purpose: 'migrate', migrate: true });
  await rt.close();
  process.stdout.write('Database schema is current.\n');
}
