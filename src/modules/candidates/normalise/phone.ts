import {
  type CountryCode,
  isSupportedCountry,
  ParseError,
  type PhoneNumber,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
} from 'libphonenumber-js/max';
import { fail, type Normalised, ok, quote } from './result.ts';

export type { CountryCode };

/** libphonenumber's number types, lower-cased. */
export type PhoneType =
  | 'mobile'
  | 'fixed_line'
  | 'fixed_line_or_mobile'
  | 'toll_free'
  | 'premium_rate'
  | 'shared_cost'
  | 'voip'
  | 'personal_number'
  | 'pager'
  | 'uan'
  | 'voicemail';

export interface NormalisedPhone {
  /** E.164, e.g. `+12015550123`. */
  e164: string;
  /** ISO 3166-1 alpha-2 of the number, or null for non-geographic numbers (`+800`, `+882`…). */
  country: CountryCode | null;
  /** What the number is, from the full metadata; null where the metadata cannot tell. */
  type: PhoneType | null;
  /** Digits only; absent when there is none. */
  extension?: string;
}

// An extension at the end: `x123`, `ext 123`, `ext. 123`, `extension 123`, `#123`, `;ext=123` (RFC 3966).
const EXTENSION = /(?:;ext=|[\s,;]*(?:ext(?:ension)?\.?|x|#)\s*:?\s*)(\d{1,10})\s*$/i;
// What may appear in the number itself once the extension is taken off.
const NUMBER_CHARS = /^[+\d\s().\-/\u00a0\u2010-\u2015\u2212]*$/;

/**
 * A phone number in E.164 with its country and type, from what a person typed or an import held: national
 * numbers are read in `defaultRegion` (the candidate's country, else the workspace default), international ones
 * (`+44…`, or `00`/`011` dialled from the default region) as they say. Accepts `tel:` URIs (`;ext=` and
 * `;phone-context=` understood) and extensions (`x123`, `ext. 123`, `#123`). A number must be valid for its
 * country by libphonenumber's full metadata, not merely of a possible length.
 *
 * Normalising `phoneToString(value)` gives the same value back.
 */
export function normalisePhone(raw: string, defaultRegion: CountryCode): Normalised<NormalisedPhone> {
  let s = raw.trim();
  if (s === '') return fail('empty', 'is empty');
  if (s.length > 100) return fail('too_long', 'too long');

  let extension: string | undefined;
  if (/^tel:/i.test(s)) {
    const tel = parseTelUri(s);
    if (!tel.ok) return tel;
    s = tel.value.number;
    extension = tel.value.extension;
  }
  const ext = EXTENSION.exec(s);
  if (ext && ext.index > 0) {
    if (extension !== undefined) return fail('extension', 'has two extensions');
    extension = ext[1]!;
    s = s.slice(0, ext.index).trim();
  }
  if (!NUMBER_CHARS.test(s)) {
    if (/\p{L}/u.test(s)) return fail('letters', 'contains letters; give the number in digits');
    const bad = [...s].find((c) => !NUMBER_CHARS.test(c))!;
    return fail('bad_char', `contains ${quote(bad)}`);
  }
  if (!/\d/.test(s)) return fail('not_a_number', 'is not a phone number');

  const international = s.startsWith('+');
  const region = isSupportedCountry(defaultRegion) ? defaultRegion : undefined;
  let number: PhoneNumber;
  try {
    number = parsePhoneNumberWithError(s, region ? { defaultCountry: region } : {});
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    return failure(e.message, s, international ? null : (region ?? null));
  }

  const label = number.country ?? `+${number.countryCallingCode}`;
  if (!number.isValid()) {
    const len = validatePhoneNumberLength(s, region ? { defaultCountry: region } : {});
    if (len) return failure(len, s, label);
    return fail('invalid', `not a valid number for ${label}`);
  }
  const type = number.getType();
  return ok({
    e164: number.number,
    country: number.country ?? null,
    type: type ? (type.toLowerCase() as PhoneType) : null,
    ...(extension ? { extension } : {}),
  });
}

/** The stored form of a normalised phone: `+12015550123`, or `+12015550123;ext=45` with an extension. */
export function phoneToString(p: Pick<NormalisedPhone, 'e164' | 'extension'>): string {
  return p.extension ? `${p.e164};ext=${p.extension}` : p.e164;
}

function failure(code: string, s: string, label: string | null): Normalised<never> {
  const forWhat = label ? ` for a ${label} number` : '';
  switch (code) {
    case 'INVALID_COUNTRY':
      if (s.startsWith('+')) {
        const digits = s.replace(/\D/g, '').slice(0, 3);
        return fail('unknown_country_code', `unknown country code +${digits}`);
      }
      return fail('no_country_code', 'has no country code; start it with + and the country code');
    case 'TOO_SHORT':
    case 'NOT_A_NUMBER':
      // libphonenumber says NOT_A_NUMBER for inputs with under 2 digits.
      return fail('too_short', `too short${forWhat}`);
    case 'TOO_LONG':
      return fail('too_long', `too long${forWhat}`);
    case 'INVALID_LENGTH':
      return fail('invalid_length', `wrong number of digits${forWhat}`);
    default:
      return fail('invalid', 'is not a phone number');
  }
}

/** `tel:+1-201-555-0123;ext=45`, `tel:7946-0958;phone-context=+44-20`. */
function parseTelUri(s: string): Normalised<{ number: string; extension?: string }> {
  let body: string;
  try {
    body = decodeURIComponent(s.slice(4));
  } catch {
    return fail('invalid_encoding', 'has a broken %-escape in the tel: link');
  }
  const [num = '', ...params] = body.split(';');
  let number = num.trim();
  let extension: string | undefined;
  for (const p of params) {
    const [k = '', v = ''] = p.split('=');
    const key = k.trim().toLowerCase();
    if (key === 'ext') {
      if (!/^\d{1,10}$/.test(v.trim())) return fail('extension', `extension ${quote(v)} is not digits`);
      extension = v.trim();
    } else if (key === 'phone-context' && !number.startsWith('+') && v.trim().startsWith('+')) {
      number = `${v.trim()}${number}`;
    }
  }
  return ok(extension ? { number, extension } : { number });
}
