import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseEmail } from './email.ts';

/** Property tests run many cases; give them room on a busy machine. */
const PROPERTY = { timeout: 30_000 };

describe('normaliseEmail accepts and normalises', () => {
  it.each([
    ['ann@example.org', 'ann@example.org'],
    ['  Ann.Smith@Example.COM ', 'ann.smith@example.com'],
    ['ANN+jobs@EXAMPLE.co.uk', 'ann+jobs@example.co.uk'],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ['x!#$%&*/=?^_`{|}~-@example.org', 'x!#$%&*/=?^_`{|}~-@example.org'],
    ['Ann Smith <ann@example.org>', 'ann@example.org'],
    ['"Smith, Ann" <Ann@Example.org>', 'ann@example.org'],
    ['<ann@example.org>', 'ann@example.org'],
    ['mailto:ann@example.org', 'ann@example.org'],
    ['MAILTO:ann@example.org?subject=Hello', 'ann@example.org'],
    ['mailto:ann%2Bcv@example.org', 'ann+cv@example.org'],
    ['"ann"@example.org', 'ann@example.org'],
    ['"ann smith"@example.org', '"ann smith"@example.org'],
    ['"a@b"@example.org', '"a@b"@example.org'],
    ['"a\\"b"@example.org', '"a\\"b"@example.org'],
    ['"a\\b"@example.org', 'ab@example.org'],
    ['ann@bücher.de', 'ann@xn--bcher-kva.de'],
    ['ann@xn--bcher-kva.de', 'ann@xn--bcher-kva.de'],
    ['ann@münchen.example', 'ann@xn--mnchen-3ya.example'],
    ['ann@[192.0.2.1]', 'ann@[192.0.2.1]'],
    ['ann@[IPv6:2001:db8::1]', 'ann@[ipv6:2001:db8::1]'],
    ['ann@a-b.example.org', 'ann@a-b.example.org'],
    ['ann@1example.org', 'ann@1example.org'],
    ['ann@example.co2', 'ann@example.co2'],
    [`${'a'.repeat(64)}@example.org`, `${'a'.repeat(64)}@example.org`],
    [`ann@${'a'.repeat(63)}.org`, `ann@${'a'.repeat(63)}.org`],
  ])('%s → %s', (raw, value) => {
    expect(normaliseEmail(raw)).toEqual({ ok: true, value });
  });
});

describe('normaliseEmail refuses with a reason', () => {
  const long = `${'a'.repeat(60)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(10)}.org`;
  it.each([
    ['', 'empty', 'is empty'],
    ['   ', 'empty', 'is empty'],
    ['mailto:', 'empty', 'is empty'],
    ['ann.example.org', 'missing_at', 'missing @'],
    ['ann@b@example.org', 'multiple_at', 'more than one @ outside quotes'],
    ['@example.org', 'local_empty', 'nothing before the @'],
    ['ann@', 'domain_empty', 'nothing after the @'],
    ['.ann@example.org', 'local_dot', 'local part starts with a dot'],
    ['ann.@example.org', 'local_dot', 'local part ends with a dot (just before the @)'],
    ['ann..smith@example.org', 'local_dot', 'consecutive dots in local part'],
    ['ann smith@example.org', 'local_char', 'local part contains a space'],
    ['ann,bob@example.org', 'local_char', "local part contains ',', which is only allowed inside quotes"],
    ['ann(work)@example.org', 'local_char', "local part contains '(', which is only allowed inside quotes"],
    ['jörg@example.de', 'local_non_ascii', "local part contains 'ö'; only ASCII characters are allowed"],
    ['"ann@example.org', 'unclosed_quote', 'has an opening quote without a closing one'],
    [
      '"ann"x@example.org',
      'local_char',
      'local part has text after its closing quote (quote all of it or none)',
    ],
    ['""@example.org', 'local_empty', 'local part is an empty quoted string'],
    [`${'a'.repeat(65)}@example.org`, 'local_too_long', 'local part longer than 64 characters (65)'],
    ['ann@exa mple.com', 'domain_char', "domain label 'exa mple' contains a space"],
    [
      'ann@exa_mple.com',
      'domain_char',
      "domain label 'exa_mple' contains '_'; only letters, digits and hyphens are allowed",
    ],
    ['ann@.example.org', 'domain_dot', 'domain starts with a dot'],
    ['ann@example.org.', 'domain_dot', 'domain ends with a dot'],
    ['ann@example..org', 'domain_dot', 'consecutive dots in domain'],
    ['ann@-example.org', 'domain_hyphen', "domain label '-example' starts with a hyphen"],
    ['ann@example-.org', 'domain_hyphen', "domain label 'example-' ends with a hyphen"],
    [
      `ann@${'a'.repeat(64)}.org`,
      'domain_label_long',
      `domain label '${'a'.repeat(39)}…' is longer than 63 characters (64)`,
    ],
    ['ann@localhost', 'domain_no_tld', 'domain has no top-level domain'],
    ['ann@192.0.2.1', 'domain_numeric_tld', "top-level domain '1' is all digits"],
    ['ann@example.123', 'domain_numeric_tld', "top-level domain '123' is all digits"],
    ['ann@[192.0.2.300]', 'domain_literal', "address literal '[192.0.2.300]' is not a valid IPv4 address"],
    ['ann@[ipv6:zz::1]', 'domain_literal', "address literal '[ipv6:zz::1]' is not a valid IPv6 address"],
    ['ann@[192.0.2.1', 'domain_literal', "address literal has '[' without a closing ']'"],
    ['ann@xn--zz.org', 'domain_idn', "domain 'xn--zz.org' is not a valid internationalised domain name"],
    ['Ann <ann@example.org', 'unbalanced_brackets', "has '<' without a closing '>'"],
    ['ann@example.org>', 'unbalanced_brackets', "has '>' without an opening '<'"],
    ['Ann <ann@example.org> (work)', 'unbalanced_brackets', "has text after the closing '>'"],
    ['Ann <>', 'empty', "has nothing between '<' and '>'"],
    [long, 'too_long', 'address longer than 254 characters (258)'],
  ])('%j → %s', (raw, code, reason) => {
    expect(normaliseEmail(raw)).toEqual({ ok: false, code, reason });
  });
});

describe('normaliseEmail properties', () => {
  it('accepts generated RFC addresses, and normalising a normalised address gives it back', PROPERTY, () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const once = normaliseEmail(email);
        if (!once.ok) {
          // fast-check may build addresses over 254 characters; those are the only ones refused.
          expect(once.code).toBe('too_long');
          return;
        }
        expect(once.value).toBe(email.toLowerCase());
        expect(normaliseEmail(once.value)).toEqual(once);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary input, and is idempotent whenever it accepts', PROPERTY, () => {
    const chars = fc.constantFrom(...'aZ09.@"\\ <>()[],;:-_+ü\t'.split(''));
    const input = fc.oneof(fc.string(), fc.string({ unit: chars, maxLength: 30 }));
    fc.assert(
      fc.property(input, (s) => {
        const once = normaliseEmail(s);
        if (once.ok) expect(normaliseEmail(once.value)).toEqual(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps quoted local parts stable through a second pass', PROPERTY, () => {
    const qtext = fc.string({ unit: fc.constantFrom(...'ab @."\\,'.split('')), minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(qtext, (content) => {
        const quoted = `"${content.replace(/(["\\])/g, '\\$1')}"@example.org`;
        const once = normaliseEmail(quoted);
        expect(once.ok).toBe(true);
        if (once.ok) expect(normaliseEmail(once.value)).toEqual(once);
      }),
    );
  });
});
