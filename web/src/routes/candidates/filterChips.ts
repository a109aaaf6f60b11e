import type { CustomField } from '../../api/types';
import { formatDate } from '../../components/format';
import type { CandidateSearch } from './searchState';

export interface Chip {
  id: string;
  label: string;
  value: string;
  remove: (s: CandidateSearch) => CandidateSearch;
}

export interface ChipContext {
  statusLabel: (code: string) => string;
  poolName: (id: string) => string;
  segmentName: (id: string) => string;
  ownerName: (id: string) => string;
  field: (key: string) => CustomField | undefined;
}

const OPS: Record<string, string> = { eq: 'is', gte: '≥', lte: '≤', contains: 'contains' };

function without(...keys: (keyof CandidateSearch)[]) {
  return (s: CandidateSearch): CandidateSearch => {
    const next = { ...s };
    for (const k of keys) delete next[k];
    return next;
  };
}

function range(min: string | undefined, max: string | undefined, unit: string): string {
  if (min && max) return `${min}–${max} ${unit}`;
  if (min) return `at least ${min} ${unit}`;
  return `at most ${max} ${unit}`;
}

const list = (v: string, map: (x: string) => string = (x) => x) =>
  v
    .split(',')
    .map((x) => map(x.trim()))
    .join(', ');

/** One chip per active structured filter, each knowing how to remove itself from the search. */
export function chipsOf(s: CandidateSearch, ctx: ChipContext): Chip[] {
  const chips: Chip[] = [];
  const add = (id: string, label: string, value: string, remove: Chip['remove']) =>
    chips.push({ id, label, value, remove });
  if (s.segment) add('segment', 'Segment', ctx.segmentName(s.segment), without('segment'));
  if (s.pool) add('pool', 'Pool', ctx.poolName(s.pool), without('pool'));
  if (s.skills)
    add(
      'skills',
      s.skillsMode === 'any' ? 'Any skill of' : 'All skills',
      list(s.skills),
      without('skills', 'skillsMode'),
    );
  if (s.minYears || s.maxYears)
    add('years', 'Experience', range(s.minYears, s.maxYears, 'years'), without('minYears', 'maxYears'));
  if (s.minTenureMonths || s.maxTenureMonths)
    add(
      'tenure',
      'In current role',
      range(s.minTenureMonths, s.maxTenureMonths, 'months'),
      without('minTenureMonths', 'maxTenureMonths'),
    );
  if (s.company) add('company', 'Current company', s.company, without('company'));
  if (s.country)
    add(
      'country',
      'Country',
      list(s.country, (c) => c.toUpperCase()),
      without('country'),
    );
  if (s.region) add('region', 'Region', s.region, without('region'));
  if (s.city) add('city', 'City', s.city, without('city'));
  if (s.status) add('status', 'Status', list(s.status, ctx.statusLabel), without('status'));
  if (s.source) add('source', 'Source', list(s.source), without('source'));
  if (s.owner)
    add(
      'owner',
      'Owner',
      list(s.owner, (o) => (o === 'me' ? 'me' : o === 'none' ? 'nobody' : ctx.ownerName(o))),
      without('owner'),
    );
  if (s.tags) add('tags', 'Tags', list(s.tags), without('tags'));
  if (s.activityAfter) add('after', 'Active since', formatDate(s.activityAfter), without('activityAfter'));
  if (s.activityBefore)
    add('before', 'Inactive since', formatDate(s.activityBefore), without('activityBefore'));
  if (s.employee)
    add(
      'employee',
      'Employees',
      s.employee === 'true' ? 'internal only' : 'external only',
      without('employee'),
    );
  if (s.minRating || s.maxRating)
    add(
      'rating',
      'Performance rating',
      range(s.minRating, s.maxRating, 'of 5'),
      without('minRating', 'maxRating'),
    );
  (s.cf ?? []).forEach((raw, i) => {
    const [key = '', op = '', ...rest] = raw.split(':');
    const value = rest.join(':');
    const def = ctx.field(key);
    const shown = def?.options.find((o) => o.code === value)?.label ?? value;
    add(`cf-${i}`, def?.label ?? key, `${OPS[op] ?? op} ${shown}`, (x) => {
      const cf = (x.cf ?? []).filter((_, j) => j !== i);
      const next = { ...x };
      if (cf.length) next.cf = cf;
      else delete next.cf;
      return next;
    });
  });
  return chips;
}
