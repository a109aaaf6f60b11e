import { describe, expect, it } from 'vitest';
import { compareCode, compareDate, compareName } from './comparators.ts';
import { canonicalGivenName, sameNickname } from './nicknames.ts';
import { metaphone } from './phonetic.ts';
import { editDistance, fold, jaroWinkler } from './text.ts';

describe('text folding', () => {
  it('removes diacritics and transliterates', () => {
    expect(fold('José Müller')).toBe('jose muller');
    expect(fold('Straße')).toBe('strasse');
    expect(fold('Søren Ærø')).toBe('soren aero');
    expect(fold('Дмитрий')).toBe('dmitriy');
    expect(fold("O'Neil-Smith")).toBe('o neil smith');
  });
});

describe('Jaro-Winkler', () => {
  it('gives the textbook values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('abc', 'abc')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'a')).toBe(0);
  });
  it('edit distance counts a transposition once', () => {
    expect(editDistance('1234', '1243')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('nicknames', () => {
  it('knows common forms', () => {
    expect(sameNickname('Bob', 'Robert')).toBe(true);
    expect(sameNickname('liz', 'Elizabeth')).toBe(true);
    expect(sameNickname('Bill', 'william')).toBe(true);
    expect(sameNickname('Bob', 'William')).toBe(false);
    expect(sameNickname('zed', 'zedekiah', [['zed', 'zedekiah']])).toBe(true);
    expect(canonicalGivenName('Bobby')).toBe('robert');
    expect(compareName('Peggy', 'Margaret')).toEqual({ value: 0.95, note: 'nickname' });
  });
});

describe('phonetic code', () => {
  it('codes alike-sounding names alike', () => {
    expect(metaphone('Smith')).toBe(metaphone('Smyth'));
    expect(metaphone('Catherine')).toBe(metaphone('Katherine'));
    expect(metaphone('Philip')).toBe(metaphone('Filip'));
    expect(metaphone('Knight')).toBe(metaphone('Night'));
    expect(metaphone('Müller')).toBe(metaphone('Muller'));
    expect(metaphone('Smith')).not.toBe(metaphone('Jones'));
    expect(compareName('Thompson', 'Tomson').value).toBeGreaterThanOrEqual(0.9);
  });
});

describe('dates', () => {
  it('allow a day-month swap and digit transpositions', () => {
    expect(compareDate('1985-03-07', '19850307').value).toBe(1);
    expect(compareDate('1985-03-07', '1985-07-03')).toEqual({ value: 0.9, note: 'day_month_swap' });
    expect(compareDate('19850307', '19580307')).toEqual({ value: 0.85, note: 'transposition' });
    expect(compareDate('19850307', '19850308')).toEqual({ value: 0.75, note: 'one_digit' });
    expect(compareDate('19850307', '19851230').value).toBe(0.3);
    expect(compareDate('19850307', '19621230').value).toBe(0);
    expect(compareDate('07/03/1985', '1985-03-07').value).toBe(1);
  });
  it('codes allow one edit', () => {
    expect(compareCode('2602', '2620').value).toBe(0.8);
    expect(compareCode('2602', '2602').value).toBe(1);
    expect(compareCode('2602', '3712').value).toBe(0);
  });
});
