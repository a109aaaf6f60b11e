import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, freePort, run, startServer, stop, tempDir, withPglite } from './support.ts';

afterEach(cleanup);

describe('prospector start on a schema newer than the code', () => {
  it('refuses to start, saying the schema is newer', async () => {
    const dataDir = join(tempDir(), 'data');
    const s = await startServer(dataDir);
    expect(await stop(s.c)).toBe(0);

    // A migration from the future: what a newer Prospector would have left behind.
    const future = Date.UTC(2999, 0, 1);
    await withPglite(dataDir, async (exec) => {
      await exec(`INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('x', ${future})`);
    });

    const res = await run(['--data-dir', dataDir, 'start', '--port', String(await freePort())]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/schema is newer than this code/);
    expect(res.stdout).not.toContain('Prospector is running');
  });
});
