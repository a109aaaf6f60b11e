import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, runStatement, sql, together } from '../../src/platform/db/client.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

// runStatement: a prepared statement on node-postgres, the simple protocol with literals on PGlite; the
// same values must arrive either way.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await queryRows(
    t.database.db,
    sql`create table statement_check (id int primary key, s text, n int, at timestamptz)`,
  );
});
afterAll(async () => {
  await t?.close();
});

describe('runStatement', () => {
  it('stores strings with quotes and backslashes, numbers, null and timestamps exactly, run after run', async () => {
    const text =
      'insert into statement_check (id, s, n, at) values ($1::int, $2::text, $3::int, $4::timestamptz)';
    const odd = `O'Brien \\ "x" $1 -- ; drop table statement_check`;
    for (let i = 1; i <= 3; i++)
      await runStatement(t.database.db, 'statement_check_insert', text, [
        i,
        odd,
        i === 2 ? null : 7,
        '2026-03-09T14:00:00.123Z',
      ]);
    const rows = await queryRows<{ id: number; s: string; n: number | null; at: string }>(
      t.database.db,
      sql`select id, s, n, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at
          from statement_check order by id`,
    );
    expect(rows).toEqual(
      [1, 2, 3].map((id) => ({ id, s: odd, n: id === 2 ? null : 7, at: '2026-03-09T14:00:00.123Z' })),
    );
  });

  it('keeps negative numbers whole in arithmetic', async () => {
    await runStatement(
      t.database.db,
      'statement_check_arith',
      'insert into statement_check (id, n) values ($1::int, $2::int-$3::int)',
      [10, 5, -2],
    );
    const [row] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select n from statement_check where id = 10`,
    );
    expect(row).toEqual({ n: 7 });
  });

  it('fails like any statement on a constraint violation', async () => {
    await expect(
      runStatement(
        t.database.db,
        'statement_check_id_only',
        'insert into statement_check (id) values ($1::int)',
        [1],
      ),
    ).rejects.toMatchObject({ code: '23505' });
  });
});

describe('together', () => {
  it('returns the result of each piece in order inside a transaction', async () => {
    const out = await t.database.db.transaction((tx) =>
      together(
        tx,
        async () => {
          await tx.execute(sql`insert into statement_check (id, s) values (100, 'a')`);
          return 'first';
        },
        () => queryRows<{ n: number }>(tx, sql`select 2 as n`),
        async () => {
          await tx.execute(sql`insert into statement_check (id, s) values (101, 'b')`);
          await tx.execute(sql`update statement_check set s = 'c' where id = 101`);
          return 3;
        },
      ),
    );
    expect(out).toEqual(['first', [{ n: 2 }], 3]);
    const rows = await queryRows<{ id: number; s: string }>(
      t.database.db,
      sql`select id, s from statement_check where id in (100, 101) order by id`,
    );
    expect(rows).toEqual([
      { id: 100, s: 'a' },
      { id: 101, s: 'c' },
    ]);
  });

  it('throws the first failure and leaves nothing of the transaction', async () => {
    await expect(
      t.database.db.transaction((tx) =>
        together(
          tx,
          () => tx.execute(sql`insert into statement_check (id, s) values (200, 'x')`),
          () => tx.execute(sql`insert into statement_check (id) values (200)`),
          () => tx.execute(sql`insert into statement_check (id, s) values (201, 'y')`),
        ),
      ),
    ).rejects.toSatisfy((e: unknown) => {
      // The duplicate key itself, not the "transaction is aborted" of the piece after it (PGlite).
      const err = e as { code?: string; cause?: { code?: string } };
      return (err.code ?? err.cause?.code) === '23505';
    });
    const rows = await queryRows(t.database.db, sql`select id from statement_check where id in (200, 201)`);
    expect(rows).toEqual([]);
    // The session is usable afterwards.
    expect(await queryRows(t.database.db, sql`select 1 as one`)).toEqual([{ one: 1 }]);
  });
});
