import { describe, expect, it } from 'vitest';
import { messageIdFor } from './handoff.service.ts';
import { peekToken, signToken, verifyToken } from './tokens.ts';
import { classifySmtpError } from './transports.ts';

const W = '01a226aa-5bc8-7e46-8423-f63ad5f7a59a';
const O = '01a226aa-5bff-7dfc-9f98-5692ccc86d83';

describe('link tokens', () => {
  const t = signToken('secret-1', { purpose: 'unsubscribe', workspaceId: W, outboxId: O });
  it('verify with the same secret and purpose only', () => {
    expect(verifyToken('secret-1', t, 'unsubscribe')).toEqual({
      purpose: 'unsubscribe',
      workspaceId: W,
      outboxId: O,
    });
    expect(verifyToken('secret-2', t, 'unsubscribe')).toBeNull();
    expect(verifyToken('secret-1', t, 'click')).toBeNull();
  });
  it('refuse a changed payload or signature and junk', () => {
    const [body, sig] = t.split('.') as [string, string];
    const other = Buffer.from(JSON.stringify({ p: 'unsubscribe', w: W, o: W, d: null })).toString(
      'base64url',
    );
    expect(verifyToken('secret-1', `${other}.${sig}`, 'unsubscribe')).toBeNull();
    expect(verifyToken('secret-1', `${body}.${sig.slice(1)}`, 'unsubscribe')).toBeNull();
    for (const junk of ['', '.', 'a.b.c', 'x'.repeat(5000), `${body}.`]) expect(peekToken(junk)).toBeNull();
  });
  it('carry purpose data (a click target)', () => {
    const c = signToken('s', {
      purpose: 'click',
      workspaceId: W,
      outboxId: O,
      data: 'https://example.com/a?b=1',
    });
    expect(verifyToken('s', c, 'click')?.data).toBe('https://example.com/a?b=1');
  });
});

describe('SMTP outcomes', () => {
  it('4xx is temporary, 5xx permanent, a break before DATA temporary, after it ambiguous', () => {
    expect(classifySmtpError({ responseCode: 451, response: '451 later' }).kind).toBe('temporary');
    expect(classifySmtpError({ responseCode: 550, response: '550 no such user' }).kind).toBe('permanent');
    expect(classifySmtpError({ code: 'ECONNECTION', command: 'CONN' }).kind).toBe('temporary');
    expect(classifySmtpError({ code: 'ETIMEDOUT', command: 'RCPT TO' }).kind).toBe('temporary');
    expect(classifySmtpError({ code: 'ESOCKET', command: 'DATA' }).kind).toBe('ambiguous');
    expect(classifySmtpError(new Error('socket hang up')).kind).toBe('ambiguous');
  });
});

describe('Message-ID', () => {
  it('is stable per step and a valid msg-id on the sender domain', () => {
    const id = messageIdFor(`${W}:${O}`, 'Dee@Mail.Example.com');
    expect(id).toBe(`<${W}.${O}@mail.example.com>`);
    expect(messageIdFor(`${W}:${O}`, 'Dee@Mail.Example.com')).toBe(id);
    expect(messageIdFor('a:b', 'no-at-sign')).toBe('<a.b@prospector.invalid>');
  });
});
