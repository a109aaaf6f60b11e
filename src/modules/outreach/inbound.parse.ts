import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';

/**
 * Inbound mail, classified (pure: raw MIME in, facts out; no database). Three kinds:
 * - `bounce`: a delivery status notification (RFC 3464, multipart/report; report-type=delivery-status), or a
 *   mailer-daemon message without one (status read from its text when it names one);
 * - `auto_reply`: out-of-office and other automatic answers (RFC 3834 Auto-Submitted, X-Autoreply,
 *   Precedence, or a subject that says so), and read / delivery receipts (any multipart/report that is not a
 *   delivery failure or delay, message/disposition-notification parts): never a reply;
 * - `reply`: everything else.
 * Threading ids (Message-ID, In-Reply-To, References, and for a bounce the original's Message-ID) are kept
 * with their angle brackets, as delivery stores `message_id`.
 */

export const INBOUND_MAX_BYTES = 10 * 1024 * 1024;
/** Stored reply text is cut at this many characters (the raw message is not kept). */
export const REPLY_TEXT_MAX = 20_000;

export interface BounceInfo {
  /** Final-Recipient (or Original-Recipient, or X-Failed-Recipients), lower-cased. */
  recipient: string | null;
  /**
   * Every address the report names as the failed recipient (Final-Recipient and Original-Recipient of the
   * failed block, X-Failed-Recipients), lower-cased; empty when it names none.
   */
  recipients: string[];
  /** failed | delayed | delivered | relayed | expanded, or null when the message has no DSN part. */
  action: string | null;
  /** Enhanced status code (RFC 3463), e.g. 5.1.1. */
  status: string | null;
  /** A permanent failure (action failed, or status class 5): the address is marked undeliverable. */
  permanent: boolean;
  diagnostic: string | null;
  /** The bounced message's Message-ID, from the returned headers or the DSN's fields. */
  originalMessageId: string | null;
}

export interface InboundMessage {
  kind: 'reply' | 'auto_reply' | 'bounce';
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: string | null;
  fromName: string | null;
  subject: string;
  text: string;
  date: Date | null;
  /** Why it counts as automatic (the header or subject that said so), for auto replies. */
  autoReason: string | null;
  bounce: BounceInfo | null;
  /** A read receipt's Original-Message-ID (the message it reports on). */
  reportOriginalId: string | null;
}

const ID = /<[^<>\s]+>/g;

/** `s` cut to at most `max` UTF-8 bytes, never inside a character. */
export function cutBytes(s: string, max: number): string {
  if (Buffer.byteLength(s, 'utf8') <= max) return s;
  let out = Buffer.from(s, 'utf8').subarray(0, max).toString('utf8');
  // A character cut in half decodes as U+FFFD at the end: drop it.
  while (out.endsWith('\uFFFD') && Buffer.byteLength(out, 'utf8') > max - 3) out = out.slice(0, -1);
  return out;
}

/** Stored message ids (outreach_replies.message_id, event details) are at most this many UTF-8 bytes. */
export const MESSAGE_ID_MAX_BYTES = 1000;

/** qmail / some gateways: the returned message follows a marker line in the text, without a DSN part. */
const COPY_MARKER =
  /(below this line is a copy of the message|original message follows|copy of (?:the )?(?:original )?message|undelivered message follows|returned message follows)/i;

function messageIdInCopy(text: string): string | null {
  const at = text.search(COPY_MARKER);
  if (at < 0) return null;
  const m = /^message-id:\s*(<[^<>\s]+>)/im.exec(text.slice(at));
  return m ? m[1]! : null;
}

/** Message-ids in a header value (each with brackets). */
export function messageIds(value: string | string[] | undefined | null): string[] {
  if (!value) return [];
  const all = [value].flat().join(' ');
  return [...new Set(all.match(ID) ?? [])];
}

/**
 * Header blocks (RFC 822 syntax: "Name: value" with folded continuations) separated by blank lines, as in a
 * message/delivery-status part. Names are lower-cased; the first value of a name in a block wins.
 */
export function headerBlocks(text: string): Map<string, string>[] {
  const blocks: Map<string, string>[] = [];
  let cur = new Map<string, string>();
  let last: string | null = null;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trim() === '') {
      if (cur.size) blocks.push(cur);
      cur = new Map();
      last = null;
      continue;
    }
    if (/^[ \t]/.test(line) && last) {
      cur.set(last, `${cur.get(last)} ${line.trim()}`);
      continue;
    }
    const m = /^([!-9;-~]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    last = m[1]!.toLowerCase();
    if (!cur.has(last)) cur.set(last, m[2]!.trim());
    else last = null;
  }
  if (cur.size) blocks.push(cur);
  return blocks;
}

/** The address of "rfc822; a@b" (a DSN recipient field). */
function dsnAddress(v: string | undefined): string | null {
  if (!v) return null;
  const addr = v.includes(';') ? v.slice(v.indexOf(';') + 1) : v;
  const clean = addr.trim().replace(/^<|>$/g, '').toLowerCase();
  return clean || null;
}

function firstAddress(a: AddressObject | AddressObject[] | undefined) {
  const v = [a ?? []].flat()[0]?.value[0];
  return v ? { address: v.address?.toLowerCase() ?? null, name: v.name || null } : null;
}

function headerText(mail: ParsedMail, name: string): string | null {
  const v = mail.headers.get(name);
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(String).join(', ');
  if (typeof v === 'object' && 'value' in v) return String((v as { value: unknown }).value);
  return String(v);
}

const AUTO_SUBJECT =
  /^(?:(?:re|aw|fw|fwd|sv|vs):\s*)*(?:auto(?:matic)?[- ]?(?:reply|response|antwort)|automatische antwort|out of (?:the )?office|ooo\b|abwesen|réponse automatique|respuesta automática|risposta automatica|autosvar|vacation|away from (?:the )?office|i am (?:currently )?out of)/i;

/** Why a message is an automatic answer (RFC 3834 and the de-facto headers), or null. */
export function autoReplyReason(mail: ParsedMail): string | null {
  const auto = headerText(mail, 'auto-submitted')?.toLowerCase().trim();
  if (auto && !auto.startsWith('no')) return `Auto-Submitted: ${auto}`;
  for (const h of ['x-autoreply', 'x-autorespond', 'x-autoresponder', 'x-auto-reply']) {
    const v = headerText(mail, h);
    if (v !== null && !/^(no|false|0)$/i.test(v.trim())) return `${h}: ${v}`;
  }
  const precedence = headerText(mail, 'precedence')?.toLowerCase().trim();
  if (precedence && ['auto_reply', 'bulk', 'junk', 'list'].includes(precedence))
    return `Precedence: ${precedence}`;
  if (headerText(mail, 'x-ms-exchange-generated-message-source') || headerText(mail, 'x-fb-autoreply'))
    return 'Exchange-generated';
  const subject = mail.subject ?? '';
  if (AUTO_SUBJECT.test(subject.trim())) return `subject: ${subject.slice(0, 100)}`;
  return null;
}

/** The report-type of a multipart/report message ('' when absent), or null when it is not a report. */
function reportType(mail: ParsedMail): string | null {
  const ct = mail.headers.get('content-type') as
    | { value?: string; params?: Record<string, string> }
    | undefined;
  if (ct?.value?.toLowerCase() !== 'multipart/report') return null;
  return (ct.params?.['report-type'] ?? '').toLowerCase();
}

function isReport(mail: ParsedMail): boolean {
  return reportType(mail) === 'delivery-status';
}

const MDN_TYPES = ['message/disposition-notification', 'message/global-disposition-notification'];

/**
 * Why a message is a machine report other than a bounce (never a reply): a read receipt (RFC 8098 MDN, as
 * Outlook/Exchange "Read:" receipts are), any multipart/report that is not delivery-status (feedback
 * reports...), or a delivery-status report that only says delivered/relayed/expanded (Exchange
 * "Delivered:" receipts). Null otherwise.
 */
function receiptReason(mail: ParsedMail): string | null {
  const type = reportType(mail);
  if (type !== null && type !== 'delivery-status') return `multipart/report; report-type=${type || '(none)'}`;
  if (mail.attachments.some((a) => MDN_TYPES.includes(a.contentType.toLowerCase())))
    return 'message/disposition-notification part';
  const cls = headerText(mail, 'content-class')?.toLowerCase().trim();
  if (cls === 'urn:content-classes:mdn') return 'Content-Class: urn:content-classes:MDN';
  if (type === 'delivery-status') {
    const dsn = mail.attachments.find((a) =>
      ['message/delivery-status', 'message/global-delivery-status'].includes(a.contentType.toLowerCase()),
    );
    const actions = dsn
      ? headerBlocks(dsn.content.toString('utf8'))
          .slice(1)
          .map((b) => b.get('action')?.toLowerCase())
      : [];
    if (actions.length > 0 && actions.every((a) => a === 'delivered' || a === 'relayed' || a === 'expanded'))
      return `multipart/report; report-type=delivery-status (Action: ${actions[0]}): a delivery receipt`;
  }
  return null;
}

/** The Original-Message-ID a read receipt names (for threading when it has no In-Reply-To). */
function mdnOriginalId(mail: ParsedMail): string | null {
  const part = mail.attachments.find((a) => MDN_TYPES.includes(a.contentType.toLowerCase()));
  if (!part) return null;
  return messageIds(headerBlocks(part.content.toString('utf8'))[0]?.get('original-message-id'))[0] ?? null;
}

const MAILER_DAEMON = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i;

/** The DSN facts: from the message/delivery-status part, else (mailer-daemon mail) from the text. */
function bounceInfo(mail: ParsedMail, from: string | null): BounceInfo | null {
  const report = isReport(mail);
  if (!report && !(from && MAILER_DAEMON.test(from))) return null;
  const dsn = mail.attachments.find((a) =>
    ['message/delivery-status', 'message/global-delivery-status'].includes(a.contentType.toLowerCase()),
  );
  const returned = mail.attachments.find((a) =>
    ['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers'].includes(
      a.contentType.toLowerCase(),
    ),
  );
  const blocks = dsn ? headerBlocks(dsn.content.toString('utf8')) : [];
  const perMessage = blocks[0] ?? new Map<string, string>();
  // The recipient block that failed, else the first one.
  const recipients = blocks.slice(1);
  const rcpt =
    recipients.find((b) => b.get('action')?.toLowerCase() === 'failed') ?? recipients[0] ?? new Map();
  let status = rcpt.get('status')?.match(/[245]\.\d{1,3}\.\d{1,3}/)?.[0] ?? null;
  const action = rcpt.get('action')?.toLowerCase() ?? null;
  const diagnostic = rcpt.get('diagnostic-code')?.replace(/\s+/g, ' ').slice(0, 1000) ?? null;
  if (!status && !dsn)
    status = (mail.text ?? '').match(/\b[45]\d\d[ -]([45]\.\d{1,3}\.\d{1,3})\b/)?.[1] ?? null;
  const returnedHeaders = returned ? headerBlocks(returned.content.toString('utf8'))[0] : undefined;
  const originalMessageId =
    messageIds(returnedHeaders?.get('message-id'))[0] ??
    messageIds(perMessage.get('original-message-id') ?? perMessage.get('x-original-message-id'))[0] ??
    messageIds(rcpt.get('original-message-id'))[0] ??
    (dsn ? null : messageIdInCopy(mail.text ?? '')) ??
    null;
  const failed = headerText(mail, 'x-failed-recipients');
  const recipient =
    dsnAddress(rcpt.get('final-recipient')) ??
    dsnAddress(rcpt.get('original-recipient')) ??
    (failed ? failed.split(',')[0]!.trim().toLowerCase() : null);
  const permanent = status ? status.startsWith('5.') : action === 'failed';
  const named = [
    dsnAddress(rcpt.get('final-recipient')),
    dsnAddress(rcpt.get('original-recipient')),
    ...(failed ? failed.split(',').map((a) => a.trim().replace(/^<|>$/g, '').toLowerCase()) : []),
  ].filter((a): a is string => !!a);
  return {
    recipient,
    recipients: [...new Set(named)],
    action: action ?? (dsn ? null : status ? 'failed' : null),
    status,
    permanent: permanent && action !== 'delayed',
    diagnostic,
    originalMessageId,
  };
}

const cutId = (id: string | undefined) => (id ? cutBytes(id, MESSAGE_ID_MAX_BYTES) : null);

/** Parse raw MIME into the facts inbound handling needs. Throws on input that is not a message at all. */
export async function parseInbound(raw: Buffer | string): Promise<InboundMessage> {
  const mail = await simpleParser(raw, {
    keepDeliveryStatus: true,
    skipImageLinks: true,
    skipTextLinks: true,
    // An HTML-only message of several MB took seconds of CPU and hundreds of MB to turn into text; past
    // this the text of that part is empty (a real reply's HTML is far smaller).
    maxHtmlLengthToParse: 1_000_000,
  });
  const sender = firstAddress(mail.from);
  // A read or delivery receipt is an automatic answer, never a reply nor a bounce.
  const receipt = receiptReason(mail);
  const bounce = receipt ? null : bounceInfo(mail, sender?.address ?? null);
  const auto = receipt ?? (bounce ? null : autoReplyReason(mail));
  const text = (mail.text ?? '').slice(0, REPLY_TEXT_MAX);
  return {
    kind: bounce ? 'bounce' : auto ? 'auto_reply' : 'reply',
    messageId: cutId(messageIds(mail.messageId)[0]),
    inReplyTo: messageIds(mail.inReplyTo)[0] ?? null,
    references: messageIds(mail.references),
    from: sender?.address ?? null,
    fromName: sender?.name ?? null,
    subject: (mail.subject ?? '').slice(0, 500),
    text,
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    autoReason: auto,
    bounce,
    reportOriginalId: receipt ? mdnOriginalId(mail) : null,
  };
}

/**
 * The message-ids to look the original up by, most specific first: a bounce's original, then In-Reply-To,
 * then References from the newest back.
 */
export function threadCandidates(m: InboundMessage): string[] {
  const ids = [
    ...(m.bounce?.originalMessageId ? [m.bounce.originalMessageId] : []),
    ...(m.reportOriginalId ? [m.reportOriginalId] : []),
    ...(m.inReplyTo ? [m.inReplyTo] : []),
    ...[...m.references].reverse(),
  ];
  return [...new Set(ids)].slice(0, 50);
}

/** The new part of a reply: the text above the first quoted line or "On … wrote:" attribution. */
export function replyExcerpt(text: string, max = 2000): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*>/.test(line)) break;
    if (/^-{2,}\s*(original message|ursprüngliche nachricht)/i.test(line.trim())) break;
    if (/^On .+(wrote|schrieb):?\s*$/i.test(line.trim())) break;
    // Gmail folds a long attribution over two lines.
    if (/^On .+/.test(line.trim()) && /wrote:\s*$/.test(lines[i + 1] ?? '')) break;
    if (
      /^(from|von):\s/i.test(line.trim()) &&
      out.length > 0 &&
      /^(sent|gesendet|date):\s/i.test(lines[i + 1] ?? '')
    )
      break;
    out.push(line);
  }
  return out.join('\n').trim().slice(0, max);
}
