import { describe, expect, it } from 'vitest';
import { ALPHA3 } from './country.data.ts';
import { countryCodes, countryName, findRegion, normaliseCountry, normaliseRegion } from './country.ts';

describe('normaliseCountry accepts codes and names', () => {
  it.each([
    ['de', 'DE', 'Germany'],
    ['DE', 'DE', 'Germany'],
    ['DEU', 'DE', 'Germany'],
    ['deu', 'DE', 'Germany'],
    ['Germany', 'DE', 'Germany'],
    ['  germany ', 'DE', 'Germany'],
    ['Deutschland', 'DE', 'Germany'],
    ['Allemagne', 'DE', 'Germany'],
    ['Alemania', 'DE', 'Germany'],
    ['US', 'US', 'United States'],
    ['USA', 'US', 'United States'],
    ['U.S.A.', 'US', 'United States'],
    ['United States', 'US', 'United States'],
    ['United States of America', 'US', 'United States'],
    ['the United States', 'US', 'United States'],
    ['UK', 'GB', 'United Kingdom'],
    ['GB', 'GB', 'United Kingdom'],
    ['GBR', 'GB', 'United Kingdom'],
    ['Great Britain', 'GB', 'United Kingdom'],
    ['England', 'GB', 'United Kingdom'],
    ['Scotland', 'GB', 'United Kingdom'],
    ['South Korea', 'KR', 'South Korea'],
    ['Korea', 'KR', 'South Korea'],
    ['Republic of Korea', 'KR', 'South Korea'],
    ['North Korea', 'KP', 'North Korea'],
    ["Côte d'Ivoire", 'CI', 'Ivory Coast'],
    ['Cote d’Ivoire', 'CI', 'Ivory Coast'],
    ['Ivory Coast', 'CI', 'Ivory Coast'],
    ['Czech Republic', 'CZ', 'Czechia'],
    ['Turkey', 'TR', 'Türkiye'],
    ['Türkiye', 'TR', 'Türkiye'],
    ['Holland', 'NL', 'Netherlands'],
    ['The Netherlands', 'NL', 'Netherlands'],
    ['Russian Federation', 'RU', 'Russia'],
    ['Viet Nam', 'VN', 'Vietnam'],
    ['St. Kitts & Nevis', 'KN', 'Saint Kitts and Nevis'],
    ['DR Congo', 'CD', 'Democratic Republic of the Congo'],
    ['Congo-Brazzaville', 'CG', 'Republic of the Congo'],
    ['Hong Kong', 'HK', 'Hong Kong'],
    ['España', 'ES', 'Spain'],
    ['Brasil', 'BR', 'Brazil'],
    ['México', 'MX', 'Mexico'],
    ['Schweiz', 'CH', 'Switzerland'],
    ['Österreich', 'AT', 'Austria'],
    ['Kosovo', 'XK', 'Kosovo'],
    ['XK', 'XK', 'Kosovo'],
    ['UAE', 'AE', 'United Arab Emirates'],
  ])('%s → %s', (raw, code, name) => {
    expect(normaliseCountry(raw)).toEqual({ ok: true, value: { code, name } });
  });

  it('knows every ISO 3166-1 code by its alpha-2, alpha-3 and English name', () => {
    expect(countryCodes()).toHaveLength(250);
    for (const code of countryCodes()) {
      const name = countryName(code)!;
      expect(name, code).toBeTruthy();
      expect(normaliseCountry(code), code).toEqual({ ok: true, value: { code, name } });
      expect(normaliseCountry(ALPHA3.get(code)!), code).toEqual({ ok: true, value: { code, name } });
      expect(normaliseCountry(name), name).toEqual({ ok: true, value: { code, name } });
    }
  });
});

describe('normaliseCountry refuses with a reason', () => {
  it.each([
    ['', 'empty', 'is empty'],
    ['XX', 'unknown_country', "'XX' is not an ISO 3166 country code"],
    ['XYZ', 'unknown_country', "'XYZ' is not an ISO 3166 country code"],
    ['Narnia', 'unknown_country', "'Narnia' is not a country name or ISO 3166 code we know"],
    ['Europe', 'unknown_country', "'Europe' is not a country name or ISO 3166 code we know"],
    [
      'Congo',
      'ambiguous_country',
      "'Congo' could be Republic of the Congo (CG) or Democratic Republic of the Congo (CD); give the name in full or the code",
    ],
    [
      'Virgin Islands',
      'ambiguous_country',
      "'Virgin Islands' could be British Virgin Islands (VG) or U.S. Virgin Islands (VI); give the name in full or the code",
    ],
  ])('%j → %s', (raw, code, reason) => {
    expect(normaliseCountry(raw)).toEqual({ ok: false, code, reason });
  });
});

describe('normaliseRegion', () => {
  it.each([
    ['US', 'California', 'CA'],
    ['US', 'california', 'CA'],
    ['US', 'Calif.', 'CA'],
    ['US', 'ca', 'CA'],
    ['US', 'US-TX', 'TX'],
    ['US', 'New York', 'NY'],
    ['US', 'New York State', 'NY'],
    ['US', 'Washington, D.C.', 'DC'],
    ['US', 'washington state', 'WA'],
    ['us', 'Puerto Rico', 'PR'],
    ['CA', 'Ontario', 'ON'],
    ['CA', 'Québec', 'QC'],
    ['CA', 'Newfoundland', 'NL'],
    ['CA', 'CA-BC', 'BC'],
    ['AU', 'New South Wales', 'NSW'],
    ['AU', 'nsw', 'NSW'],
    ['AU', 'Victoria', 'VIC'],
    ['AU', 'Australian Capital Territory', 'ACT'],
    ['US', '  Narnia  ', 'Narnia'],
    ['US', 'Greater  Boston', 'Greater Boston'],
    ['DE', '  Bayern ', 'Bayern'],
    ['BR', 'São Paulo', 'São Paulo'],
    ['GB', 'Greater London', 'Greater London'],
  ])('%s %j → %j', (country, raw, value) => {
    expect(normaliseRegion(country, raw)).toBe(value);
  });
});

describe('findRegion', () => {
  it.each([
    ['BR', 'sao paulo', 'SP'],
    ['BR', 'BR-RJ', 'RJ'],
    ['MX', 'CDMX', 'CMX'],
    ['MX', 'Nuevo León', 'NLE'],
    ['RU', 'Sverdlovsk Oblast', 'SVE'],
    ['RU', 'Republic of Tatarstan', 'TA'],
    ['RU', 'Krasnoyarsk Krai', 'KYA'],
    ['ID', 'Jawa Barat', 'JB'],
    ['ID', 'DKI Jakarta', 'JK'],
    ['ID', 'Papua Selatan', ''],
  ])('%s %j → %s', (country, raw, code) => {
    expect(findRegion(country, raw)?.code).toBe(code);
  });

  it('knows nothing of countries without a table, or of unknown regions', () => {
    expect(findRegion('DE', 'Bayern')).toBeUndefined();
    expect(findRegion('US', 'Narnia')).toBeUndefined();
  });
});
