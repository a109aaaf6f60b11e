import pg from 'pg';
import type { Logger } from '../logger.ts';
import type { Database } from './client.ts';

/**
 * One LISTEN channel and what to do with it. A process-local cache that must drop entries when another
 * process changes the rows behind them listens on a channel: `onConnected` is called when the process starts
 * hearing the channel (the cache may be used from then on), `onDisconnected` when it stops (the cache must be
 * off and empty until it hears again), `onPayload` for each notification.
 */
export interface ChangeChannel {
  name: string;
  onPayload(payload: string): void;
  onConnected(): void;
  onDisconnected(): void;
}

export interface ChangeListener {
  close(): Promise<void>;
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Listen on the given channels of this database. PGlite: the in-process LISTEN of the single session.
 * PostgreSQL: one dedicated connection for all channels, reconnected with back-off (0.5 s doubling to 30 s);
 * while it is down every channel is disconnected. Notifications are delivered when the sending transaction
 * commits, to every listening session, this process's own included.
 */
export async function listenForChanges(
  database: Database,
  log: Logger,
  channels: ChangeChannel[],
): Promise<ChangeListener> {
  for (const c of channels) {
    if (!CHANNEL_NAME.test(c.name)) throw new Error(`invalid channel name ${c.name}`);
  }
  const up = () => {
    for (const c of channels) c.onConnected();
  };
  const down = () => {
    for (const c of channels) c.onDisconnected();
  };

  if (database.pglite) {
    const pglite = database.pglite;
    const unlisten = await Promise.all(channels.map((c) => pglite.listen(c.name, (p) => c.onPayload(p))));
    up();
    return {
      close: async () => {
        down();
        if (!pglite.closed) for (const u of unlisten) await u();
      },
    };
  }

  const url = database.url;
  if (!url) {
    log.warn('no connection string: caches that need change notifications stay off');
    return { close: async () => {} };
  }
  const byName = new Map(channels.map((c) => [c.name, c]));
  let client: pg.Client | undefined;
  let closing = false;
  let retryMs = 500;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({
      connectionString: url,
      application_name: 'prospector-listener',
      keepAlive: true,
    });
    client = c;
    c.on('notification', (n) => byName.get(n.channel)?.onPayload(n.payload ?? ''));
    c.on('error', (err) => {
      // Also emitted when the server goes away; 'end' follows.
      log.warn({ err }, 'change listener: connection error');
    });
    c.on('end', () => {
      if (client !== c) return; // a failed attempt, already given up below
      client = undefined;
      down();
      if (!closing) schedule();
    });
    await c.connect();
    for (const ch of channels) await c.query(`listen ${ch.name}`);
    if (closing) {
      await c.end();
      return;
    }
    up();
    retryMs = 500;
  };
  const giveUp = () => {
    const failed = client;
    client = undefined;
    failed?.end().catch(() => {});
  };
  const schedule = () => {
    if (timer) return;
    log.warn({ retryMs }, 'caches off until the change listener reconnects');
    timer = setTimeout(() => {
      timer = undefined;
      connect().catch((err) => {
        log.warn({ err }, 'change listener: reconnect failed');
        giveUp();
        retryMs = Math.min(retryMs * 2, 30_000);
        if (!closing) schedule();
      });
    }, retryMs);
    timer.unref();
  };

  try {
    await connect();
  } catch (err) {
    log.warn({ err }, 'change listener could not connect; caches stay off for now');
    giveUp();
    schedule();
  }
  return {
    close: async () => {
      closing = true;
      if (timer) clearTimeout(timer);
      down();
      await client?.end().catch(() => {});
    },
  };
}
