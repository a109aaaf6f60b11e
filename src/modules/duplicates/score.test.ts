import { describe, expect, it } from 'vitest';
import { type CandidateFields, EMPTY_FIELDS } from '../candidates/index.ts';
import { DEFAULT_RULES } from './rules.contract.ts';
import {
  blockingKeys,
  compileRules,
  MAX_COMPARED_CHARS,
  quickScore,
  scorePair,
  toMatchRecord,
} from './score.ts';

const base: CandidateFields = EMPTY_FIELDS;
const rec = (id: string, f: Partial<CandidateFields>) => toMatchRecord(id, { ...base, ...f });

describe('pair scoring', () => {
  it('adds agreement weights and exact keys, and reads swapped names crossed', () => {
    const a = rec('a', {
      firstName: 'Robert',
      lastName: 'Smith',
      city: 'Leeds',
      emails: [{ address: 'r@x.test', primary: true }],
    });
    const b = rec('b', {
      firstName: 'Smith',
      lastName: 'Bob',
      city: 'Leeds',
      emails: [{ address: 'r@x.test', primary: true }],
    });
    const e = scorePair(a, b, DEFAULT_RULES, 1);
    expect(e.exactKeys).toEqual([{ kind: 'email', value: 'r@x.test' }]);
    expect(e.items.find((i) => i.field === 'firstName')?.note).toBe('names_swapped');
    expect(e.decision).toBe('merge');
    const c = rec('c', { firstName: 'Maria', lastName: 'Jones', city: 'York' });
    expect(scorePair(a, c, DEFAULT_RULES, 1).decision).toBe('distinct');
  });

  it('gives swapped-name records a shared blocking key, and nicknames the same initial', () => {
    const a = blockingKeys(rec('a', { firstName: 'Robert', lastName: 'Smith' }), DEFAULT_RULES);
    const b = blockingKeys(rec('b', { firstName: 'Smith', lastName: 'Robert' }), DEFAULT_RULES);
    const c = blockingKeys(rec('c', { firstName: 'Bob', lastName: 'Smyth' }), DEFAULT_RULES);
    expect(a.filter((k) => b.includes(k)).length).toBeGreaterThan(0);
    expect(a.filter((k) => c.includes(k)).length).toBeGreaterThan(0);
  });

  it('treats a placeholder name as missing', () => {
    const a = rec('a', { firstName: '-', lastName: 'Smith' });
    const b = rec('b', { firstName: 'Ann', lastName: 'Smith' });
    expect(scorePair(a, b, DEFAULT_RULES, 1).items.find((i) => i.field === 'firstName')?.outcome).toBe(
      'missing',
    );
  });

  it('blocks on two fields together (blockWith), so records whose names and dates changed still meet', () => {
    const rules = {
      ...DEFAULT_RULES,
      comparisons: [
        ...DEFAULT_RULES.comparisons,
        {
          field: 'customFields.street_number',
          comparator: 'code' as const,
          m: 0.85,
          u: 0.02,
          block: 'none' as const,
          blockWith: 'customFields.postcode',
        },
      ],
    };
    const a = rec('a', {
      firstName: 'Tahni',
      lastName: 'Skeen',
      customFields: { street_number: '11', postcode: '3220' },
    });
    const b = rec('b', {
      firstName: 'Tahni',
      lastName: 'Murton',
      customFields: { street_number: '11', postcode: '3220' },
    });
    const ka = blockingKeys(a, rules);
    expect(ka).toContain('f:customFields.street_number+customFields.postcode:11:3220');
    expect(ka.filter((k) => blockingKeys(b, rules).includes(k))).toEqual([
      'f:customFields.street_number+customFields.postcode:11:3220',
    ]);
  });
});

describe('bounds', () => {
  it('compares at most the first 200 characters of a value', () => {
    const long = 'x'.repeat(50_000);
    const a = rec('a', { firstName: 'Ann', lastName: 'Lee', headline: long, customFields: { bio: long } });
    expect(a.values.headline).toHaveLength(MAX_COMPARED_CHARS);
    expect(a.values['customFields.bio']).toHaveLength(MAX_COMPARED_CHARS);
    const rules = {
      ...DEFAULT_RULES,
      comparisons: [
        ...DEFAULT_RULES.comparisons,
        { field: 'customFields.bio', comparator: 'text' as const, m: 0.9, u: 0.01, block: 'none' as const },
      ],
    };
    const started = Date.now();
    scorePair(
      a,
      rec('b', { firstName: 'Ann', lastName: 'Lee', customFields: { bio: `${long}y` } }),
      rules,
      1,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('quick scoring', () => {
  it("gives scorePair's score for every pair at or above the floor, and null only below it", () => {
    const firsts = ['Robert', 'Bob', 'Rob', 'Maria', 'Marie', 'Smith', 'Jon', 'John', null];
    const lasts = ['Smith', 'Smyth', 'Jones', 'Robert', 'Müller', 'Muller', null];
    const cities = ['Leeds', 'Leed', 'York', null];
    const companies = ['Acme Inc', 'ACME', 'Globex', null];
    const emails = ['r@x.test', 'm@x.test', null];
    let seed = 7;
    const pick = <T>(xs: T[]): T => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return xs[seed % xs.length]!;
    };
    const make = (id: string) => {
      const email = pick(emails);
      return rec(id, {
        firstName: pick(firsts) ?? '',
        lastName: pick(lasts) ?? '',
        city: pick(cities),
        country: pick(['GB', 'US', null]),
        work: [{ company: pick(companies), title: pick(['Engineer', 'Eng', null]), current: true }] as never,
        emails: email ? [{ address: email, primary: true }] : [],
      });
    };
    const compiled = compileRules(DEFAULT_RULES, 1);
    let kept = 0;
    for (let n = 0; n < 3000; n++) {
      const a = make('a');
      const b = make('b');
      for (const floor of [DEFAULT_RULES.thresholds.review, 0, 20]) {
        const full = scorePair(a, b, DEFAULT_RULES, 1).score;
        const quick = quickScore(a, b, compiled, floor);
        if (quick === null) expect(full).toBeLessThan(floor);
        else {
          kept++;
          expect(quick).toBe(full);
        }
      }
    }
    expect(kept).toBeGreaterThan(100);
  });
});
