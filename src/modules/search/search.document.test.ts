import { describe, expect, it } from 'vitest';
import { buildSearchDocument, DOCUMENT_LIMITS, type SearchDocumentInput } from './search.document.ts';

const emptyInput: SearchDocumentInput = {
  names: [],
  headline: null,
  summary: null,
  currentTitles: [],
  pastTitles: [],
  currentCompanies: [],
  pastCompanies: [],
  schools: [],
  locations: [],
  skills: [],
  tags: [],
  sources: [],
  status: '',
  custom: {},
};

/** lexeme → [position, weight][] from a tsvector literal. */
function entries(literal: string): Map<string, [number, string][]> {
  const out = new Map<string, [number, string][]>();
  for (const m of literal.matchAll(/'((?:[^'\\]|''|\\.)*)':([0-9A-D,]+)/g)) {
    const lexeme = m[1]!.replace(/''/g, "'").replace(/\\(.)/g, '$1');
    out.set(
      lexeme,
      m[2]!.split(',').map((p) => [Number.parseInt(p, 10), p.replace(/^\d+/, '')]),
    );
  }
  return out;
}

describe('buildSearchDocument', () => {
  it('writes plain, fielded and exact lexemes with positions and weights', () => {
    const doc = buildSearchDocument({
      ...emptyInput,
      names: ['Ana Lee'],
      currentTitles: ['C++ Dev'],
      skills: ['c++'],
      status: 'new',
    });
    expect(doc).toBe(
      `'~status=new':1D '~skill=c++':2B 'ana':3A '~name:ana':3A 'lee':4A '~name:lee':4A 'c++':6A,9B '~title:c++':6A 'dev':7A '~title:dev':7A`,
    );
  });

  it('leaves a gap between values so no phrase spans two of them', () => {
    const e = entries(
      buildSearchDocument({ ...emptyInput, currentTitles: ['Senior Engineer', 'Lead Developer'] }),
    );
    const engineer = e.get('engineer')![0]![0];
    const lead = e.get('lead')![0]![0];
    expect(lead - engineer).toBe(2);
  });

  it('weighs names and current titles A, skills and past titles B, companies and headline C, the rest D', () => {
    const e = entries(
      buildSearchDocument({
        ...emptyInput,
        names: ['wname'],
        currentTitles: ['wcur'],
        pastTitles: ['wpast'],
        skills: ['wskill'],
        currentCompanies: ['wcurco'],
        pastCompanies: ['wpastco'],
        headline: 'whead',
        summary: 'wsum',
        schools: ['wschool'],
        locations: ['wloc'],
        tags: ['wtag'],
        sources: ['wsrc'],
        status: 'wstatus',
        custom: { notes: { kind: 'text', values: ['wnote'] }, level: { kind: 'code', values: ['wlevel'] } },
      }),
    );
    const weight = (lexeme: string) => e.get(lexeme)?.[0]?.[1];
    expect(
      Object.fromEntries(
        [
          'wname',
          'wcur',
          'wpast',
          'wskill',
          '~skill=wskill',
          'wcurco',
          'wpastco',
          'whead',
          'wsum',
          'wschool',
          'wloc',
          'wtag',
          '~tag=wtag',
          '~source=wsrc',
          '~status=wstatus',
          '~f.notes:wnote',
          '~f.level=wlevel',
        ].map((l) => [l, weight(l)]),
      ),
    ).toEqual({
      wname: 'A',
      wcur: 'A',
      wpast: 'B',
      wskill: 'B',
      '~skill=wskill': 'B',
      wcurco: 'C',
      wpastco: 'C',
      whead: 'C',
      wsum: 'D',
      wschool: 'D',
      wloc: 'D',
      wtag: 'D',
      '~tag=wtag': 'D',
      '~source=wsrc': 'D',
      '~status=wstatus': 'D',
      '~f.notes:wnote': 'D',
      '~f.level=wlevel': 'D',
    });
    // Custom text is searchable only through its field.
    expect(e.has('wnote')).toBe(false);
  });

  it('indexes skill keys and their labels, normalised', () => {
    const e = entries(
      buildSearchDocument({ ...emptyInput, skills: ['golang', 'Node.js', 'machine learning'] }),
    );
    expect([...e.keys()].sort()).toEqual(
      [
        '~skill=go',
        '~skill=node.js',
        '~skill=machine learning',
        'go',
        'node.js',
        'machine',
        'learning',
      ].sort(),
    );
  });

  it('quotes lexemes for tsvector input', () => {
    const doc = buildSearchDocument({ ...emptyInput, tags: ["O'Reilly", 'back\\slash'] });
    expect(doc).toContain(`'~tag=o''reilly':1D`);
    expect(doc).toContain(`'~tag=back\\\\slash':2D`);
  });

  it('skips blank values and custom keys that are not field keys', () => {
    const doc = buildSearchDocument({
      ...emptyInput,
      names: ['', '  '],
      tags: [' '],
      sources: [''],
      custom: { 'Bad Key': { kind: 'code', values: ['x'] }, ok: { kind: 'code', values: [''] } },
    });
    expect(doc).toBe('');
  });

  it('stays within PostgreSQL limits, keeping exact values and the most important fields', () => {
    const words = Array.from({ length: 20_000 }, (_, i) => `w${i % 3000}`).join(' ');
    const doc = buildSearchDocument({
      ...emptyInput,
      names: ['Ana'],
      summary: words,
      skills: ['c++'],
      status: 'new',
    });
    const e = entries(doc);
    const positions = [...e.values()].flat().map(([p]) => p);
    expect(Math.max(...positions)).toBeLessThanOrEqual(DOCUMENT_LIMITS.maxPosition);
    expect(e.has('~skill=c++')).toBe(true);
    expect(e.has('ana')).toBe(true);
    for (const ps of e.values()) expect(ps.length).toBeLessThanOrEqual(DOCUMENT_LIMITS.maxPositionsPerLexeme);

    const huge = Array.from({ length: 16_000 }, (_, i) => `${'x'.repeat(90)}${i}`).join(' ');
    const big = buildSearchDocument({ ...emptyInput, summary: huge, status: 'new' });
    expect(Buffer.byteLength(big)).toBeLessThan(DOCUMENT_LIMITS.maxBytes * 1.2);
    expect(big.startsWith(`'~status=new':1D`)).toBe(true);
  });
});
