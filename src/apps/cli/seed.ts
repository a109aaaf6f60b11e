import { en, Faker } from '@faker-js/faker';
import {
  addToPool,
  candidatesByIdentity,
  createCandidate,
  createCustomField,
  createPool,
  createSavedSearch,
  generateCandidate,
  recordConsent,
} from '../../modules/candidates/index.ts';
import {
  createUser,
  firstWorkspace,
  roleIdByKey,
  userActor,
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
export async function seed(config: Config, o: { seed: number; workspace?: string; candidates: number }) {
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
        demoEmails.push(email);
        if (await userIdByEmail(ctx.db, email)) continue;
        await createUser(ctx, { email, name: `${first} ${last}`, roleIds: roleId ? [roleId] : [], password });
        created++;
      }
    }
    process.stdout.write(`Demo data: ${created} users created (password for each: ${password}).\n`);
    const candidates = await seedCandidates(ctx, faker, o.candidates);
    process.stdout.write(`Demo data: ${candidates} candidates created.\n`);
  } finally {
    await rt.close();
  }
}

/**
 * Candidates with custom fields, pools, segments and consent. Keyed by generated email, so a second run with
 * the same seed adds nothing; the lists are made once.
 */
async function seedCandidates(ctx: Ctx, faker: Faker, count: number): Promise<number> {
  const owners: string[] = [];
  const recruiterEmail = demoUsers('recruiter')[0];
  const recruiter = recruiterEmail ? await userActor(ctx.db, recruiterEmail) : null;
  for (const email of [...demoUsers('recruiter'), ...demoUsers('sourcer')]) {
    const u = await userIdByEmail(ctx.db, email);
    if (u) owners.push(u.id);
  }
  const fresh = (await candidatesByIdentity(ctx, 'email', 'demo-marker@demo.prospector.local')).length === 0;
  if (fresh) {
    await createCustomField(ctx, {
      key: 'seniority',
      label: 'Seniority',
      type: 'single_select',
      required: false,
      helpText: 'Level the candidate would join at',
      fieldGroup: null,
      options: [
        { code: 'junior', label: 'Junior' },
        { code: 'mid', label: 'Mid-level' },
        { code: 'senior', label: 'Senior' },
        { code: 'staff', label: 'Staff+' },
      ],
    }).catch(ignoreConflict);
    await createCustomField(ctx, {
      key: 'notice_weeks',
      label: 'Notice period (weeks)',
      type: 'number',
      required: false,
      helpText: '',
      fieldGroup: null,
      options: [],
    }).catch(ignoreConflict);
    await createCustomField(ctx, {
      key: 'salary_band',
      label: 'Salary band',
      type: 'text',
      required: false,
      helpText: 'Internal band, compensation readers only',
      fieldGroup: 'compensation',
      options: [],
    }).catch(ignoreConflict);
  }
  let created = 0;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const input = generateCandidate(faker, i);
    const email = input.emails?.[0]?.address ?? '';
    const existing = await candidatesByIdentity(ctx, 'email', email);
    if (existing.length) {
      ids.push(existing[0]!);
      continue;
    }
    input.ownerId = owners.length ? faker.helpers.arrayElement(owners) : null;
    input.customFields = {
      seniority: faker.helpers.arrayElement(['junior', 'mid', 'senior', 'staff']),
      notice_weeks: faker.helpers.arrayElement([2, 4, 8, 12]),
      salary_band: `B${faker.number.int({ min: 1, max: 6 })}`,
    };
    const c = await createCandidate(ctx, input, {
      source: input.source ?? 'demo',
      activitySummary: 'Created by the demo seed',
    });
    ids.push(c.id);
    created++;
    if (
      i % 4 === 0 &&
      c.location.country &&
      ['DE', 'FR', 'GB', 'NL', 'ES', 'SE', 'PL', 'IE', 'CH'].includes(c.location.country)
    ) {
      await recordConsent(ctx, c.id, {
        purpose: 'contact',
        channel: 'email',
        lawfulBasis: 'consent',
        evidence: 'Joined the talent community on the careers site',
      });
    }
  }
  if (fresh && recruiter) {
    const rctx = { ...ctx, actor: recruiter };
    const pool = await createPool(rctx, {
      name: 'Backend silver medalists',
      description: 'Strong finalists to re-engage',
    });
    await addToPool(rctx, pool.id, ids.filter((_, i) => i % 7 === 0).slice(0, 40), 'add');
    await createPool(rctx, {
      name: 'Berlin talent community',
      description: 'People who asked to hear from us',
    });
    await createSavedSearch(rctx, {
      name: 'Referrals',
      description: 'Everyone a colleague referred',
      visibility: 'team',
      isSegment: true,
      criteria: { tags: ['referral'] },
    });
    await createSavedSearch(rctx, {
      name: 'Past applicants',
      description: 'Applied before, not hired',
      visibility: 'team',
      isSegment: true,
      criteria: { tags: ['past applicant'] },
    });
    await createSavedSearch(rctx, {
      name: 'Senior backend in Europe',
      description: '',
      visibility: 'team',
      isSegment: false,
      criteria: {
        q: 'title:(senior OR staff OR principal) AND (skill:go OR skill:java OR skill:rust)',
        country: ['DE', 'GB', 'NL', 'FR'],
      },
    });
    // A marker identity so that the lists are made once.
    await createCandidate(ctx, {
      firstName: 'Demo',
      lastName: 'Marker',
      emails: [{ address: 'demo-marker@demo.prospector.local' }],
      status: 'archived',
    });
  }
  return created;
}

/** The generated team's emails (made above in the same run, so the same for the same seed). */
const demoEmails: string[] = [];
function demoUsers(role: string): string[] {
  return demoEmails.filter((e) => e.endsWith(`.${role}@demo.prospector.local`));
}

function ignoreConflict(e: unknown) {
  if (e instanceof AppError && e.kind === 'conflict') return;
  throw e;
}
