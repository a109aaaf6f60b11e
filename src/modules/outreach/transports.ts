import { Transform, type TransformCallback } from 'node:stream';
import nodemailer from 'nodemailer';
import type { Executor } from '../../platform/db/client.ts';
import { newId } from '../../platform/ids.ts';
import { insertDevMail } from './delivery.repository.ts';

/** A message ready for the wire: content frozen at hand-off, headers computed by the dispatcher. */
export interface OutgoingMessage {
  workspaceId: string;
  outboxId: string;
  channel: 'email' | 'sms';
  messageId: string;
  from: { name: string; address: string };
  to: string;
  subject: string | null;
  html: string | null;
  text: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post, In-Reply-To, References). */
  headers: Record<string, string>;
}

export interface SendOutcome {
  /** The peer's id for the message, when it gives one. */
  providerId: string | null;
  /** The peer's answer, for the send log. */
  response: string;
}

/**
 * A refusal or failure the dispatcher can act on. `kind`: `temporary` (4xx, could not connect: retry
 * later, the peer did not take the message), `permanent` (5xx: the address is refused), `ambiguous` (the
 * connection broke after the message may have been handed over: never resent).
 */
export class SendFailure extends Error {
  constructor(
    readonly kind: 'temporary' | 'permanent' | 'ambiguous',
    readonly response: string,
  ) {
    super(response);
  }
}

/**
 * Email out: SMTP (nodemailer) or the dev mailbox.
 *
 * `ready`, when given, is the commit of the attempt's `started` row. A transport that declares `gated`
 * promises that the peer cannot have the message before `ready` resolved: it may open the transaction
 * meanwhile (SMTP: the envelope, MAIL FROM, RCPT TO, DATA), but holds back the message content and its
 * end; when `ready` rejects it abandons the transaction without completing it and rejects with a
 * `temporary` failure. A transport without `gated` is only called once the commit is done.
 */
export interface MailTransport {
  readonly name: string;
  readonly gated?: boolean;
  send(m: OutgoingMessage, ready?: Promise<unknown>): Promise<SendOutcome>;
  close?(): Promise<void> | void;
}

/** SMS out: a provider adapter (the dev outbox by default). `ready` and `gated` as for MailTransport. */
export interface SmsProvider {
  readonly name: string;
  readonly gated?: boolean;
  send(m: OutgoingMessage, ready?: Promise<unknown>): Promise<SendOutcome>;
}

/**
 * Lets the message through as it comes and holds only its end until `ready` resolves: the body crosses the
 * wire while the `started` commit runs, and nodemailer writes the end-of-data marker (the one thing that
 * completes an SMTP mail transaction) only after it. On rejection the stream fails, so the message never
 * ends and nodemailer drops the connection: the peer discards the transaction.
 */
class HoldEnd extends Transform {
  constructor(private readonly ready: Promise<unknown>) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
    cb(null, chunk);
  }
  override _flush(cb: TransformCallback) {
    this.ready.then(
      () => cb(),
      (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
    );
  }
}

/** Commands before which a broken connection means the peer never had the message. */
const BEFORE_DATA = new Set([
  'CONN',
  'EHLO',
  'HELO',
  'LHLO',
  'STARTTLS',
  'AUTH',
  'AUTH PLAIN',
  'AUTH LOGIN',
  'MAIL FROM',
  'RCPT TO',
  'API',
]);

/** Classify a nodemailer error: reply codes first, then where the conversation broke. */
export function classifySmtpError(err: unknown): SendFailure {
  const e = err as {
    responseCode?: number;
    response?: string;
    code?: string;
    command?: string;
    message?: string;
  };
  const text = (e.response ?? e.message ?? String(err)).slice(0, 1000);
  if (typeof e.responseCode === 'number') {
    if (e.responseCode >= 500) return new SendFailure('permanent', text);
    if (e.responseCode >= 400) return new SendFailure('temporary', text);
  }
  if (e.code === 'EENVELOPE') return new SendFailure('permanent', text);
  if (e.code === 'ECONNECTION' || e.code === 'EDNS' || (e.command && BEFORE_DATA.has(e.command)))
    return new SendFailure('temporary', text);
  return new SendFailure('ambiguous', text);
}

/**
 * SMTP through nodemailer: kept-alive connections (one per dispatch lane), see the exactly-once argument.
 * Gated: the envelope (MAIL FROM, RCPT TO, DATA; pipelined when the server offers PIPELINING) and the
 * message go out while the `started` commit is under way; the end-of-data marker only after it.
 * SMTP completes a mail transaction only on the end-of-data marker and its reply: a connection that drops
 * before it (a worker killed meanwhile, or `ready` rejected) leaves the peer without the message.
 */
export function smtpTransport(url: string, connections = 1): MailTransport {
  const t = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: connections,
    maxMessages: Infinity,
  });
  t.use('stream', (mail, done) => {
    const ready = (mail.data as { ready?: Promise<unknown> }).ready;
    if (ready) mail.message.transform(() => new HoldEnd(ready));
    done();
  });
  return {
    name: 'smtp',
    gated: true,
    async send(m, ready) {
      // Rejected before the message stream is built: seen here, reported below.
      ready?.catch(() => {});
      try {
        const info = await t.sendMail({
          ...(ready ? { ready } : {}),
          messageId: m.messageId,
          from: { name: m.from.name, address: m.from.address },
          to: m.to,
          subject: m.subject ?? '',
          text: m.text,
          ...(m.html ? { html: m.html } : {}),
          headers: m.headers,
          disableFileAccess: true,
          disableUrlAccess: true,
        });
        return { providerId: info.messageId ?? null, response: String(info.response ?? '') };
      } catch (err) {
        // `ready` rejected: the transaction was abandoned before the message went (the commit failed).
        if (
          ready &&
          (await ready.then(
            () => false,
            () => true,
          ))
        )
          throw new SendFailure('temporary', `not sent: the attempt could not be recorded (${String(err)})`);
        throw classifySmtpError(err);
      }
    },
    close() {
      t.close();
    },
  };
}

/** The dev mailbox (and dev SMS outbox): a row per message, idempotent by Message-ID. */
export function devMailbox(db: Executor, channel: 'email' | 'sms' = 'email'): MailTransport & SmsProvider {
  return {
    name: channel === 'email' ? 'dev-mailbox' : 'dev-sms',
    gated: true,
    async send(m, ready) {
      if (ready)
        await ready.catch((err: unknown) => {
          throw new SendFailure('temporary', `not sent: the attempt could not be recorded (${String(err)})`);
        });
      await insertDevMail(db, {
        id: newId(),
        workspaceId: m.workspaceId,
        outboxId: m.outboxId,
        channel: m.channel,
        messageId: m.messageId,
        fromAddress: m.from.address,
        toAddress: m.to,
        subject: m.subject,
        html: m.html,
        body: m.text,
        headers: m.headers,
        createdAt: new Date(),
      });
      return {
        providerId: null,
        response: `stored in the dev ${channel === 'email' ? 'mailbox' : 'SMS outbox'}`,
      };
    },
  };
}
