import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OutgoingMessage, SendFailure, smtpTransport } from './transports.ts';

/** A local SMTP sink recording what happened when: envelope commands and completed messages. */
let server: SMTPServer;
let url = '';
const events: string[] = [];

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onMailFrom(_a, _s, cb) {
      events.push('mail');
      cb();
    },
    onData(stream, _s, cb) {
      let body = '';
      stream.on('data', (c: Buffer) => {
        if (!body) events.push('body');
        body += c.toString();
      });
      stream.on('end', () => {
        // smtp-server ends the stream of a transaction cut short too; `sizeExceeded` aside, a complete one
        // is the one it answers: count it only then.
        events.push(`data ${/^Message-ID:\s*(<[^>]+>)/im.exec(body)?.[1] ?? '?'}`);
        cb();
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `smtp://127.0.0.1:${(server.server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(r)));

const msg = (id: string): OutgoingMessage => ({
  workspaceId: 'w',
  outboxId: 'o',
  channel: 'email',
  messageId: `<${id}@test.example.com>`,
  from: { name: 'Dee', address: 'dee@test.example.com' },
  to: 'cand@test.example.com',
  subject: 'Hello',
  html: '<p>Hi</p>',
  text: 'Hi',
  headers: {},
});

describe('smtp transport gated by the started commit', () => {
  it('sends the envelope and the message during the commit and ends the message only after it', async () => {
    events.length = 0;
    const t = smtpTransport(url, 1);
    let open!: () => void;
    const ready = new Promise<void>((r) => {
      open = r;
    });
    const sent = t.send(msg('a'), ready);
    // The envelope and the message go out while the commit is under way; the end-of-data marker does not,
    // so the peer has not completed the transaction.
    await new Promise((r) => setTimeout(r, 300));
    expect(events).toEqual(['mail', 'body']);
    events.push('commit');
    open();
    await sent;
    expect(events).toEqual(['mail', 'body', 'commit', 'data <a@test.example.com>']);
    await t.close?.();
  });

  it('abandons the transaction when the commit fails: the peer never has the message; the next one goes', async () => {
    events.length = 0;
    const t = smtpTransport(url, 1);
    const ready = new Promise<void>((_, reject) => setTimeout(() => reject(new Error('db down')), 100));
    const err = await t.send(msg('b'), ready).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendFailure);
    expect((err as SendFailure).kind).toBe('temporary');
    await t.send(msg('c'), Promise.resolve());
    await new Promise((r) => setTimeout(r, 100));
    expect(events.filter((e) => e.startsWith('data'))).toEqual(['data <c@test.example.com>']);
    await t.close?.();
  });
});
