import ct from 'countries-and-timezones';
import { ALPHA3, AMBIGUOUS, NAME_OVERRIDES, VARIANTS } from './country.data.ts';
import { CODED_REGION_COUNTRIES, type CountryRegions, REGION_ZONES, type RegionDef } from './regions.data.ts';
import { fail, foldName, type Normalised, ok, quote } from './result.ts';

export interface Country {
  /** ISO 3166-1 alpha-2, upper case. */
  code: string;
  /** Common English short name ("United States", "South Korea"). */
  name: string;
}

const CODES = [...ALPHA3.keys()];
const FROM_ALPHA3 = new Map([...ALPHA3].map(([a2, a3]) => [a3, a2]));

const NAMES: ReadonlyMap<string, string> = new Map(
  CODES.map((code) => [
    code,
    NAME_OVERRIDES[code] ??
      ct.getCountry(code)?.name ??
      new Intl.DisplayNames('en', { type: 'region' }).of(code) ??
      code,
  ]),
);

/**
 * Folded name → code. Names come from the registry, from ICU's names in English and the six largest other
 * languages of Western Europe and the Americas (so `Allemagne`, `Alemania`, `Duitsland` work), and from
 * VARIANTS. A name that two sources give to different countries is dropped unless VARIANTS settles it.
 */
const BY_NAME: ReadonlyMap<string, string> = (() => {
  const seen = new Map<string, Set<string>>();
  const add = (name: string | undefined, code: string) => {
    if (!name || name === code) return;
    const key = foldName(name);
    if (!key) return;
    const codes = seen.get(key) ?? new Set<string>();
    codes.add(code);
    seen.set(key, codes);
  };
  for (const locale of ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl']) {
    const names = new Intl.DisplayNames(locale, { type: 'region' });
    for (const code of CODES) add(names.of(code), code);
  }
  for (const code of CODES) {
    add(NAMES.get(code), code);
    add(ct.getCountry(code)?.name, code);
  }
  const index = new Map<string, string>();
  for (const [key, codes] of seen) if (codes.size === 1) index.set(key, [...codes][0]!);
  for (const [code, names] of Object.entries(VARIANTS)) for (const n of names) index.set(foldName(n), code);
  for (const key of Object.keys(AMBIGUOUS)) index.delete(foldName(key));
  return index;
})();

/** The English name of an ISO alpha-2 code (as stored), or undefined for a code we do not know. */
export function countryName(code: string): string | undefined {
  return NAMES.get(code.toUpperCase());
}

/** Every country code we accept (ISO 3166-1 alpha-2 plus XK). */
export function countryCodes(): readonly string[] {
  return CODES;
}

/**
 * A country from an ISO 3166-1 code (`de`, `DEU`) or a name as people write it (`Germany`, `Deutschland`,
 * `USA`, `United States of America`, `UK`, `Great Britain`, `England`, `Côte d'Ivoire`…), as
 * `{ code: 'DE', name: 'Germany' }`. `England`, `Scotland`, `Wales` and `Northern Ireland` give GB: ISO 3166-1
 * has no code for them. A name shared by two countries (`Congo`) is refused with both named.
 */
export function normaliseCountry(raw: string): Normalised<Country> {
  const s = raw.trim().replace(/\s+/g, ' ');
  if (s === '') return fail('empty', 'is empty');
  const found = (code: string) => ok({ code, name: NAMES.get(code)! });

  if (/^[a-z]{2}$/i.test(s) && ALPHA3.has(s.toUpperCase())) return found(s.toUpperCase());
  if (/^[a-z]{3}$/i.test(s)) {
    const a2 = FROM_ALPHA3.get(s.toUpperCase());
    if (a2) return found(a2);
  }
  const key = foldName(s);
  const ambiguous = AMBIGUOUS[key];
  if (ambiguous) {
    const options = ambiguous.map((c) => `${NAMES.get(c)} (${c})`).join(' or ');
    return fail('ambiguous_country', `${quote(s)} could be ${options}; give the name in full or the code`);
  }
  const code = BY_NAME.get(key);
  if (code) return found(code);
  if (/^[a-z]{2,3}$/i.test(s)) return fail('unknown_country', `${quote(s)} is not an ISO 3166 country code`);
  return fail('unknown_country', `${quote(s)} is not a country name or ISO 3166 code we know`);
}

// ---- regions

/** Words that name the kind of region rather than the region: `Sverdlovsk Oblast` matches `Sverdlovsk`. */
const GENERIC =
  /\b(oblast|krai|kray|republic|respublika|autonomous|okrug|ao|province|provinsi|region|state|territory|of|the|federal|city|estado|de|do|da|del)\b/g;
const stripGeneric = (key: string) => key.replace(GENERIC, ' ').replace(/\s+/g, ' ').trim();

interface RegionIndex {
  exact: Map<string, RegionDef>;
  loose: Map<string, RegionDef | null>;
}
const INDEXES = new Map<string, RegionIndex>();

function indexOf(country: string, table: CountryRegions): RegionIndex {
  let idx = INDEXES.get(country);
  if (idx) return idx;
  idx = { exact: new Map(), loose: new Map() };
  for (const def of table.regions) {
    for (const n of [def.name, ...(def.aliases ?? [])]) {
      const key = foldName(n);
      if (!idx.exact.has(key)) idx.exact.set(key, def);
      const loose = stripGeneric(key);
      if (!loose) continue;
      const prev = idx.loose.get(loose);
      idx.loose.set(loose, prev === undefined || prev === def ? def : null);
    }
  }
  INDEXES.set(country, idx);
  return idx;
}

/**
 * The region table entry for a country's region given as an ISO 3166-2 code (`TX`, `US-TX`), a name
 * (`Texas`, `São Paulo`) or a listed alias; undefined when the country has no table or the region is unknown.
 */
export function findRegion(country: string, raw: string): RegionDef | undefined {
  const cc = country.toUpperCase();
  const table = REGION_ZONES[cc];
  if (!table) return undefined;
  let s = raw.trim();
  const prefixed = new RegExp(`^${cc}-([a-z0-9]{1,3})$`, 'i').exec(s);
  if (prefixed) s = prefixed[1]!;
  if (/^[a-z0-9]{1,3}$/i.test(s)) {
    const byCode = table.regions.find((d) => d.code !== '' && d.code === s.toUpperCase());
    if (byCode) return byCode;
  }
  const idx = indexOf(cc, table);
  const key = foldName(s);
  return idx.exact.get(key) ?? idx.loose.get(stripGeneric(key)) ?? undefined;
}

/**
 * A region for storage: for the United States, Canada and Australia the subdivision code (`California`,
 * `calif.`, `US-CA` → `CA`; `Ontario` → `ON`; `New South Wales` → `NSW`); anything else, and a region those
 * tables do not know, is kept as typed (trimmed, spaces collapsed): regions are free text elsewhere.
 */
export function normaliseRegion(country: string, raw: string): string {
  const s = raw.trim().replace(/\s+/g, ' ');
  if (!CODED_REGION_COUNTRIES.has(country.toUpperCase())) return s;
  return findRegion(country, s)?.code || s;
}
