import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openPglite, queryRows } from './client.ts';
import type { PgliteHandle } from './pglite-remote.ts';

// PGlite in its worker thread, as the app uses it: through the handle, drizzle and pg-boss's view.
describe('PGlite in a worker thread', () => {
  let database: Database;
  let pg: PgliteHandle;

  beforeAll(async () => {
    database = await openPglite(undefined);
    pg = database.pglite!;
    await pg.exec('create table t (id int primary key, note text, at timestamptz default now(), b bytea)');
  });
  afterAll(async () => {
    await database.close();
  });

  it('parses dates as text for drizzle and as Dates for the queue view; bytea as Uint8Array', async () => {
    const [row] = (await pg.query<{ at: unknown; b: unknown }>("select now() as at, '\\x0102'::bytea as b"))
      .rows;
    expect(typeof row!.at).toBe('string');
    expect(row!.b).toEqual(new Uint8Array([1, 2]));
    const [q] = (await database.queueClient!.query<{ at: unknown }>('select now() as at')).rows;
    expect(q!.at).toBeInstanceOf(Date);
    const [d] = await queryRows<{ at: unknown }>(database.db, sql`select now()::timestamptz as at`);
    expect(typeof d!.at).toBe('string');
  });

  it('keeps PostgreSQL error fields', async () => {
    await pg.query('insert into t (id) values (1)');
    const err = await pg.query('insert into t (id) values (1)').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: '23505', constraint: 't_pkey', table: 't' });
    await pg.query('delete from t');
  });

  it('runs a transaction alone: other statements wait until it ends', async () => {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const tx = pg.transaction(async (t) => {
      await t.query("insert into t (id, note) values (10, 'in tx')");
      order.push('tx insert');
      await gate;
      // Outside statements sent meanwhile have not run: they would see the uncommitted row otherwise.
      await t.query("update t set note = 'committed' where id = 10");
      order.push('tx update');
    });
    await new Promise((r) => setTimeout(r, 20));
    const outside = pg.query<{ note: string }>('select note from t where id = 10').then((r) => {
      order.push('outside read');
      return r.rows;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual(['tx insert']);
    release();
    await tx;
    expect(await outside).toEqual([{ note: 'committed' }]);
    expect(order).toEqual(['tx insert', 'tx update', 'outside read']);
  });

  it('rolls back on error, and drizzle savepoints nest', async () => {
    await expect(
      pg.transaction(async (t) => {
        await t.query('insert into t (id) values (20)');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await pg.query('select 1 from t where id = 20')).rows).toEqual([]);

    await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into t (id) values (21)`);
      await tx
        .transaction(async (inner) => {
          await inner.execute(sql`insert into t (id) values (22)`);
          await inner.execute(sql`insert into t (id) values (21)`); // duplicate: the savepoint rolls back
        })
        .catch(() => undefined);
    });
    const ids = await queryRows<{ id: number }>(
      database.db,
      sql`select id from t where id in (21, 22) order by id`,
    );
    expect(ids).toEqual([{ id: 21 }]);
  });

  it('refuses a COMMIT that PostgreSQL turned into a ROLLBACK', async () => {
    await expect(
      pg.transaction(async (t) => {
        await t.query('insert into t (id) values (30)');
        await t.query('select 1/0').catch(() => undefined);
      }),
    ).rejects.toMatchObject({ code: '25P02' });
    expect((await pg.query('select 1 from t where id = 30')).rows).toEqual([]);
  });

  it('delivers notifications to main-thread listeners, on commit', async () => {
    const heard: string[] = [];
    const unlisten = await pg.listen('remote_test', (p) => heard.push(p));
    await pg.transaction(async (t) => {
      await t.query("select pg_notify('remote_test', 'one')");
      expect(heard).toEqual([]);
    });
    await pg.query("select pg_notify('remote_test', 'two')");
    expect(heard).toEqual(['one', 'two']);
    await unlisten();
    await pg.query("select pg_notify('remote_test', 'three')");
    expect(heard).toEqual(['one', 'two']);
  });

  it('refuses per-query parser functions, which cannot cross threads', async () => {
    await expect(pg.query('select 1', [], { parsers: { 25: (v: string) => v } })).rejects.toThrow(
      /worker thread/,
    );
  });

  it('dumps the data directory, and a copy loads from it', async () => {
    await pg.query("insert into t (id, note) values (40, 'dumped')");
    const dump = await pg.dumpDataDir('none');
    const copy = await openPglite(undefined, { loadDataDir: dump });
    try {
      expect((await copy.pglite!.query('select note from t where id = 40')).rows).toEqual([
        { note: 'dumped' },
      ]);
    } finally {
      await copy.close();
    }
  });

  it('reports a database thread that stops without close(), and fails what was waiting', async () => {
    const lost: Error[] = [];
    const other = await openPglite(undefined, { onLost: (e) => lost.push(e) });
    const handle = other.pglite!;
    // The thread dies under a running statement (as a WASM abort would end it).
    const running = handle.query('select pg_sleep(2)');
    await (
      handle as unknown as { conn: { worker: { terminate(): Promise<number> } } }
    ).conn.worker.terminate();
    await expect(running).rejects.toThrow(/database worker exited/);
    await expect(handle.query('select 1')).rejects.toThrow(/closed/);
    expect(lost).toHaveLength(1);
    // A deliberate close is not a loss.
    const quiet: Error[] = [];
    const third = await openPglite(undefined, { onLost: (e) => quiet.push(e) });
    await third.close();
    expect(quiet).toHaveLength(0);
  });
});
