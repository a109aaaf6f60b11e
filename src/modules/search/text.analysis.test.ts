import { describe, expect, it } from 'vitest';
import { SKILLS } from './skills.ts';
import { analyse, MAX_TOKEN_CHARS, normaliseCode, normaliseSkill } from './text.analysis.ts';

describe('analyse', () => {
  it.each([
    ['C++ and C#', ['c++', 'and', 'c#']],
    ['F# or C', ['f#', 'or', 'c']],
    ['Senior .NET engineer.', ['senior', '.net', 'engineer']],
    ['Node.js, Vue.js and ASP.NET', ['node.js', 'vue.js', 'and', 'asp.net']],
    ['C#/.NET', ['c#', '.net']],
    ['I write C++.', ['i', 'write', 'c++']],
    ['c++11', ['c', '11']],
    ['a+b', ['a', 'b']],
    ['Python 3.11', ['python', '3.11']],
    ['front-end', ['front', 'end']],
    ['e-mail: x@y.com', ['e', 'mail', 'x', 'y.com']],
    ['snake_case', ['snake', 'case']],
    ['Résumé Développeur', ['resume', 'developpeur']],
    ['Straße Øresund Łódź', ['strasse', 'oresund', 'lodz']],
    ['İstanbul ﬁle', ['istanbul', 'file']],
    ['ＡＢＣ１２３', ['abc123']],
    ['“quoted” — dash–dash', ['quoted', 'dash', 'dash']],
    ["O'Brien", ['o', 'brien']],
    ['  \t\n ', []],
    ['!!', []],
    ['...net', ['.net']],
  ])('%j → %j', (text, tokens) => {
    expect(analyse(text)).toEqual(tokens);
  });

  it('keeps stop words and does not stem', () => {
    expect(analyse('The engineers and the engineering')).toEqual([
      'the',
      'engineers',
      'and',
      'the',
      'engineering',
    ]);
  });

  it('cuts very long tokens', () => {
    expect(analyse('x'.repeat(500))).toEqual(['x'.repeat(MAX_TOKEN_CHARS)]);
  });

  it('never yields a token containing ~, : or = (reserved for fielded lexemes)', () => {
    expect(analyse('a:b ~c d=e title:senior').join(' ')).toBe('a b c d e title senior');
  });
});

describe('normaliseCode', () => {
  it('folds, trims and collapses whitespace', () => {
    expect(normaliseCode('  Silver   Médalist ')).toBe('silver medalist');
    expect(normaliseCode('   ')).toBe('');
  });
});

describe('normaliseSkill', () => {
  it.each([
    ['C++', 'c++', 'C++'],
    ['cpp', 'c++', 'C++'],
    ['C#', 'c#', 'C#'],
    ['c sharp', 'c#', 'C#'],
    ['C', 'c', 'C'],
    ['F#', 'f#', 'F#'],
    ['.NET', '.net', '.NET'],
    ['dotnet', '.net', '.NET'],
    ['Node.js', 'node.js', 'Node.js'],
    ['nodejs', 'node.js', 'Node.js'],
    ['node', 'node.js', 'Node.js'],
    ['Node JS', 'node.js', 'Node.js'],
    ['node-js', 'node.js', 'Node.js'],
    ['JS', 'javascript', 'JavaScript'],
    ['golang', 'go', 'Go'],
    ['k8s', 'kubernetes', 'Kubernetes'],
    ['postgres', 'postgresql', 'PostgreSQL'],
    ['ASP.NET', 'asp.net', 'ASP.NET'],
    ['Vue', 'vue.js', 'Vue.js'],
    ['  Machine   learning ', 'machine learning', 'Machine Learning'],
    ['Underwater  Basket Weaving ', 'underwater basket weaving', 'Underwater Basket Weaving'],
    ['Crème brûlée', 'creme brulee', 'Crème brûlée'],
  ])('%j → %s (%s)', (raw, key, label) => {
    expect(normaliseSkill(raw)).toEqual({ key, label });
  });

  it('returns null for blank input', () => {
    expect(normaliseSkill('')).toBeNull();
    expect(normaliseSkill(' \t ')).toBeNull();
  });

  it('keeps C, C++, C#, F#, .NET and net apart', () => {
    const keys = ['C', 'C++', 'C#', 'F#', '.NET', 'net'].map((s) => normaliseSkill(s)?.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('maps every known key to itself and gives every known skill its own key', () => {
    const keys = new Set<string>();
    for (const [key, label, ...aliases] of SKILLS) {
      expect(keys.has(key), key).toBe(false);
      keys.add(key);
      for (const a of [key, label, ...aliases]) expect(normaliseSkill(a)?.key, a).toBe(key);
    }
    expect(keys.size).toBeGreaterThanOrEqual(60);
  });

  it('is idempotent on its keys', () => {
    for (const raw of ['C++', 'golang', 'Some New Skill', 'Node JS', 'Ünïcödé']) {
      const key = normaliseSkill(raw)!.key;
      expect(normaliseSkill(key)?.key).toBe(key);
    }
  });
});
