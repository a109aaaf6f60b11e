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
}): Promise<{ port: number; close(): Promise<void> }> {
  const log = opts.base.log;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: INBOUND_MAX_BYTES,
    banner: 'Prospector inbound',
    logger: false,
    onData(stream, session, callback) {
      const parts: Buffer[] = [];
      stream.on('data', (c: Buffer) => parts.push(c));
      stream.on('end', () => {
        if ((stream as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(Object.assign(new Error('Message too large'), { responseCode: 552 }));
          return;
        }
        const raw = Buffer.concat(parts);
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
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
