import { describe, expect, it } from 'vitest';
import { QuerySyntaxError } from './query.ast.ts';
import { compileQuery } from './query.compile.ts';
import { evaluateQuery } from './query.evaluate.ts';
import type { FieldCatalogue } from './query.fields.ts';
import { parseQuery } from './query.parser.ts';
import type { SearchDocumentInput } from './search.document.ts';

const catalogue: FieldCatalogue = {
  fields: {
    status: { kind: 'code', aliases: { 'Not interested': 'not_interested', 'Silver Medal': 'engaged' } },
    notes: { kind: 'text' },
    level: { kind: 'code', aliases: { 'Senior (L3)': 'l3', Staff: 'l4' } },
    remote: { kind: 'code' },
    // A built-in name in the catalogue only adds aliases: title stays a text field.
    title: { kind: 'code' },
  },
};

const compile = (q: string, cat = catalogue) => compileQuery(parseQuery(q)!, cat);

function errorOf(q: string, cat = catalogue) {
  try {
    compile(q, cat);
  } catch (e) {
    if (e instanceof QuerySyntaxError)
      return { code: e.code, message: e.message, position: e.position, length: e.length };
    throw e;
  }
  throw new Error(`no error for ${q}`);
}

describe('compileQuery', () => {
  it.each([
    ['java', `'java'`],
    ['"C++" OR "C#"', `('c++' | 'c#')`],
    ['C++ .NET Node.js', `('c++' & '.net' & 'node.js')`],
    ['a OR b c', `('a' | ('b' & 'c'))`],
    ['NOT a OR b', `(!'a' | 'b')`],
    ['NOT (a OR b)', `!('a' | 'b')`],
    ['"senior software engineer"', `('senior' <-> 'software' <-> 'engineer')`],
    ['front-end', `('front' <-> 'end')`],
    ['front-en*', `('front' <-> 'en':*)`],
    ['engin*', `'engin':*`],
    ['Développeur', `'developpeur'`],
    ['title:"Senior Engineer"', `('~title:senior' <-> '~title:engineer')`],
    ['title:(engineer OR dev*)', `('~title:engineer' | '~title:dev':*)`],
    [
      'name:Ana company:acme school:mit location:berlin',
      `('~name:ana' & '~company:acme' & '~school:mit' & '~location:berlin')`,
    ],
    ['skill:C++ skill:C# skill:C skill:.NET', `('~skill=c++' & '~skill=c#' & '~skill=c' & '~skill=.net')`],
    [
      'skill:golang skill:k8s skill:"node js" skill:Postgres',
      `('~skill=go' & '~skill=kubernetes' & '~skill=node.js' & '~skill=postgresql')`,
    ],
    ['skill:java*', `'~skill=java':*`],
    ['skill:"Underwater  Basket weaving"', `'~skill=underwater basket weaving'`],
    ['tag:"Silver  Medalist" tag:silv*', `('~tag=silver medalist' & '~tag=silv':*)`],
    [`tag:"O'Reilly" tag:"a\\b"`, `('~tag=o''reilly' & '~tag=a\\\\b')`],
    ['source:LinkedIn', `'~source=linkedin'`],
    [
      'status:archived status:"not INTERESTED" status:"silver medal"',
      `('~status=archived' & '~status=not_interested' & '~status=engaged')`,
    ],
    ['notes:"remote only" notes:reloc*', `(('~f.notes:remote' <-> '~f.notes:only') & '~f.notes:reloc':*)`],
    [
      'level:"senior (l3)" level:staff level:L5 remote:true',
      `('~f.level=l3' & '~f.level=l4' & '~f.level=l5' & '~f.remote=true')`,
    ],
    ['Title:x', `'~title:x'`],
  ])('%s → %s', (q, tsquery) => {
    expect(compile(q)).toBe(tsquery);
  });

  it('refuses unknown fields at the field name, listing the valid ones', () => {
    const e = errorOf('java colour:blue');
    expect(e).toMatchObject({ code: 'unknown_field', position: 5, length: 7 });
    expect(e.message).toBe(
      'Unknown field "colour:" at character 6. Fields you can use: name, title, company, school, location, skill, tag, source, status, level, notes, remote. To search for words containing a colon, put them in quotes.',
    );
    expect(errorOf('a colour:(x OR y)')).toMatchObject({ code: 'unknown_field', position: 2, length: 7 });
    expect(errorOf('http://example.com')).toMatchObject({ code: 'unknown_field', position: 0, length: 5 });
    expect(errorOf('constructor:x')).toMatchObject({ code: 'unknown_field', position: 0, length: 12 });
    expect(errorOf('notes:x', { fields: {} })).toMatchObject({ code: 'unknown_field' });
  });

  it('refuses terms with nothing to search for, at their position', () => {
    expect(errorOf('java "!!"')).toMatchObject({
      code: 'no_searchable_text',
      position: 5,
      length: 4,
      message: '"!!" at character 6 has no letters or digits to search for',
    });
    expect(errorOf('a - b')).toMatchObject({ code: 'no_searchable_text', position: 2, length: 1 });
    expect(errorOf('title:"..."')).toMatchObject({ code: 'no_searchable_text', position: 0, length: 11 });
    expect(errorOf('front-e*')).toMatchObject({ code: 'prefix_too_short', position: 0, length: 8 });
    // Exact values need no letters: a tag may be "!!".
    expect(compile('tag:"!!"')).toBe(`'~tag=!!'`);
  });
});

const empty: SearchDocumentInput = {
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
  status: 'new',
  custom: {},
};

describe('evaluateQuery', () => {
  const ana: SearchDocumentInput = {
    ...empty,
    names: ['Ana Müller'],
    headline: 'Senior C++ developer.',
    currentTitles: ['Staff Engineer'],
    pastTitles: ['Senior Developer'],
    currentCompanies: ['Acme Corp'],
    pastCompanies: ['Globex'],
    skills: ['c++', 'go'],
    tags: ['Silver Medalist'],
    sources: ['linkedin'],
    status: 'not_interested',
    custom: {
      notes: { kind: 'text', values: ['Wants remote work', 'Only mornings'] },
      level: { kind: 'code', values: ['l3'] },
    },
  };
  const yes = (q: string) => evaluateQuery(parseQuery(q), ana, catalogue);

  it.each([
    ['', true],
    ['"C++"', true],
    ['c#', false],
    ['muller', true],
    ['title:"staff engineer"', true],
    ['title:"engineer senior"', false],
    // a phrase never spans two values
    ['title:"engineer senior"', false],
    ['"corp globex"', false],
    ['notes:"work only"', false],
    ['notes:"remote work"', true],
    ['remote', false], // custom text is not free text
    ['golang', false], // free text matches the key and label, not aliases
    ['go', true],
    ['skill:golang', true],
    ['skill:c', false],
    ['skill:c+*', true],
    ['tag:"silver medalist"', true],
    ['silver', true],
    ['status:"not interested"', true],
    ['level:"Senior (L3)"', true],
    ['company:globex NOT title:staff', false],
    ['company:globex OR title:staff', true],
    ['senior developer', true],
    ['develop*', true],
    ['title:dev* -name:ana', false],
  ])('%s → %s', (q, expected) => {
    expect(yes(q)).toBe(expected);
  });
});
