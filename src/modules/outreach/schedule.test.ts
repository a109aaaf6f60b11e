import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import {
  type Calendar,
  fitToWindow,
  localTime,
  NoSendingDayError,
  nextSendAt,
  pickVariant,
  planInstants,
} from './schedule.ts';

const WORK = { start: '08:30', end: '17:30', days: [1, 2, 3, 4, 5] };
const cal = (zone: string, holidays: string[] = [], window = WORK): Calendar => ({
  zone,
  window,
  holidays: new Set(holidays),
});
const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

describe('sending window', () => {
  it('keeps an instant inside the window', () => {
    // Tue 2026-03-10 10:00 EDT
    expect(iso(fitToWindow(at('2026-03-10T14:00:00Z'), cal('America/New_York')))).toBe(
      '2026-03-10T14:00:00.000Z',
    );
  });
  it('moves an evening instant to the next sending morning (Kolkata, no DST, half-hour offset)', () => {
    // Fri 2026-03-06 17:45 IST -> Mon 2026-03-09 08:30 IST
    const t = fitToWindow(at('2026-03-06T12:15:00Z'), cal('Asia/Kolkata'));
    expect(iso(t)).toBe('2026-03-09T03:00:00.000Z');
    expect(localTime(t, 'Asia/Kolkata')).toBe('2026-03-09T08:30:00+05:30');
  });
  it('treats the end of the window as exclusive', () => {
    // Mon 2026-03-09 17:30 EDT exactly -> Tue 08:30 EDT
    expect(iso(fitToWindow(at('2026-03-09T21:30:00Z'), cal('America/New_York')))).toBe(
      '2026-03-10T12:30:00.000Z',
    );
  });
  it('applies the window in the zone it is given, not UTC', () => {
    // 2026-03-09T07:00Z is 08:00 in Berlin (before the window) but 18:00 in Sydney (after it)
    expect(iso(fitToWindow(at('2026-03-09T07:00:00Z'), cal('Europe/Berlin')))).toBe(
      '2026-03-09T07:30:00.000Z',
    );
    expect(iso(fitToWindow(at('2026-03-09T07:00:00Z'), cal('Australia/Sydney')))).toBe(
      '2026-03-09T21:30:00.000Z',
    );
  });
});

describe('DST changes', () => {
  it('New York spring forward: one business day keeps 10:00 local (15:00Z before, 14:00Z after)', () => {
    // Fri 2026-03-06 10:00 EST -> Mon 2026-03-09 10:00 EDT (the change is Sun 2026-03-08)
    const t = nextSendAt(
      at('2026-03-06T15:00:00Z'),
      { amount: 1, unit: 'business_days' },
      cal('America/New_York'),
    );
    expect(iso(t)).toBe('2026-03-09T14:00:00.000Z');
  });
  it('New York fall back: one business day keeps 09:00 local', () => {
    // Fri 2026-10-30 09:00 EDT (13:00Z) -> Mon 2026-11-02 09:00 EST (14:00Z)
    const t = nextSendAt(
      at('2026-10-30T13:00:00Z'),
      { amount: 1, unit: 'business_days' },
      cal('America/New_York'),
    );
    expect(iso(t)).toBe('2026-11-02T14:00:00.000Z');
  });
  it('hours are elapsed time: 48 h across spring forward lands an hour later on the wall clock', () => {
    // Fri 2026-03-06 10:00 EST + 48 h = Sun 11:00 EDT -> not a sending day -> Mon 08:30 EDT
    const c = cal('America/New_York', [], { start: '08:30', end: '17:30', days: [1, 2, 3, 4, 5, 6, 7] });
    const t = nextSendAt(at('2026-03-06T15:00:00Z'), { amount: 48, unit: 'hours' }, c);
    expect(localTime(t, 'America/New_York')).toBe('2026-03-08T11:00:00-04:00');
  });
  it('a window opening at a nonexistent time opens when the clock jumps (02:30 -> 03:30 EDT)', () => {
    const c = cal('America/New_York', [], { start: '02:30', end: '04:00', days: [7] });
    // Sun 2026-03-08 01:00 EST
    const t = fitToWindow(at('2026-03-08T06:00:00Z'), c);
    expect(localTime(t, 'America/New_York')).toBe('2026-03-08T03:30:00-04:00');
    expect(iso(t)).toBe('2026-03-08T07:30:00.000Z');
  });
  it('a repeated wall-clock time is its first occurrence, or its second when the first is already past', () => {
    const c = cal('America/New_York', [], { start: '01:30', end: '03:00', days: [7] });
    // Sun 2026-11-01 01:00 EDT -> 01:30 EDT
    expect(iso(fitToWindow(at('2026-11-01T05:00:00Z'), c))).toBe('2026-11-01T05:30:00.000Z');
    // 01:10 EST (the second 01:10) -> the second 01:30 (EST), not the first (already past)
    expect(iso(fitToWindow(at('2026-11-01T06:10:00Z'), c))).toBe('2026-11-01T06:30:00.000Z');
  });
  it('Berlin spring forward: a business day keeps 09:00 (08:00Z before, 07:00Z after)', () => {
    // Fri 2026-03-27 09:00 CET -> Mon 2026-03-30 09:00 CEST (change Sun 2026-03-29)
    const t = nextSendAt(
      at('2026-03-27T08:00:00Z'),
      { amount: 1, unit: 'business_days' },
      cal('Europe/Berlin'),
    );
    expect(iso(t)).toBe('2026-03-30T07:00:00.000Z');
  });
  it('Berlin fall back: 24 hours from Sat 12:00 CEST is Sun 11:00 CET, then Monday morning', () => {
    const c = cal('Europe/Berlin');
    // Sat 2026-10-24 12:00 CEST (10:00Z) + 24 h = Sun 10:00Z = 11:00 CET -> Mon 2026-10-26 08:30 CET = 07:30Z
    expect(iso(nextSendAt(at('2026-10-24T10:00:00Z'), { amount: 24, unit: 'hours' }, c))).toBe(
      '2026-10-26T07:30:00.000Z',
    );
  });
  it('Sydney autumn (DST ends in April): Fri 09:00 AEDT -> Mon 09:00 AEST', () => {
    const t = nextSendAt(
      at('2026-04-02T22:00:00Z'),
      { amount: 1, unit: 'business_days' },
      cal('Australia/Sydney'),
    );
    expect(iso(t)).toBe('2026-04-05T23:00:00.000Z');
  });
  it('Sydney spring (DST starts in October): Fri 16:00 AEST -> Mon 16:00 AEDT', () => {
    // Fri 2026-10-02 16:00 AEST (+10) = 06:00Z -> Mon 2026-10-05 16:00 AEDT (+11) = 05:00Z
    const t = nextSendAt(
      at('2026-10-02T06:00:00Z'),
      { amount: 1, unit: 'business_days' },
      cal('Australia/Sydney'),
    );
    expect(iso(t)).toBe('2026-10-05T05:00:00.000Z');
  });
});

describe('holidays', () => {
  it('skips Good Friday and Easter Monday in Sydney (and the DST change between them)', () => {
    // Thu 2026-04-02 16:00 AEDT = 05:00Z; +1 business day -> Tue 2026-04-07 16:00 AEST = 06:00Z
    const c = cal('Australia/Sydney', ['2026-04-03', '2026-04-06']);
    expect(iso(nextSendAt(at('2026-04-02T05:00:00Z'), { amount: 1, unit: 'business_days' }, c))).toBe(
      '2026-04-07T06:00:00.000Z',
    );
  });
  it('skips Christmas in New York, and a window opening on a holiday moves to the next sending day', () => {
    const c = cal('America/New_York', ['2026-12-25']);
    // Thu 2026-12-24 16:00 EST + 1 business day -> Mon 2026-12-28 16:00 EST
    expect(iso(nextSendAt(at('2026-12-24T21:00:00Z'), { amount: 1, unit: 'business_days' }, c))).toBe(
      '2026-12-28T21:00:00.000Z',
    );
    // Fri 2026-12-25 10:00 EST -> Mon 08:30
    expect(iso(fitToWindow(at('2026-12-25T15:00:00Z'), c))).toBe('2026-12-28T13:30:00.000Z');
  });
  it('holidays are local dates: 2026-12-25 in Kolkata starts while New York is still on the 24th', () => {
    // 2026-12-24T20:00Z = Fri 01:30 IST on the 25th (holiday) and Thu 15:00 EST on the 24th
    const instant = at('2026-12-24T20:00:00Z');
    expect(iso(fitToWindow(instant, cal('America/New_York', ['2026-12-25'])))).toBe(
      '2026-12-24T20:00:00.000Z',
    );
    expect(localTime(fitToWindow(instant, cal('Asia/Kolkata', ['2026-12-25'])), 'Asia/Kolkata')).toBe(
      '2026-12-28T08:30:00+05:30',
    );
  });
  it('a calendar with no sending day is an error, not a loop', () => {
    expect(() =>
      fitToWindow(at('2026-01-01T00:00:00Z'), cal('Europe/Berlin', [], { ...WORK, days: [] })),
    ).toThrow(NoSendingDayError);
  });
});

describe('a whole plan', () => {
  it('chains steps from the previous planned instant', () => {
    // Enrolled Fri 2026-03-06 18:00 EST: step 1 now -> Mon 08:30 EDT; +2 business days -> Wed 08:30; +4 h -> 12:30
    const plan = planInstants(
      at('2026-03-06T23:00:00Z'),
      [
        { amount: 0, unit: 'hours' },
        { amount: 2, unit: 'business_days' },
        { amount: 4, unit: 'hours' },
      ],
      cal('America/New_York'),
    );
    expect(plan.map((d) => localTime(d, 'America/New_York'))).toEqual([
      '2026-03-09T08:30:00-04:00',
      '2026-03-11T08:30:00-04:00',
      '2026-03-11T12:30:00-04:00',
    ]);
  });
});

describe('A/B variants', () => {
  it('splits evenly and always gives an enrollment the same arm', () => {
    const step = newId();
    for (const arms of [2, 3]) {
      const counts = new Array(arms).fill(0);
      const n = 30_000;
      for (let i = 0; i < n; i++) counts[pickVariant(newId(), step, arms)]++;
      for (const c of counts) expect(Math.abs(c - n / arms) / (n / arms)).toBeLessThan(0.04);
    }
    const e = newId();
    expect(pickVariant(e, step, 2)).toBe(pickVariant(e, step, 2));
    expect(pickVariant(e, step, 1)).toBe(0);
  });
});

describe('every planned instant is inside its window in local time (checked with luxon)', () => {
  it('holds for 4,000 pseudo-random instants and delays across 2026 in four zones', () => {
    let seed = 42;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const zones = ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata'];
    const holidays = ['2026-03-09', '2026-04-03', '2026-10-26', '2026-11-02', '2026-12-25'];
    for (let i = 0; i < 4000; i++) {
      const zone = zones[i % 4]!;
      const c = cal(zone, holidays);
      const prev = new Date(Date.UTC(2026, 0, 1) + Math.floor(rnd() * 365 * 24 * 60) * 60_000);
      const delay =
        rnd() < 0.5
          ? { amount: Math.floor(rnd() * 72), unit: 'hours' as const }
          : { amount: Math.floor(rnd() * 5), unit: 'business_days' as const };
      const t = nextSendAt(prev, delay, c);
      expect(t.getTime()).toBeGreaterThanOrEqual(prev.getTime());
      const local = DateTime.fromJSDate(t, { zone });
      const mod = local.hour * 60 + local.minute;
      expect(
        mod >= 8 * 60 + 30 && mod < 17 * 60 + 30,
        `${prev.toISOString()} ${JSON.stringify(delay)} ${zone} -> ${local.toISO()}`,
      ).toBe(true);
      expect(local.weekday).toBeLessThanOrEqual(5);
      expect(holidays).not.toContain(local.toISODate());
      if (delay.unit === 'hours')
        expect(t.getTime()).toBeGreaterThanOrEqual(prev.getTime() + delay.amount * 3_600_000);
    }
  });
});
