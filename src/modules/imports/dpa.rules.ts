/** Region groups a DPA may name instead of listing countries. */
const EU = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
];
export const REGION_GROUPS: Record<string, readonly string[]> = {
  EU,
  EEA: [...EU, 'IS', 'LI', 'NO'],
};

export interface VendorDpa {
  dpaStatus: string;
  dpaSignedAt: string | null;
  dpaExpiresAt: string | null;
  regions: readonly string[];
}

export type DpaDecision =
  | { ok: true }
  | { ok: false; reason: 'dpa_missing' | 'dpa_expired' | 'region_not_covered' | 'region_unknown' };

/** Whether a region code (`*`, a group, or a country) covers the country. */
function covers(region: string, country: string): boolean {
  if (region === '*') return true;
  const group = REGION_GROUPS[region];
  return group ? group.includes(country) : region === country;
}

/**
 * May a record from this vendor be stored for a candidate in `country` on `today` (YYYY-MM-DD)? Only with a
 * signed DPA, in force today, covering the country. A record whose country is unknown is held unless the DPA
 * covers everywhere (`*`): we cannot tell which law applies.
 */
export function dpaDecision(v: VendorDpa, country: string | null, today: string): DpaDecision {
  if (v.dpaStatus !== 'signed' || !v.dpaSignedAt || v.dpaSignedAt > today)
    return { ok: false, reason: 'dpa_missing' };
  if (v.dpaExpiresAt && v.dpaExpiresAt < today) return { ok: false, reason: 'dpa_expired' };
  if (v.regions.includes('*')) return { ok: true };
  if (!country) return { ok: false, reason: 'region_unknown' };
  return v.regions.some((r) => covers(r, country))
    ? { ok: true }
    : { ok: false, reason: 'region_not_covered' };
}

export const HOLD_REASONS: Record<string, string> = {
  dpa_missing: 'The vendor has no signed data-processing agreement in force',
  dpa_expired: "The vendor's data-processing agreement has expired",
  region_not_covered: "The vendor's data-processing agreement does not cover the candidate's country",
  region_unknown: "The candidate's country is unknown and the agreement does not cover every region",
};
