import ct from 'countries-and-timezones';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { countryCodes } from './country.ts';
import { REGION_ZONES } from './regions.data.ts';
import {
  countryZones,
  inferTimeZone,
  isValidTimeZone,
  normaliseTimeZone,
  type TimeZoneFacts,
} from './timezone.ts';

describe('normaliseTimeZone', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    [' america/new_york ', 'America/New_York'],
    ['AMERICA/ARGENTINA/BUENOS_AIRES', 'America/Argentina/Buenos_Aires'],
    ['Europe/Kyiv', 'Europe/Kyiv'],
    ['Europe/Kiev', 'Europe/Kiev'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['US/Eastern', 'US/Eastern'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['Etc/UTC', 'Etc/UTC'],
  ])('%j → %s', (raw, zone) => {
    expect(normaliseTimeZone(raw)).toEqual({ ok: true, value: zone });
    expect(isValidTimeZone(raw)).toBe(true);
  });

  it.each([
    ['', 'empty', 'is empty'],
    [
      'Mars/Olympus_Mons',
      'unknown_zone',
      "'Mars/Olympus_Mons' is not a known IANA time zone (such as Europe/Berlin)",
    ],
    ['Berlin', 'unknown_zone', "'Berlin' is not a known IANA time zone (such as Europe/Berlin)"],
    [
      'PST',
      'abbreviation',
      "'PST' is an abbreviation, not a place's time zone; give a zone such as America/New_York",
    ],
    [
      'EST',
      'abbreviation',
      "'EST' is an abbreviation, not a place's time zone; give a zone such as America/New_York",
    ],
    [
      'CET',
      'abbreviation',
      "'CET' is an abbreviation, not a place's time zone; give a zone such as America/New_York",
    ],
    ['+02:00', 'offset', "'+02:00' is a UTC offset, not a time zone; give a zone such as Europe/Berlin"],
    ['UTC+2', 'offset', "'UTC+2' is a UTC offset, not a time zone; give a zone such as Europe/Berlin"],
    ['GMT-0530', 'offset', "'GMT-0530' is a UTC offset, not a time zone; give a zone such as Europe/Berlin"],
  ])('%j → %s', (raw, code, reason) => {
    expect(normaliseTimeZone(raw)).toEqual({ ok: false, code, reason });
    expect(isValidTimeZone(raw)).toBe(false);
  });

  it('is idempotent', () => {
    for (const z of [...Intl.supportedValuesOf('timeZone'), 'Europe/Kyiv', 'Asia/Kolkata', 'utc']) {
      const once = normaliseTimeZone(z);
      if (once.ok) expect(normaliseTimeZone(once.value), z).toEqual(once);
    }
  });
});

describe('inferTimeZone', () => {
  it.each<[TimeZoneFacts, string | null, string | null, string]>([
    [{ timeZone: 'america/new_york', country: 'DE' }, 'America/New_York', 'explicit', 'given'],
    [
      { timeZone: 'Mars/Base', country: 'DE' },
      null,
      null,
      "'Mars/Base' is not a known IANA time zone (such as Europe/Berlin)",
    ],
    [{ timeZone: '  ', country: 'DE' }, 'Europe/Berlin', 'country', 'Germany has one time zone'],
    [
      { country: 'US', region: 'TX' },
      'America/Chicago',
      'region',
      'from the region Texas (TX); El Paso and Hudspeth counties use Mountain time, America/Denver',
    ],
    [
      { country: 'US', region: 'California' },
      'America/Los_Angeles',
      'region',
      'from the region California (CA)',
    ],
    [{ country: 'US', region: 'US-NY' }, 'America/New_York', 'region', 'from the region New York (NY)'],
    [{ country: 'US' }, null, null, 'United States has 6 time zones; give a state'],
    [
      { country: 'US', region: 'Narnia' },
      null,
      null,
      "United States has 6 time zones; 'Narnia' is not a state we know",
    ],
    [{ country: 'USA', region: 'hawaii' }, 'Pacific/Honolulu', 'region', 'from the region Hawaii (HI)'],
    [
      { country: 'CA', region: 'Ontario' },
      'America/Toronto',
      'region',
      expect.stringContaining('Ontario (ON)'),
    ],
    [{ country: 'CA' }, null, null, 'Canada has 6 time zones; give a province or territory'],
    [
      { country: 'AU', region: 'NSW' },
      'Australia/Sydney',
      'region',
      expect.stringContaining('New South Wales'),
    ],
    [{ country: 'AU', region: 'WA' }, 'Australia/Perth', 'region', 'from the region Western Australia (WA)'],
    [{ country: 'BR', region: 'São Paulo' }, 'America/Sao_Paulo', 'region', 'from the region São Paulo (SP)'],
    [{ country: 'BR', region: 'AM' }, 'America/Manaus', 'region', expect.stringContaining('Eirunepe')],
    [{ country: 'BR' }, null, null, 'Brazil has 4 time zones; give a state'],
    [
      { country: 'MX', region: 'CDMX' },
      'America/Mexico_City',
      'region',
      'from the region Ciudad de México (CMX)',
    ],
    [
      { country: 'MX', region: 'Baja California' },
      'America/Tijuana',
      'region',
      'from the region Baja California (BCN)',
    ],
    [
      { country: 'MX', region: 'Quintana Roo' },
      'America/Cancun',
      'region',
      'from the region Quintana Roo (ROO)',
    ],
    [{ country: 'MX' }, null, null, 'Mexico has 4 time zones; give a state'],
    [{ country: 'RU', region: 'Moscow' }, 'Europe/Moscow', 'region', 'from the region Moscow (MOW)'],
    [
      { country: 'RU', region: 'Sverdlovsk Oblast' },
      'Asia/Yekaterinburg',
      'region',
      'from the region Sverdlovsk (SVE)',
    ],
    [
      { country: 'RU', region: 'Primorsky Krai' },
      'Asia/Vladivostok',
      'region',
      'from the region Primorsky (PRI)',
    ],
    [
      { country: 'RU' },
      null,
      null,
      'Russia has 11 time zones; give a federal subject (oblast, krai or republic)',
    ],
    [{ country: 'ID', region: 'Bali' }, 'Asia/Makassar', 'region', 'from the region Bali (BA)'],
    [{ country: 'ID', region: 'Jawa Barat' }, 'Asia/Jakarta', 'region', 'from the region West Java (JB)'],
    [{ country: 'ID', region: 'Papua Selatan' }, 'Asia/Jayapura', 'region', 'from the region South Papua'],
    [{ country: 'ID' }, null, null, 'Indonesia has 3 time zones; give a province'],
    [{ country: 'DE' }, 'Europe/Berlin', 'country', 'Germany has one time zone'],
    [{ country: 'DE', region: 'Bayern' }, 'Europe/Berlin', 'country', 'Germany has one time zone'],
    [{ country: 'Deutschland' }, 'Europe/Berlin', 'country', 'Germany has one time zone'],
    [{ country: 'GB' }, 'Europe/London', 'country', 'United Kingdom has one time zone'],
    [{ country: 'IN' }, 'Asia/Kolkata', 'country', 'India has one time zone'],
    [{ country: 'AR' }, 'America/Argentina/Buenos_Aires', 'country', 'Argentina has one time zone'],
    [{ country: 'MY' }, 'Asia/Kuala_Lumpur', 'country', 'Malaysia has one time zone'],
    [
      { country: 'ES' },
      'Europe/Madrid',
      'country',
      'Spain: Europe/Madrid, except the Canary Islands (Atlantic/Canary; give the region)',
    ],
    [{ country: 'ES', region: 'Madrid' }, 'Europe/Madrid', 'country', expect.stringContaining('Spain:')],
    [
      { country: 'ES', region: 'Canarias' },
      'Atlantic/Canary',
      'region',
      'from the region Canary Islands (CN)',
    ],
    [{ country: 'PT', region: 'Açores' }, 'Atlantic/Azores', 'region', 'from the region Azores (20)'],
    [{ country: 'CN' }, 'Asia/Shanghai', 'country', expect.stringContaining('one official time')],
    [{ country: 'UA' }, 'Europe/Kyiv', 'country', 'Ukraine keeps one official time, Europe/Kyiv'],
    [{ country: 'MN' }, null, null, 'Mongolia has 2 time zones; give the time zone'],
    [
      { country: 'MN', region: 'Khovd' },
      null,
      null,
      'Mongolia has 2 time zones and its regions are not mapped to them; give the time zone',
    ],
    [{ country: 'Narnia' }, null, null, "country 'Narnia' is not one we know"],
    [
      { phoneE164: '+493012345678' },
      'Europe/Berlin',
      'phone',
      'from the phone number: Germany has one time zone',
    ],
    [
      { phoneE164: '+34912345678' },
      'Europe/Madrid',
      'phone',
      'from the phone number: Spain: Europe/Madrid, except the Canary Islands (Atlantic/Canary; give the region)',
    ],
    [
      { phoneE164: '+12015550123' },
      null,
      null,
      'the phone number is from United States, which has 6 time zones; give a state',
    ],
    [{ phoneE164: '+80012345678' }, null, null, 'the phone number belongs to no single country'],
    [
      { country: 'US', phoneE164: '+493012345678' },
      null,
      null,
      'United States has 6 time zones; give a state',
    ],
    [{}, null, null, 'no time zone, country or phone number to infer one from'],
    [
      { timeZone: null, country: null, region: null, phoneE164: null },
      null,
      null,
      'no time zone, country or phone number to infer one from',
    ],
  ])('%j → %s (%s)', (facts, timeZone, source, note) => {
    expect(inferTimeZone(facts)).toEqual({ timeZone, source, note });
  });
});

describe('time zone tables', () => {
  it('name only zones this runtime knows', () => {
    for (const [country, table] of Object.entries(REGION_ZONES))
      for (const r of table.regions)
        expect(IANAZone.isValidZone(r.zone), `${country} ${r.name} ${r.zone}`).toBe(true);
    for (const code of countryCodes()) {
      const z = countryZones(code);
      if (z.kind === 'single' || z.kind === 'dominant')
        expect(IANAZone.isValidZone(z.zone), `${code} ${z.zone}`).toBe(true);
    }
  });

  it('give each country a zone of its own (or one it shares) for single-zone countries', () => {
    for (const code of countryCodes()) {
      const z = countryZones(code);
      if (z.kind !== 'single' && z.kind !== 'dominant') continue;
      const tz = ct.getTimezone(z.zone);
      const target = tz?.aliasOf ? ct.getTimezone(tz.aliasOf) : tz;
      const zones: string[] = ct.getCountry(code)?.timezones ?? [];
      expect(zones.includes(z.zone) || (target && zones.includes(target.name)), `${code} ${z.zone}`).toBe(
        true,
      );
    }
  });

  it('list only zones of the region’s own country (territories aside)', () => {
    const territories = new Set(['PR', 'GU', 'VI', 'AS', 'MP']);
    for (const [country, table] of Object.entries(REGION_ZONES))
      for (const r of table.regions) {
        if (country === 'US' && territories.has(r.code)) continue;
        const tz = ct.getTimezone(r.zone);
        const countries = [
          ...(tz?.countries ?? []),
          ...(tz?.aliasOf ? (ct.getTimezone(tz.aliasOf)?.countries ?? []) : []),
        ];
        expect(countries, `${country} ${r.name} ${r.zone}`).toContain(country);
      }
  });

  it('infer a zone for most countries from the country alone', () => {
    const kinds = { single: 0, dominant: 0, several: 0, none: 0 };
    for (const code of countryCodes()) kinds[countryZones(code).kind]++;
    expect(kinds.dominant).toBe(8);
    expect(kinds.single).toBeGreaterThan(220);
    expect(kinds.several).toBeLessThan(20);
  });
});
