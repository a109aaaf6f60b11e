import type { Db, Executor } from '../db/client.ts';
import { queryRows, sql } from '../db/client.ts';

type Cb = (err: Error | null, res?: { current: number; ttl: number }) => void;

/**
 * A @fastify/rate-limit store kept in PostgreSQL, so that every API process behind a load balancer counts
 * against the same window (an in-memory store would multiply the limit by the number of processes).
 */
export function pgRateLimitStore(db: Db) {
  return class PgRateLimitStore {
    private readonly prefix: string;
    constructor(options: object = {}) {
      const r = (options as { routeInfo?: { method?: string; url?: string } }).routeInfo;
      this.prefix = r ? `${r.method ?? ''} ${r.url ?? ''}|` : 'global|';
    }
    incr(key: string, cb: Cb, timeWindow: number) {
      const k = this.prefix + key;
      queryRows<{ count: number; ttl: number }>(
        db,
        sql`insert into rate_limit_counters as c (key, count, reset_at)
            values (${k}, 1, now() + make_interval(secs => ${timeWindow / 1000}))
            on conflict (key) do update set
              count = case when c.reset_at <= now() then 1 else c.count + 1 end,
              reset_at = case when c.reset_at <= now() then excluded.reset_at else c.reset_at end
            returning count, greatest(0, extract(epoch from (reset_at - now())) * 1000)::float8 as ttl`,
      ).then(
        (rows) => cb(null, { current: Number(rows[0]!.count), ttl: Math.ceil(Number(rows[0]!.ttl)) }),
        (err: Error) => cb(err),
      );
    }
    read(key: string, cb: Cb, timeWindow: number) {
      const k = this.prefix + key;
      queryRows<{ count: number; ttl: number }>(
        db,
        sql`select count, greatest(0, extract(epoch from (reset_at - now())) * 1000)::float8 as ttl
            from rate_limit_counters where key = ${k} and reset_at > now()`,
      ).then(
        (rows) =>
          cb(
            null,
            rows[0]
              ? { current: Number(rows[0].count), ttl: Number(rows[0].ttl) }
              : { current: 0, ttl: timeWindow },
          ),
        (err: Error) => cb(err),
      );
    }
    child(routeOptions: object) {
      return new PgRateLimitStore(routeOptions);
    }
  };
}

/** Delete closed windows (a maintenance task calls this). */
export async function purgeClosedWindows(db: Executor, now: Date): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with d as (delete from rate_limit_counters where reset_at <= ${now} returning 1) select count(*)::int as n from d`,
  );
  return Number(rows[0]?.n ?? 0);
}
