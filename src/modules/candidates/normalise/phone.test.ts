import fc from 'fast-check';
import { type CountryCode, getCountries, getExampleNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { normalisePhone, phoneToString } from './phone.ts';

/** Property tests run many cases; give them room on a busy machine. */
const PROPERTY = { timeout: 30_000 };

describe('normalisePhone accepts and normalises', () => {
  it.each([
    ['+1 201-555-0123', 'US', { e164: '+12015550123', country: 'US', type: 'fixed_line_or_mobile' }],
    ['(201) 555-0123', 'US', { e164: '+12015550123', country: 'US', type: 'fixed_line_or_mobile' }],
    ['201.555.0123', 'US', { e164: '+12015550123', country: 'US', type: 'fixed_line_or_mobile' }],
    [
      '+1 201 555 0123 x123',
      'DE',
      { e164: '+12015550123', country: 'US', type: 'fixed_line_or_mobile', extension: '123' },
    ],
    [
      '(201) 555-0123 ext. 45',
      'US',
      { e164: '+12015550123', country: 'US', type: 'fixed_line_or_mobile', extension: '45' },
    ],
    [
      '201-555-0123, extension 7',
      'US',
      { e164: '+12015550123', country: 'US', type: 'fixed_line_or_mobile', extension: '7' },
    ],
    [
      '+44 20 7946 0958 #12',
      'US',
      { e164: '+442079460958', country: 'GB', type: 'fixed_line', extension: '12' },
    ],
    ['tel:+1-201-555-0123', 'GB', { e164: '+12015550123', country: 'US', type: 'fixed_line_or_mobile' }],
    [
      'tel:+1-201-555-0123;ext=9',
      'GB',
      { e164: '+12015550123', country: 'US', type: 'fixed_line_or_mobile', extension: '9' },
    ],
    [
      'tel:7946-0958;phone-context=+44-20',
      'US',
      { e164: '+442079460958', country: 'GB', type: 'fixed_line' },
    ],
    [
      '+12015550123;ext=123',
      'US',
      { e164: '+12015550123', country: 'US', type: 'fixed_line_or_mobile', extension: '123' },
    ],
    ['030 1234567', 'DE', { e164: '+49301234567', country: 'DE', type: 'fixed_line' }],
    ['0049 30 1234567', 'DE', { e164: '+49301234567', country: 'DE', type: 'fixed_line' }],
    ['011 49 30 1234567', 'US', { e164: '+49301234567', country: 'DE', type: 'fixed_line' }],
    ['+49 151 23456789', 'US', { e164: '+4915123456789', country: 'DE', type: 'mobile' }],
    ['06 12 34 56 78', 'FR', { e164: '+33612345678', country: 'FR', type: 'mobile' }],
    ['+800 1234 5678', 'US', { e164: '+80012345678', country: null, type: 'toll_free' }],
    ['1-800-555-0199', 'US', { e164: '+18005550199', country: 'US', type: 'toll_free' }],
    [
      '+1\u00a0201\u2013555\u20130123',
      'US',
      { e164: '+12015550123', country: 'US', type: 'fixed_line_or_mobile' },
    ],
    ['+1 201 555 0123', 'AQ', { e164: '+12015550123', country: 'US', type: 'fixed_line_or_mobile' }],
  ] as const)('%s (%s)', (raw, region, value) => {
    expect(normalisePhone(raw, region as CountryCode)).toEqual({ ok: true, value });
  });
});

describe('normalisePhone refuses with a reason', () => {
  it.each([
    ['', 'US', 'empty', 'is empty'],
    ['  ', 'US', 'empty', 'is empty'],
    ['1', 'US', 'too_short', 'too short for a US number'],
    ['123', 'US', 'too_short', 'too short for a US number'],
    ['01234', 'GB', 'too_short', 'too short for a GB number'],
    ['+4412', 'GB', 'too_short', 'too short for a +44 number'],
    ['+49 30 123456789012345678', 'DE', 'too_long', 'too long'],
    ['+999 1234567', 'US', 'unknown_country_code', 'unknown country code +999'],
    ['+1 999 555 0123', 'US', 'invalid', 'not a valid number for +1'],
    ['07700 900123', 'GB', 'invalid', 'not a valid number for GB'],
    ['2015550123', 'AQ', 'no_country_code', 'has no country code; start it with + and the country code'],
    ['hello', 'US', 'letters', 'contains letters; give the number in digits'],
    ['1-800-FLOWERS', 'US', 'letters', 'contains letters; give the number in digits'],
    ['201*555*0123', 'US', 'bad_char', "contains '*'"],
    ['()-', 'US', 'not_a_number', 'is not a phone number'],
    ['tel:+1-201-555-0123;ext=abc', 'US', 'extension', "extension 'abc' is not digits"],
    ['tel:+1-201-555-0123;ext=1 x2', 'US', 'extension', "extension '1 x2' is not digits"],
    ['tel:+12015550123;ext=1 x 2', 'US', 'extension', "extension '1 x 2' is not digits"],
    ['tel:+1%2', 'US', 'invalid_encoding', 'has a broken %-escape in the tel: link'],
    [`+1 ${'2'.repeat(120)}`, 'US', 'too_long', 'too long'],
  ] as const)('%j (%s) → %s', (raw, region, code, reason) => {
    expect(normalisePhone(raw, region as CountryCode)).toEqual({ ok: false, code, reason });
  });

  it('refuses a second extension after a tel: ;ext=', () => {
    expect(normalisePhone('tel:+1-201-555-0123 x5;ext=9', 'US')).toEqual({
      ok: false,
      code: 'extension',
      reason: 'has two extensions',
    });
  });
});

describe('normalisePhone properties', () => {
  const countries = getCountries().filter((c) => getExampleNumber(c, examples));
  const formatted = fc
    .record({
      country: fc.constantFrom(...countries),
      style: fc.constantFrom('NATIONAL', 'INTERNATIONAL', 'E.164', 'RFC3966') as fc.Arbitrary<
        'NATIONAL' | 'INTERNATIONAL' | 'E.164' | 'RFC3966'
      >,
      ext: fc.option(fc.stringMatching(/^[1-9]\d{0,5}$/), { nil: undefined }),
      extStyle: fc.constantFrom(' x', ' ext. ', ' extension ', ' #', ';ext='),
    })
    .map(({ country, style, ext, extStyle }) => {
      const example = getExampleNumber(country, examples)!;
      const text = style === 'RFC3966' ? example.getURI() : example.format(style);
      return { country, text: ext ? `${text}${style === 'RFC3966' ? ';ext=' : extStyle}${ext}` : text, ext };
    });

  it(
    'accepts every country’s example mobile number in any format, and its normalised form gives it back',
    PROPERTY,
    () => {
      fc.assert(
        fc.property(formatted, ({ country, text, ext }) => {
          const once = normalisePhone(text, country);
          expect(once.ok).toBe(true);
          if (!once.ok) return;
          expect(once.value.extension).toBe(ext);
          for (const region of [country, 'US', 'AQ'] as CountryCode[])
            expect(normalisePhone(phoneToString(once.value), region)).toEqual(once);
        }),
        { numRuns: 1000 },
      );
    },
  );

  it('never throws on arbitrary input, and is idempotent whenever it accepts', PROPERTY, () => {
    const chars = fc.constantFrom(...'+0123456789 ()-.x#;ext=tel:a'.split(''));
    const input = fc.oneof(fc.string(), fc.string({ unit: chars, maxLength: 25 }));
    fc.assert(
      fc.property(input, fc.constantFrom<CountryCode>('US', 'GB', 'DE', 'IN', 'BR'), (s, region) => {
        const once = normalisePhone(s, region);
        if (once.ok) expect(normalisePhone(phoneToString(once.value), region)).toEqual(once);
      }),
      { numRuns: 2000 },
    );
  });
});
