import { describe, expect, it } from 'vitest';
import { delimitedRecords } from './file-store.ts';
import { applyMapping, listValues, splitLocation, suggestMapping } from './mapping.rules.ts';

const custom = [
  { key: 'referral_source', label: 'Referral source', type: 'text', options: [] },
  {
    key: 'seniority',
    label: 'Seniority',
    type: 'single_select',
    options: [{ code: 'senior', label: 'Senior' }],
  },
  { key: 'years', label: 'Years', type: 'number', options: [] },
  { key: 'relocate', label: 'Open to relocation', type: 'boolean', options: [] },
];

describe('suggestMapping', () => {
  it('maps usual spellings, custom fields by key or label, and uses a single-value target once', () => {
    expect(
      suggestMapping(
        [
          'First Name',
          'Surname',
          'E-mail',
          'Email (2)',
          'Job Title',
          'Title',
          'Referral Source',
          'seniority',
          'x',
        ],
        custom,
      ),
    ).toEqual({
      'First Name': 'firstName',
      Surname: 'lastName',
      'E-mail': 'email',
      'Email (2)': 'email',
      'Job Title': 'currentTitle',
      Title: 'ignore',
      'Referral Source': 'customFields.referral_source',
      seniority: 'customFields.seniority',
      x: 'ignore',
    });
  });
});

describe('applyMapping', () => {
  it('builds candidate input and touch metadata from a row', () => {
    const m = applyMapping(
      {
        Name: 'Ada King Lovelace',
        Mail: 'ada@example.com',
        Mail2: 'ada@example.com',
        Where: 'London, England, United Kingdom',
        Title: 'Analyst',
        Co: 'Engines',
        Skills: 'Maths; Poetry',
        Id: '42',
        Sen: 'Senior',
        Years: '12',
        Reloc: 'yes',
        Url: 'https://www.linkedin.com/in/ada',
      },
      {
        Name: 'fullName',
        Mail: 'email',
        Mail2: 'email',
        Where: 'location',
        Title: 'currentTitle',
        Co: 'currentCompany',
        Skills: 'skills',
        Id: 'externalId',
        Sen: 'customFields.seniority',
        Years: 'customFields.years',
        Reloc: 'customFields.relocate',
        Url: 'profileUrl',
      },
      custom,
    );
    expect(m.input).toEqual({
      firstName: 'Ada King',
      lastName: 'Lovelace',
      emails: [{ address: 'ada@example.com' }],
      links: [{ url: 'https://www.linkedin.com/in/ada' }],
      location: { city: 'London', region: 'England', country: 'United Kingdom' },
      work: [{ title: 'Analyst', company: 'Engines', current: true }],
      skills: ['Maths', 'Poetry'],
      customFields: { seniority: 'senior', years: 12, relocate: true },
    });
    expect(m.meta).toEqual({
      externalId: '42',
      profileUrl: 'https://www.linkedin.com/in/ada',
      campaign: null,
      sourcer: null,
    });
  });
  it('keeps a lone title as the headline rather than inventing a company', () => {
    expect(applyMapping({ T: 'CTO', N: 'Bo' }, { T: 'currentTitle', N: 'firstName' }, []).input).toEqual({
      firstName: 'Bo',
      headline: 'CTO',
    });
  });
  it('reads list cells as JSON arrays or separated values; locations best effort', () => {
    expect(listValues('["a@x.org", "b@x.org"]')).toEqual(['a@x.org', 'b@x.org']);
    expect(listValues('a; b | c\nd')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitLocation('Berlin')).toEqual({ city: 'Berlin' });
    expect(splitLocation('Berlin, Germany')).toEqual({ city: 'Berlin', country: 'Germany' });
  });
});

describe('delimitedRecords', () => {
  const text = '\ufeffName,Note\r\n"Zoë","multi\r\nline, quoted"\r\n\r\nÅsa,"He said ""hi"""\r\nBob,plain';
  async function* chunks(b: Buffer, size: number) {
    for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
  }
  async function all(start: number, rowNo: number, size: number) {
    const b = Buffer.from(text).subarray(start);
    const out = [];
    for await (const r of delimitedRecords(chunks(b, size), {
      format: 'csv',
      headers: ['Name', 'Note'],
      start,
      rowNo,
    }))
      out.push(r);
    return out;
  }
  it('gives exact byte offsets, so reading from any committed offset yields the same rows', async () => {
    for (const size of [1, 3, 8, 1000]) {
      const rows = await all(0, 0, size);
      expect(rows.map((r) => r.value)).toEqual([
        { Name: 'Zoë', Note: 'multi\r\nline, quoted' },
        { Name: 'Åsa', Note: 'He said "hi"' },
        { Name: 'Bob', Note: 'plain' },
      ]);
      for (let k = 0; k < rows.length; k++) {
        const rest = await all(rows[k]!.end, rows[k]!.rowNo, size);
        expect(rest.map((r) => [r.rowNo, r.value, r.end])).toEqual(
          rows.slice(k + 1).map((r) => [r.rowNo, r.value, r.end]),
        );
      }
    }
  });
});
