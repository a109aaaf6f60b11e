import { describe, expect, it } from 'vitest';
import { splitJsonArray } from './json-stream.ts';

async function* chunks(s: string, size: number) {
  const b = Buffer.from(s);
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}
async function all(s: string, size: number, start = 0) {
  const out = [];
  const b = Buffer.from(s).subarray(start).toString('utf8');
  for await (const e of splitJsonArray(chunks(b, size), { start, maxElementBytes: 1e6 })) out.push(e);
  return out;
}

describe('splitJsonArray', () => {
  const doc = ' [ {"a":"x]}\\"","b":[1,{"c":2}]}, {"n":"Zoë"} ,{"z":{}} ]\n';
  it('yields each element whatever the chunk size, with end offsets', async () => {
    for (const size of [1, 2, 3, 7, 1000]) {
      const els = await all(doc, size);
      expect(els.map((e) => JSON.parse(e.text))).toEqual([
        { a: 'x]}"', b: [1, { c: 2 }] },
        { n: 'Zoë' },
        { z: {} },
      ]);
    }
  });
  it('resumes from an element end offset', async () => {
    const els = await all(doc, 5);
    const rest = await all(doc, 4, els[0]!.end);
    expect(rest.map((e) => JSON.parse(e.text))).toEqual([{ n: 'Zoë' }, { z: {} }]);
    expect(rest.map((e) => e.end)).toEqual(els.slice(1).map((e) => e.end));
  });
  it('reads a single object as one element', async () => {
    const els = await all('{"basics":{"name":"A"}}', 3);
    expect(els).toHaveLength(1);
  });
  it('refuses truncated JSON, naming the byte where it stops', async () => {
    await expect(all('[{"a":1},{"b":', 4)).rejects.toThrow(
      /byte 14 in the middle of the record starting at byte 9/,
    );
    // Cut between two records: no closing bracket.
    await expect(all('[{"a":1},{"b":2},', 4)).rejects.toThrow(/byte 17 without the array's closing bracket/);
    await expect(all('[{"a":1}', 3)).rejects.toThrow(/closing bracket/);
    await expect(all('[{"a":1}]', 3)).resolves.toHaveLength(1);
    // A resumed read must reach the end too.
    await expect(all('[{"a":1},{"b":2}', 2, 8)).rejects.toThrow(/closing bracket/);
    await expect(all('{"a":1}\n', 2, 7)).resolves.toHaveLength(0);
  });
});
