import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, freePort, run, startServer, stop, tempDir } from './support.ts';

afterEach(cleanup);

describe('prospector start', () => {
  it('cold-starts with a first-run sign-in, locks its data dir, stops on SIGTERM and restarts', async () => {
    const dataDir = join(tempDir(), 'data');

    const first = await startServer(dataDir);
    expect(first.c.stdout()).toContain('First run: sign in as');
    expect(first.c.stdout()).toMatch(/with the password \S+/);
    const ready = await fetch(`${first.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(existsSync(join(dataDir, 'prospector.lock'))).toBe(true);

    // A second process on the same data dir is refused, naming the directory.
    const second = await run(['--data-dir', dataDir, 'start', '--port', String(await freePort())]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(dataDir);
    expect(second.stderr).toMatch(/in use/);
    // ...and the first one is unharmed.
    expect((await fetch(`${first.base}/readyz`)).status).toBe(200);

    expect(await stop(first.c)).toBe(0);
    expect(existsSync(join(dataDir, 'prospector.lock'))).toBe(false);

    // Restart on the same data: no second first run.
    const again = await startServer(dataDir);
    expect(again.c.stdout()).toContain('Prospector is running at');
    expect(again.c.stdout()).not.toContain('First run');
    expect((await fetch(`${again.base}/readyz`)).status).toBe(200);
    expect(await stop(again.c)).toBe(0);
    expect(existsSync(join(dataDir, 'prospector.lock'))).toBe(false);
  });

  it('refuses a bad configuration value, naming the variable', async () => {
    const dataDir = join(tempDir(), 'data');
    const res = await run(['--data-dir', dataDir, 'start'], { PROSPECTOR_PORT: 'abc' }, 60_000);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('PROSPECTOR_PORT');
    expect(res.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });
});
