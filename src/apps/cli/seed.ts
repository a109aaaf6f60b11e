import { en, Faker } from '@faker-js/faker';
import {
  createUser,
  firstWorkspace,
  roleIdByKey,
  userIdByEmail,
  workspaceSystemActor,
} from '../../modules/identity/index.ts';
import type { Config } from '../../platform/config.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { ensureFirstRun } from '../first-run.ts';
import { openRuntime } from '../runtime.ts';

const TEAM: { role: string; count: number }[] = [
  { role: 'recruiter', count: 4 },
  { role: 'sourcer', count: 5 },
  { role: 'hiring_manager', count: 4 },
  { role: 'coordinator', count: 2 },
  { role: 'auditor', count: 1 },
];

/**
 * `prospector seed --demo`: a living workspace for a newcomer. Deterministic by seed; running it twice adds
 * nothing the second time (people are keyed by their generated email). Modules add their demo data here.
 */
export async function seed(config: Config, o: { seed: number; workspace?: string }) {
  const rt = await openRuntime(config, { purpose: 'seed', migrate: config.engine === 'pglite' });
  try {
    // On a fresh install, seeding makes the first workspace too (and prints its admin sign-in once).
    const admin = o.workspace ? null : await ensureFirstRun(rt);
    if (admin) {
      process.stdout.write(
        `First run: sign in as ${admin.email} with ${admin.password ?? 'PROSPECTOR_ADMIN_PASSWORD'}\n`,
      );
    }
    const workspaceId = o.workspace ?? (await firstWorkspace(rt.database.db))?.id;
    if (!workspaceId)
      throw new AppError('invalid', 'no_workspace', 'No workspace yet: run `prospector start` once first');
    const ctx: Ctx = {
      db: rt.database.db,
      clock: rt.clock,
      log: rt.log,
      queue: rt.tasks.queue,
      actor: workspaceSystemActor(workspaceId),
    };
    const faker = new Faker({ locale: [en] });
    faker.seed(o.seed);
    let created = 0;
    const password = 'demo-password-123';
    for (const { role, count } of TEAM) {
      const roleId = await roleIdByKey(ctx.db, workspaceId, role);
      for (let i = 0; i < count; i++) {
        const first = faker.person.firstName();
        const last = faker.person.lastName();
        const email = `${first}.${last}.${role}@demo.prospector.local`
          .toLowerCase()
          .replace(/[^a-z0-9.@-]/g, '');
        if (await userIdByEmail(ctx.db, email)) continue;
        await createUser(ctx, { email, name: `${first} ${last}`, roleIds: roleId ? [roleId] : [], password });
        created++;
      }
    }
    process.stdout.write(`Demo data: ${created} users created (password for each: ${password}).\n`);
  } finally {
    await rt.close();
  }
}
