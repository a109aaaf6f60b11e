import { SMTPServer } from 'smtp-server';
import { anonymous } from '../../platform/auth/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import { INBOUND_MAX_BYTES } from './inbound.parse.ts';
import { receiveInbound } from './inbound.service.ts';

/**
 * The optional embedded SMTP listener (`INBOUND_SMTP_PORT`): an MX (or a relay such as Postfix) hands it
 * replies and bounces; each message goes through the same handling as `POST /api/v1/inbound/email`. There is
 * no caller to take a workspace from, so a message is threaded in every workspace by Message-ID (unique
 * across the installation) and handled as the matched workspace's system actor; mail naming nothing we sent
 * is accepted and dropped (answering 550 would tell a sender which ids exist). No AUTH, no STARTTLS: put it
 * behind the MTA that terminates TLS, on a private address.
 */
export async function startInboundSmtp(opts: {
  host: string;
  port: number;
  base: Omit<Ctx, 'actor'>;
  asWorkspace: (workspaceId: string) => Ctx;
  /** The message size limit (default INBOUND_MAX_BYTES; tests lower it). */
  maxBytes?: number;
  /** Simultaneous connections (default 10). */
  maxClients?: number;
}): Promise<{ port: number; close(): Promise<void>; stats(): { maxBuffered: number } }> {
  const log = opts.base.log;
  const limit = opts.maxBytes ?? INBOUND_MAX_BYTES;
  // The most bytes held for one message so far (the tests check that an oversized message is not kept).
  let maxBuffered = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: limit,
    maxClients: opts.maxClients ?? 10,
    banner: 'Prospector inbound',
    logger: false,
    onData(stream, session, callback) {
      // smtp-server only flags an oversized message (sizeExceeded) and keeps streaming it: past the limit
      // the rest is read and dropped, never held, and the message is refused with 552 at the end.
      const parts: Buffer[] = [];
      let bytes = 0;
      let over = false;
      stream.on('data', (c: Buffer) => {
        if (over) return;
        if (bytes + c.length > limit) {
          over = true;
          parts.length = 0;
          return;
        }
        bytes += c.length;
        parts.push(c);
        if (bytes > maxBuffered) maxBuffered = bytes;
      });
      stream.on('end', () => {
        if (over || (stream as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(Object.assign(new Error('Message too large'), { responseCode: 552 }));
          return;
        }
        const raw = Buffer.concat(parts);
        parts.length = 0;
        // Threading looks in every workspace; the work is done as the matched workspace's system actor.
        const ctx: Ctx = { ...opts.base, actor: anonymous };
        receiveInbound(ctx, raw, { workspaceId: null, asWorkspace: opts.asWorkspace }).then(
          (r) => {
            log.info({ outcome: r.outcome, from: session.envelope.mailFrom || null }, 'inbound smtp message');
            callback();
          },
          (err: unknown) => {
            log.warn({ err }, 'inbound smtp message refused');
            // A message we cannot parse is refused for good; anything else is worth a retry by the peer.
            const permanent = (err as { kind?: string }).kind === 'invalid';
            callback(
              Object.assign(new Error(permanent ? 'Not a MIME message' : 'Try again later'), {
                responseCode: permanent ? 554 : 451,
              }),
            );
          },
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log.warn({ err }, 'inbound smtp error'));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  log.info({ host: opts.host, port }, 'inbound SMTP listener started');
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    stats: () => ({ maxBuffered }),
  };
}
