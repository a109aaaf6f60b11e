import ct from 'countries-and-timezones';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { DateTime, IANAZone } from 'luxon';
import { countryName, findRegion, normaliseCountry } from './country.ts';
import { REGION_ZONES } from './regions.data.ts';
import { fail, type Normalised, ok, quote } from './result.ts';

export type TimeZoneSource = 'explicit' | 'region' | 'country' | 'phone';

export interface TimeZoneInference {
  timeZone: string | null;
  source: TimeZoneSource | null;
  /** How the zone was found, or why none was (shown to recruiters; for a bad explicit zone, the reason). */
  note: string;
}

export interface TimeZoneFacts {
  timeZone?: string | null;
  /** ISO 3166-1 code (a name is accepted too). */
  country?: string | null;
  region?: string | null;
  /** The candidate's primary phone in E.164. */
  phoneE164?: string | null;
}

// ---- explicit zones

/** Every spelling we know, lower-cased → as IANA spells it (the registry's names first, then the runtime's). */
const SPELLING: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const name of Object.keys(ct.getAllTimezones({ deprecated: true }))) m.set(name.toLowerCase(), name);
  for (const name of Intl.supportedValuesOf('timeZone'))
    if (!m.has(name.toLowerCase())) m.set(name.toLowerCase(), name);
  return m;
})();

/**
 * An IANA time zone as typed (`Europe/Berlin`, `america/new_york`, `US/Eastern`, `UTC`), spelled as IANA
 * spells it. Valid means: known to this runtime's time zone data (luxon `IANAZone.isValidZone`). Refused with
 * a reason: UTC offsets (`+02:00`, a fixed offset is not a place's time: it ignores daylight saving) and the
 * legacy abbreviation zones (`EST`, `CET`, `EST5EDT`: `EST` means America/Panama in IANA, not New York).
 */
export function normaliseTimeZone(raw: string): Normalised<string> {
  const s = raw.trim();
  if (s === '') return fail('empty', 'is empty');
  if (/^(?:utc|gmt)?\s*[+\-−]\s*\d{1,2}(?::?\d{2})?$/i.test(s))
    return fail('offset', `${quote(s)} is a UTC offset, not a time zone; give a zone such as Europe/Berlin`);
  const name = SPELLING.get(s.toLowerCase()) ?? s;
  if (!name.includes('/') && name !== 'UTC' && name !== 'GMT') {
    if (IANAZone.isValidZone(name))
      return fail(
        'abbreviation',
        `${quote(s)} is an abbreviation, not a place's time zone; give a zone such as America/New_York`,
      );
    return fail('unknown_zone', `${quote(s)} is not a known IANA time zone (such as Europe/Berlin)`);
  }
  if (!IANAZone.isValidZone(name))
    return fail('unknown_zone', `${quote(s)} is not a known IANA time zone (such as Europe/Berlin)`);
  return ok(name);
}

/** Whether `tz` is an IANA time zone this runtime knows (by the rules of `normaliseTimeZone`). */
export function isValidTimeZone(tz: string): boolean {
  return normaliseTimeZone(tz).ok;
}

// ---- a country's zones

/**
 * Countries whose zones differ but where one is the clear answer when nothing more is known, because at
 * least ~95% of the people live in it or it is the only official national time. A region that keeps other
 * time is in REGION_ZONES, and the note names the exception.
 */
const DOMINANT: Readonly<Record<string, { zone: string; note: string }>> = {
  CN: {
    zone: 'Asia/Shanghai',
    note: 'China keeps one official time, Asia/Shanghai (parts of Xinjiang also use Asia/Urumqi)',
  },
  ES: {
    zone: 'Europe/Madrid',
    note: 'Spain: Europe/Madrid, except the Canary Islands (Atlantic/Canary; give the region)',
  },
  PT: {
    zone: 'Europe/Lisbon',
    note: 'Portugal: Europe/Lisbon, except the Azores (Atlantic/Azores; give the region)',
  },
  EC: {
    zone: 'America/Guayaquil',
    note: 'Ecuador: America/Guayaquil, except the Galápagos (Pacific/Galapagos)',
  },
  CL: {
    zone: 'America/Santiago',
    note: 'Chile: America/Santiago, except Aysén, Magallanes and Easter Island (give the region)',
  },
  NZ: {
    zone: 'Pacific/Auckland',
    note: 'New Zealand: Pacific/Auckland, except the Chatham Islands (Pacific/Chatham)',
  },
  PG: {
    zone: 'Pacific/Port_Moresby',
    note: 'Papua New Guinea: Pacific/Port_Moresby, except Bougainville (Pacific/Bougainville)',
  },
  UA: { zone: 'Europe/Kyiv', note: 'Ukraine keeps one official time, Europe/Kyiv' },
};

/**
 * For countries whose zones all keep the same time today, the zone to give when tz lists several
 * (e.g. Malaysia: Asia/Kuching and Asia/Singapore; the capital's own name is clearer).
 */
const PRINCIPAL: Readonly<Record<string, string>> = {
  CY: 'Asia/Nicosia',
  MY: 'Asia/Kuala_Lumpur',
  UZ: 'Asia/Tashkent',
  PS: 'Asia/Hebron',
  MH: 'Pacific/Majuro',
  VN: 'Asia/Ho_Chi_Minh',
  DE: 'Europe/Berlin',
  AR: 'America/Argentina/Buenos_Aires',
  KZ: 'Asia/Almaty',
};

// Offsets in the middle of winter and of summer of a fixed year: zones with the same pair keep the same time.
const JAN = DateTime.fromISO('2026-01-15T12:00:00Z');
const JUL = DateTime.fromISO('2026-07-15T12:00:00Z');
const offsets = (zone: string) => [JAN.setZone(zone).offset, JUL.setZone(zone).offset] as const;

export type CountryZones =
  | { kind: 'single'; zone: string }
  | { kind: 'dominant'; zone: string; note: string }
  | { kind: 'several'; count: number }
  | { kind: 'none' };

/**
 * What the time zone data says about a country: one time (`single`: all its zones keep the same time, e.g.
 * Germany, Argentina), a `dominant` zone (DOMINANT), or `several` (the count is of distinct standard UTC
 * offsets among the zones that belong first to this country: the United States has 6).
 */
export function countryZones(code: string): CountryZones {
  const cc = code.toUpperCase();
  const known = ZONES_OF.get(cc);
  if (known) return known;
  const z = computeCountryZones(cc);
  ZONES_OF.set(cc, z);
  return z;
}
// Imports infer a zone per row: each country's answer is computed once.
const ZONES_OF = new Map<string, CountryZones>();

function computeCountryZones(cc: string): CountryZones {
  const zones = ct.getCountry(cc)?.timezones ?? [];
  if (zones.length === 0) return { kind: 'none' };
  const times = new Set(zones.map((z) => offsets(z).join()));
  if (times.size === 1) {
    const own = zones.filter((z) => ct.getTimezone(z)?.countries[0] === cc);
    return { kind: 'single', zone: PRINCIPAL[cc] ?? (own[0] ?? zones[0])! };
  }
  const dominant = DOMINANT[cc];
  if (dominant) return { kind: 'dominant', ...dominant };
  const own = zones.filter((z) => ct.getTimezone(z)?.countries[0] === cc);
  const standard = new Set((own.length ? own : zones).map((z) => Math.min(...offsets(z))));
  return { kind: 'several', count: standard.size };
}

// ---- inference

const name = (code: string) => countryName(code) ?? code;

/**
 * A candidate's time zone, and how it was found:
 * 1. `explicit`: a given IANA zone is validated (see `normaliseTimeZone`) and wins. An invalid one gives
 *    `{ timeZone: null, source: null, note: <the reason> }`: nothing is inferred over a zone someone typed.
 * 2. `region`: for countries with several zones, the region's zone (REGION_ZONES: US states, Canadian
 *    provinces, Australian states, Brazilian and Mexican states, Russian federal subjects, Indonesian
 *    provinces, and the exceptions of the dominant-zone countries).
 * 3. `country`: the country's zone when it keeps one time, or its dominant zone (DOMINANT).
 * 4. `phone`: the same for the phone number's country, but only when no country is given: someone who told
 *    us they live in the United States with a German number does not live in Europe/Berlin.
 * Otherwise null, with a note saying why ("United States has 6 time zones; give a state").
 */
export function inferTimeZone(facts: TimeZoneFacts): TimeZoneInference {
  const explicit = facts.timeZone?.trim();
  if (explicit) {
    const tz = normaliseTimeZone(explicit);
    return tz.ok
      ? { timeZone: tz.value, source: 'explicit', note: 'given' }
      : { timeZone: null, source: null, note: tz.reason };
  }

  const rawCountry = facts.country?.trim();
  if (rawCountry) {
    const c = normaliseCountry(rawCountry);
    if (!c.ok)
      return { timeZone: null, source: null, note: `country ${quote(rawCountry)} is not one we know` };
    return fromCountry(c.value.code, facts.region?.trim() || null);
  }

  const phone = facts.phoneE164?.trim();
  if (phone) {
    const country = parsePhoneNumberFromString(phone)?.country;
    if (!country)
      return { timeZone: null, source: null, note: 'the phone number belongs to no single country' };
    const z = countryZones(country);
    if (z.kind === 'single')
      return {
        timeZone: z.zone,
        source: 'phone',
        note: `from the phone number: ${name(country)} has one time zone`,
      };
    if (z.kind === 'dominant')
      return {
        timeZone: z.zone,
        source: 'phone',
        note: `from the phone number: ${z.note}`,
      };
    return {
      timeZone: null,
      source: null,
      note: severalNote(country, z, null, 'the phone number is from '),
    };
  }
  return { timeZone: null, source: null, note: 'no time zone, country or phone number to infer one from' };
}

function fromCountry(code: string, region: string | null): TimeZoneInference {
  const z = countryZones(code);
  if (region && z.kind !== 'single') {
    const def = findRegion(code, region);
    if (def) {
      const where = def.code ? `${def.name} (${def.code})` : def.name;
      return {
        timeZone: def.zone,
        source: 'region',
        note: `from the region ${where}${def.caveat ? `; ${def.caveat}` : ''}`,
      };
    }
  }
  if (z.kind === 'single')
    return { timeZone: z.zone, source: 'country', note: `${name(code)} has one time zone` };
  if (z.kind === 'dominant') return { timeZone: z.zone, source: 'country', note: z.note };
  return { timeZone: null, source: null, note: severalNote(code, z, region) };
}

/**
 * Why a country alone gives no zone: "United States has 6 time zones; give a state", with what was wrong with
 * the region when one was given, or where the number came from (`from`).
 */
function severalNote(code: string, z: CountryZones, region: string | null, from = ''): string {
  const country = `${from}${name(code)}`;
  if (z.kind !== 'several') return `${country} has no time zone of its own in the time zone database`;
  const count = `${country}${from ? ', which' : ''} has ${z.count} time zones`;
  const term = REGION_ZONES[code]?.term;
  if (!term)
    return region
      ? `${count} and its regions are not mapped to them; give the time zone`
      : `${count}; give the time zone`;
  return region ? `${count}; ${quote(region)} is not a ${term} we know` : `${count}; give a ${term}`;
}
