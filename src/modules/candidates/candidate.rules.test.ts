import { describe, expect, it } from 'vitest';
import { applyInput, derive, EMPTY_FIELDS, identities } from './candidate.rules.ts';
import type { CustomFieldDef } from './custom-fields.rules.ts';
import { validateCustomValues } from './custom-fields.rules.ts';

const now = new Date('2026-06-15T00:00:00Z');
const env = { customFields: [] as CustomFieldDef[], defaultPhoneRegion: 'US', now };
const work = (startDate: string, endDate: string | null, title = 'Engineer') => ({
  title,
  company: 'Acme',
  startDate,
  endDate,
  current: endDate === null,
  summary: null,
});

describe('derived fields', () => {
  it('counts overlapping positions once and finds the current role', () => {
    const d = derive(
      {
        ...EMPTY_FIELDS,
        work: [
          work('2010-01', '2015-12'),
          work('2014-01', '2016-12'),
          work('2020-06', null, 'Staff Engineer'),
        ],
      },
      now,
    );
    // 2010-01..2016-12 = 7 years, 2020-06..2026-06-15 ≈ 6 years.
    expect(d.yearsExperience).toBeCloseTo(13, 0);
    expect(d.currentTitle).toBe('Staff Engineer');
    expect(d.currentRoleSince).toBe('2020-06-01');
  });

  it('has no years without dated positions', () => {
    expect(derive({ ...EMPTY_FIELDS, work: [] }, now).yearsExperience).toBeNull();
  });
});

describe('applying input', () => {
  it('keeps one primary email, drops duplicate links, lower-cases tags', () => {
    const { fields, errors } = applyInput(
      EMPTY_FIELDS,
      {
        firstName: 'A',
        lastName: '',
        emails: [{ address: 'a@example.com' }, { address: 'b@example.com', primary: true }],
        links: [{ url: 'https://github.com/a' }, { url: 'https://github.com/a/' }],
        tags: ['Hot', 'hot ', 'Remote  Only'],
      },
      env,
      'create',
    );
    expect(errors).toEqual([]);
    expect(fields.emails.map((e) => e.primary)).toEqual([false, true]);
    expect(fields.links).toHaveLength(1);
    expect(fields.tags).toEqual(['hot', 'remote only']);
    expect(
      identities(fields)
        .map((i) => i.kind)
        .sort(),
    ).toEqual(['email', 'email', 'github']);
  });

  it('names each bad entry by its index', () => {
    const { errors } = applyInput(
      EMPTY_FIELDS,
      {
        firstName: 'A',
        lastName: '',
        emails: [{ address: 'ok@example.com' }, { address: 'ok@example.com' }, { address: 'x' }],
      },
      env,
      'create',
    );
    expect(errors.map((e) => e.field)).toEqual(['emails.1.address', 'emails.2.address']);
  });

  it('keeps an explicit time zone until it is cleared, then infers', () => {
    const first = applyInput(
      EMPTY_FIELDS,
      { firstName: 'A', lastName: '', timeZone: 'Asia/Tokyo', location: { country: 'DE' } },
      env,
      'create',
    ).fields;
    expect([first.timeZone, first.timeZoneSource]).toEqual(['Asia/Tokyo', 'explicit']);
    const moved = applyInput(first, { location: { country: 'FR' } }, env, 'update').fields;
    expect(moved.timeZone).toBe('Asia/Tokyo');
    const cleared = applyInput(moved, { timeZone: null }, env, 'update').fields;
    expect([cleared.timeZone, cleared.timeZoneSource]).toEqual(['Europe/Paris', 'country']);
  });
});

describe('custom field values', () => {
  const defs: CustomFieldDef[] = [
    {
      key: 'level',
      label: 'Level',
      type: 'single_select',
      required: true,
      retired: false,
      fieldGroup: null,
      options: [
        { code: 'a', label: 'A', retired: false },
        { code: 'b', label: 'B', retired: true },
      ],
    },
    {
      key: 'tags2',
      label: 'Tags',
      type: 'multi_select',
      required: false,
      retired: false,
      fieldGroup: null,
      options: [{ code: 'x', label: 'X', retired: false }],
    },
    {
      key: 'start',
      label: 'Start',
      type: 'date',
      required: false,
      retired: false,
      fieldGroup: null,
      options: [],
    },
    { key: 'old', label: 'Old', type: 'text', required: false, retired: true, fieldGroup: null, options: [] },
  ];

  it('validates by type and reports each field', () => {
    const r = validateCustomValues(defs, {
      level: 'b',
      tags2: ['x', 'y'],
      start: '2026-02-30',
      old: 'v',
      nope: 1,
    });
    expect(Object.fromEntries(r.errors.map((e) => [e.field, e.message]))).toEqual({
      'customFields.level': "option 'b' is retired",
      'customFields.tags2': "'y' is not an option; valid codes: x",
      'customFields.start': 'is not a calendar date',
      'customFields.old': "'Old' is retired and can no longer be set",
      'customFields.nope': "no custom field 'nope' exists",
    });
  });

  it('requires required fields on create but not on an update that leaves them alone', () => {
    expect(validateCustomValues(defs, {}).errors.map((e) => e.field)).toEqual(['customFields.level']);
    expect(validateCustomValues(defs, { start: '2026-01-01' }, {}, 'update').errors).toEqual([]);
    expect(
      validateCustomValues(defs, { level: null }, { level: 'a' }, 'update').errors.map((e) => e.field),
    ).toEqual(['customFields.level']);
  });

  it('clears empty values and de-duplicates multi-select codes', () => {
    const r = validateCustomValues(
      defs,
      { level: 'a', tags2: ['x', 'x'], start: '' },
      { start: '2020-01-01' },
    );
    expect(r.values).toEqual({ level: 'a', tags2: ['x'] });
  });
});
