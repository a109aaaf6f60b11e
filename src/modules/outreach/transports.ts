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

/** Email out: SMTP (nodemailer) or the dev mailbox. */
export interface MailTransport {
  readonly name: string;
  send(m: OutgoingMessage): Promise<SendOutcome>;
  close?(): Promise<void> | void;
}

/** SMS out: a provider adapter (the dev outbox by default). */
export interface SmsProvider {
  readonly name: string;
  send(m: OutgoingMessage): Promise<SendOutcome>;
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

/** SMTP through nodemailer: kept-alive connections (one per dispatch lane), see the exactly-once argument. */
export function smtpTransport(url: string, connections = 1): MailTransport {
  const t = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: connections,
    maxMessages: Infinity,
  });
  return {
    name: 'smtp',
    async send(m) {
      try {
        const info = await t.sendMail({
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
    async send(m) {
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
