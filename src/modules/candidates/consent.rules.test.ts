import { describe, expect, it } from 'vitest';
import { type ContactFacts, decideContact, jurisdictionOf, type LedgerEntry } from './consent.rules.ts';

const at = new Date('2026-06-01T12:00:00Z');
const allow = { contactPolicy: 'allow' as const, basisRequiredIn: ['gdpr'] };
const facts = (over: Partial<ContactFacts> = {}): ContactFacts => ({
  status: 'new',
  country: 'US',
  region: 'NY',
  hasEmail: true,
  hasPhone: false,
  ledger: [],
  ...over,
});
let n = 0;
const entry = (over: Partial<LedgerEntry>): LedgerEntry => ({
  id: `e${++n}`,
  purpose: 'contact',
  channel: 'email',
  lawfulBasis: 'consent',
  givenAt: new Date('2026-01-01T00:00:00Z'),
  expiresAt: null,
  withdrawnAt: null,
  ...over,
});

describe('jurisdiction', () => {
  it('maps EU/EEA/UK/CH to GDPR, California to CCPA, the rest to other', () => {
    expect(jurisdictionOf('DE', null)).toBe('gdpr');
    expect(jurisdictionOf('GB', null)).toBe('gdpr');
    expect(jurisdictionOf('NO', null)).toBe('gdpr');
    expect(jurisdictionOf('US', 'CA')).toBe('ccpa');
    expect(jurisdictionOf('US', 'NY')).toBe('other');
    expect(jurisdictionOf(null, null)).toBe('other');
  });
});

describe('may we contact', () => {
  it('do-not-contact wins over everything, even consent on record', () => {
    const d = decideContact(facts({ status: 'do_not_contact', ledger: [entry({})] }), 'email', at, allow);
    expect(d).toMatchObject({ allowed: false, reason: 'do_not_contact' });
  });

  it('needs an address for the channel', () => {
    expect(decideContact(facts(), 'sms', at, allow)).toMatchObject({ allowed: false, reason: 'no_address' });
    expect(decideContact(facts({ hasEmail: false }), 'email', at, allow).reason).toBe('no_address');
  });

  it('allows by policy outside basis-required jurisdictions, and refuses without a basis inside them', () => {
    expect(decideContact(facts(), 'email', at, allow)).toMatchObject({
      allowed: true,
      reason: 'policy_allows',
    });
    expect(decideContact(facts({ country: 'FR' }), 'email', at, allow)).toMatchObject({
      allowed: false,
      reason: 'no_lawful_basis',
      jurisdiction: 'gdpr',
    });
    const strict = { contactPolicy: 'require_basis' as const, basisRequiredIn: [] };
    expect(decideContact(facts(), 'email', at, strict).reason).toBe('no_lawful_basis');
  });

  it('a valid entry for the channel or for any channel allows, naming the entry', () => {
    const e = entry({ channel: 'any', lawfulBasis: 'legitimate_interest' });
    expect(decideContact(facts({ country: 'FR', ledger: [e] }), 'email', at, allow)).toMatchObject({
      allowed: true,
      reason: 'consent_on_record',
      consentId: e.id,
    });
    const sms = entry({ channel: 'sms' });
    expect(decideContact(facts({ country: 'FR', ledger: [sms] }), 'email', at, allow).reason).toBe(
      'no_lawful_basis',
    );
  });

  it('an entry given in the future does not count yet; an expired one blocks where a basis is required', () => {
    const future = entry({ givenAt: new Date('2026-07-01T00:00:00Z') });
    expect(decideContact(facts({ country: 'FR', ledger: [future] }), 'email', at, allow).reason).toBe(
      'no_lawful_basis',
    );
    const expired = entry({ expiresAt: new Date('2026-05-01T00:00:00Z') });
    expect(decideContact(facts({ country: 'FR', ledger: [expired] }), 'email', at, allow)).toMatchObject({
      allowed: false,
      reason: 'expired',
    });
    expect(decideContact(facts({ ledger: [expired] }), 'email', at, allow).reason).toBe('policy_allows');
  });

  it('the latest event wins: withdrawal blocks, a later grant allows again', () => {
    const given = entry({ withdrawnAt: new Date('2026-03-01T00:00:00Z') });
    expect(decideContact(facts({ ledger: [given] }), 'email', at, allow)).toMatchObject({
      allowed: false,
      reason: 'withdrawn',
    });
    const again = entry({ givenAt: new Date('2026-04-01T00:00:00Z') });
    expect(decideContact(facts({ ledger: [given, again] }), 'email', at, allow)).toMatchObject({
      allowed: true,
      consentId: again.id,
    });
    // Before the withdrawal happened, the grant held.
    expect(
      decideContact(facts({ ledger: [given] }), 'email', new Date('2026-02-01T00:00:00Z'), allow).allowed,
    ).toBe(true);
  });

  it('an objection on any channel blocks every channel even under the allow policy', () => {
    const objection = entry({
      channel: 'any',
      lawfulBasis: 'none',
      givenAt: new Date('2026-05-01T00:00:00Z'),
      withdrawnAt: new Date('2026-05-01T00:00:00Z'),
    });
    const d = decideContact(facts({ hasPhone: true, ledger: [objection] }), 'phone', at, allow);
    expect(d).toMatchObject({ allowed: false, reason: 'withdrawn' });
  });
});
