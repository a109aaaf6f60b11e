import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cutBytes, headerBlocks, parseInbound, replyExcerpt, threadCandidates } from './inbound.parse.ts';

const ORIGINAL = '<0198c7a2-enrollment:0198c7a2-step@mail.prospector.example>';
const fixture = (name: string) =>
  readFileSync(path.join(import.meta.dirname, '../../../test/fixtures/mail', name), 'utf8').replaceAll(
    '{{ORIGINAL_MESSAGE_ID}}',
    ORIGINAL,
  );

describe('inbound mail classification', () => {
  it('a Gmail reply is a reply threaded by In-Reply-To, with its new text apart from the quote', async () => {
    const m = await parseInbound(fixture('gmail-reply.eml'));
    expect(m.kind).toBe('reply');
    expect(m.inReplyTo).toBe(ORIGINAL);
    expect(m.references).toEqual([ORIGINAL]);
    expect(m.from).toBe('nia@example.com');
    expect(m.fromName).toBe('Nia Tester');
    expect(m.subject).toBe('Re: Hello Nia');
    expect(m.date?.toISOString()).toBe('2026-03-10T14:41:00.000Z');
    expect(m.messageId).toBe('<CAKx8Vq3mZ1d+Q0f2oW1pY=sR7tB4nE0uL6hG9jD5cA@mail.gmail.com>');
    expect(m.text).toContain('Thursday afternoon works for me.');
    const excerpt = replyExcerpt(m.text);
    expect(excerpt).toContain("yes, I'd be happy to talk");
    expect(excerpt).not.toContain('are you still Staff Engineer');
    expect(threadCandidates(m)).toEqual([ORIGINAL]);
  });

  it('a Postfix DSN (5.1.1) is a permanent bounce; the original is found in the returned message', async () => {
    const m = await parseInbound(fixture('postfix-dsn-permanent.eml'));
    expect(m.kind).toBe('bounce');
    expect(m.bounce).toMatchObject({
      recipient: 'ghost@example.org',
      action: 'failed',
      status: '5.1.1',
      permanent: true,
      originalMessageId: ORIGINAL,
    });
    expect(m.bounce?.diagnostic).toContain('User unknown');
    expect(threadCandidates(m)[0]).toBe(ORIGINAL);
  });

  it('a Gmail DSN names the original in text/rfc822-headers and References', async () => {
    const m = await parseInbound(fixture('gmail-dsn-permanent.eml'));
    expect(m.kind).toBe('bounce');
    expect(m.bounce).toMatchObject({
      recipient: 'left.company@gmail.com',
      action: 'failed',
      status: '5.1.1',
      permanent: true,
      originalMessageId: ORIGINAL,
    });
  });

  it('a delay notice (4.4.1, Action: delayed) is a bounce, not permanent', async () => {
    const m = await parseInbound(fixture('postfix-dsn-delayed.eml'));
    expect(m.kind).toBe('bounce');
    expect(m.bounce).toMatchObject({
      recipient: 'slow@example.net',
      action: 'delayed',
      status: '4.4.1',
      permanent: false,
      originalMessageId: ORIGINAL,
    });
  });

  it('an Outlook automatic reply (Auto-Submitted) is an auto reply, even with In-Reply-To', async () => {
    const m = await parseInbound(fixture('outlook-auto-reply.eml'));
    expect(m.kind).toBe('auto_reply');
    expect(m.autoReason).toBe('Auto-Submitted: auto-generated');
    expect(m.inReplyTo).toBe(ORIGINAL);
    expect(m.text).toContain('nicht im Büro');
  });

  it('an "Out of Office" subject alone makes an auto reply', async () => {
    const m = await parseInbound(fixture('vacation-subject-only.eml'));
    expect(m.kind).toBe('auto_reply');
    expect(m.autoReason).toMatch(/^subject: Out of Office/);
  });

  it('X-Autoreply makes an auto reply whatever the subject', async () => {
    const m = await parseInbound(fixture('x-autoreply.eml'));
    expect(m.kind).toBe('auto_reply');
    expect(m.autoReason).toBe('x-autoreply: yes');
  });

  it('Auto-Submitted: no is a human reply', async () => {
    const raw = `From: a@example.com\r\nTo: b@example.com\r\nSubject: Re: Hi\r\nAuto-Submitted: no\r\nIn-Reply-To: ${ORIGINAL}\r\n\r\nSure, call me.\r\n`;
    const m = await parseInbound(raw);
    expect(m.kind).toBe('reply');
    expect(m.text.trim()).toBe('Sure, call me.');
  });

  it('a mailer-daemon message without a DSN part takes its status from the text', async () => {
    const raw = `From: MAILER-DAEMON@mx.example.com\r\nTo: b@example.com\r\nSubject: failure notice\r\nReferences: <x@y> ${ORIGINAL}\r\n\r\nSorry. <gone@example.com>: 550 5.1.1 no such user\r\n`;
    const m = await parseInbound(raw);
    expect(m.kind).toBe('bounce');
    expect(m.bounce).toMatchObject({ status: '5.1.1', permanent: true, originalMessageId: null });
    expect(threadCandidates(m)).toEqual([ORIGINAL, '<x@y>']);
  });

  it('an Outlook read receipt (MDN) is an automatic answer, threaded to the original', async () => {
    const m = await parseInbound(fixture('outlook-read-receipt.eml'));
    expect(m.kind).toBe('auto_reply');
    expect(m.autoReason).toBe('multipart/report; report-type=disposition-notification');
    expect(m.bounce).toBeNull();
    expect(threadCandidates(m)[0]).toBe(ORIGINAL);
    // Without In-Reply-To / References the MDN's Original-Message-ID threads it.
    const bare = await parseInbound(
      fixture('outlook-read-receipt.eml').replace(/^(In-Reply-To|References): .*\n/gm, ''),
    );
    expect(bare.kind).toBe('auto_reply');
    expect(threadCandidates(bare)).toEqual([ORIGINAL]);
  });

  it('a message/disposition-notification part or a delivered-only DSN is an automatic answer too', async () => {
    const mdn = fixture('outlook-read-receipt.eml').replace(
      /report-type=disposition-notification/,
      'report-type=unknown-thing',
    );
    expect((await parseInbound(mdn)).autoReason).toBe('multipart/report; report-type=unknown-thing');
    const delivered = fixture('postfix-dsn-delayed.eml')
      .replace(/^Action: delayed$/m, 'Action: delivered')
      .replace(/^Status: 4\.4\.1$/m, 'Status: 2.0.0');
    const m = await parseInbound(delivered);
    expect(m.kind).toBe('auto_reply');
    expect(m.autoReason).toMatch(/Action: delivered/);
  });

  it('a qmail bounce without a DSN part is threaded by the Message-ID in the returned copy', async () => {
    const raw = [
      'From: MAILER-DAEMON@mail.example.net',
      'To: nora.sourcer@acme-talent.example',
      'Subject: failure notice',
      '',
      'Hi. This is the qmail-send program at mail.example.net.',
      "I'm afraid I wasn't able to deliver your message to the following addresses.",
      "This is a permanent error; I've given up. Sorry it didn't work out.",
      '',
      '<gone@example.net>:',
      '192.0.2.7 does not like recipient.',
      'Remote host said: 550 5.1.1 <gone@example.net>: Recipient address rejected',
      'Giving up on 192.0.2.7.',
      '',
      '--- Below this line is a copy of the message.',
      '',
      'Return-Path: <bounces@acme-talent.example>',
      `Message-ID: ${ORIGINAL}`,
      'Subject: Hello',
      '',
      'Hi there',
      '',
    ].join('\r\n');
    const m = await parseInbound(raw);
    expect(m.kind).toBe('bounce');
    expect(m.bounce).toMatchObject({ status: '5.1.1', permanent: true, originalMessageId: ORIGINAL });
    expect(threadCandidates(m)[0]).toBe(ORIGINAL);
  });

  it('a long non-ASCII Message-ID is kept to 1,000 UTF-8 bytes', async () => {
    const long = `<${'ü'.repeat(3000)}@example.com>`;
    const m = await parseInbound(
      `From: a@example.com\r\nTo: b@example.com\r\nSubject: Re: Hi\r\nMessage-ID: ${long}\r\nIn-Reply-To: ${ORIGINAL}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nYes.\r\n`,
    );
    expect(Buffer.byteLength(m.messageId!, 'utf8')).toBeLessThanOrEqual(1000);
    expect(m.messageId!.startsWith('<üü')).toBe(true);
    expect(m.messageId).not.toContain('\uFFFD');
    expect(cutBytes('aü', 2)).toBe('a');
    expect(cutBytes('aüb', 3)).toBe('aü');
  });

  it('a final 4.x.x report (Action: failed, Status: 4.4.7, retries expired) is not permanent', async () => {
    const raw = fixture('postfix-dsn-delayed.eml')
      .replace(/^Action: delayed$/m, 'Action: failed')
      .replace(/^Status: 4\.4\.1$/m, 'Status: 4.4.7');
    const m = await parseInbound(raw);
    expect(m.bounce).toMatchObject({ action: 'failed', status: '4.4.7', permanent: false });
  });

  it('header blocks unfold continuation lines', () => {
    const b = headerBlocks('A: 1\n\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550\n  more\n');
    expect(b).toHaveLength(2);
    expect(b[1]!.get('diagnostic-code')).toBe('smtp; 550 more');
  });
});

describe('inbound parse gate', () => {
  it('runs at most `max` at once, queues a few, refuses beyond with 503 (unavailable)', async () => {
    const { ParseGate } = await import('./inbound.gate.ts');
    const gate = new ParseGate(2, 1);
    let release!: () => void;
    const hold = new Promise<void>((r) => {
      release = r;
    });
    let peak = 0;
    let now = 0;
    const job = () =>
      gate.run(async () => {
        now += 1;
        peak = Math.max(peak, now);
        await hold;
        now -= 1;
        return 'ok';
      });
    const running = [job(), job(), job()];
    await expect(job()).rejects.toMatchObject({ kind: 'unavailable', code: 'inbound_busy' });
    release();
    expect(await Promise.all(running)).toEqual(['ok', 'ok', 'ok']);
    expect(peak).toBe(2);
    expect(gate.busy).toEqual({ running: 0, waiting: 0 });
  });
});
