import { describe, expect, it } from 'vitest';
import { dpaDecision } from './dpa.rules.ts';

const signed = {
  dpaStatus: 'signed',
  dpaSignedAt: '2026-01-01',
  dpaExpiresAt: '2027-01-01',
  regions: ['EU', 'US'],
};

describe('dpaDecision', () => {
  it('allows a covered country while the DPA is in force', () => {
    expect(dpaDecision(signed, 'DE', '2026-06-01')).toEqual({ ok: true });
    expect(dpaDecision(signed, 'US', '2026-06-01')).toEqual({ ok: true });
  });
  it('holds outside the regions, before signature, after expiry, unsigned, and with no country', () => {
    expect(dpaDecision(signed, 'GB', '2026-06-01')).toEqual({ ok: false, reason: 'region_not_covered' });
    expect(dpaDecision(signed, 'DE', '2025-12-31')).toEqual({ ok: false, reason: 'dpa_missing' });
    expect(dpaDecision(signed, 'DE', '2027-01-02')).toEqual({ ok: false, reason: 'dpa_expired' });
    expect(dpaDecision({ ...signed, dpaStatus: 'pending' }, 'DE', '2026-06-01')).toEqual({
      ok: false,
      reason: 'dpa_missing',
    });
    expect(dpaDecision(signed, null, '2026-06-01')).toEqual({ ok: false, reason: 'region_unknown' });
    expect(dpaDecision({ ...signed, regions: ['*'] }, null, '2026-06-01')).toEqual({ ok: true });
  });
});
