import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, run, startServer, stop, tempDir, withPglite } from './support.ts';

afterEach(cleanup);

/** Start once (migrates, creates the workspace and its admin), then stop, leaving a fresh install. */
async function install(dataDir: string) {
  const s = await startServer(dataDir);
  expect(await stop(s.c)).toBe(0);
}

describe('prospector user create / token create', () => {
  it('creates a user and a token that works as a Bearer against the server', async () => {
    const dataDir = join(tempDir(), 'data');
    await install(dataDir);

    const user = await run([
      '--data-dir',
      dataDir,
      'user',
      'create',
      '--email',
      'x@y.z',
      '--role',
      'recruiter',
    ]);
    expect(user.code, user.output).toBe(0);
    expect(user.stdout).toContain('x@y.z');
    expect(user.stdout).toMatch(/Password \(shown once\): \S{12,}/);

    const tok = await run(['--data-dir', dataDir, 'token', 'create', '--user', 'x@y.z', '--scopes', 'all']);
    expect(tok.code, tok.output).toBe(0);
    const secret = tok.stdout.match(/\bprs_\S+/)?.[0];
    expect(secret, tok.stdout).toBeDefined();

    const s = await startServer(dataDir);
    const res = await fetch(`${s.base}/api/v1/auth/session`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain('x@y.z');
    const bad = await fetch(`${s.base}/api/v1/auth/session`, {
      headers: { authorization: `Bearer ${secret}x` },
    });
    expect(bad.status).toBe(401);
    expect(await stop(s.c)).toBe(0);
  });
});

describe('prospector audit verify', () => {
  it('passes on a fresh install and names the first altered entry after tampering', async () => {
    const dataDir = join(tempDir(), 'data');
    await install(dataDir);

    const ok = await run(['--data-dir', dataDir, 'audit', 'verify']);
    expect(ok.code, ok.output).toBe(0);
    expect(ok.stdout).toContain('chain intact');
    expect(ok.stdout).not.toContain('BROKEN');

    await withPglite(dataDir, async (exec) => {
      await exec(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only;
        UPDATE audit_events SET after = '{"x":1}' WHERE seq = 2;`);
    });

    const broken = await run(['--data-dir', dataDir, 'audit', 'verify']);
    expect(broken.code, broken.output).toBe(1);
    expect(broken.stdout).toMatch(/BROKEN .*entry 2\b/);
  });
});

describe('prospector seed --demo', () => {
  it('makes a fresh install with a demo team and adds nothing when run again', async () => {
    const dataDir = join(tempDir(), 'data');
    const first = await run(['--data-dir', dataDir, 'seed', '--demo', '--seed', '7']);
    expect(first.code, first.output).toBe(0);
    expect(first.stdout).toMatch(/First run: sign in as admin@prospector\.local with \S{12,}/);
    expect(first.stdout).toContain('Demo data: 16 users created');
    const again = await run(['--data-dir', dataDir, 'seed', '--demo', '--seed', '7']);
    expect(again.code, again.output).toBe(0);
    expect(again.stdout).not.toContain('First run');
    expect(again.stdout).toContain('Demo data: 0 users created');
  });
});
