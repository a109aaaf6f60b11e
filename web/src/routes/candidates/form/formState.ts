import type {
  Candidate,
  CreateCandidateBody,
  CustomField,
  StatusCode,
  UpdateCandidateBody,
} from '../../../api/types';

export interface EmailRow {
  address: string;
  primary: boolean;
}
export interface PhoneRow {
  number: string;
  primary: boolean;
}
export interface LinkRow {
  url: string;
}
export interface WorkRow {
  title: string;
  company: string;
  startDate: string;
  endDate: string;
  current: boolean;
  summary: string;
}
export interface EducationRow {
  institution: string;
  area: string;
  studyType: string;
  startDate: string;
  endDate: string;
}
export type Period = 'year' | 'month' | 'hour';
/** A custom field's value as the inputs hold it: text, a boolean as 'true'/'false', or picked codes. */
export type CustomInput = string | string[];

/** The candidate form's state: every input as the user sees it (strings), turned into a body on submit. */
export interface FormState {
  firstName: string;
  lastName: string;
  headline: string;
  summary: string;
  emails: EmailRow[];
  phones: PhoneRow[];
  links: LinkRow[];
  city: string;
  region: string;
  country: string;
  timeZone: string;
  work: WorkRow[];
  education: EducationRow[];
  skills: string[];
  tags: string[];
  status: StatusCode;
  ownerId: string;
  source: string;
  isEmployee: boolean;
  employeeSince: string;
  performanceRating: string;
  compCurrency: string;
  compCurrent: string;
  compExpected: string;
  compPeriod: Period;
  custom: Record<string, CustomInput>;
}

export const LISTS = ['emails', 'phones', 'links', 'work', 'education'] as const;
export type ListKey = (typeof LISTS)[number];
/** For each list, the form row of every row sent (blank rows are not sent), to place errors like `emails.0.address`. */
export type IndexMaps = Record<ListKey, number[]>;

export const EMPTY_WORK: WorkRow = {
  title: '',
  company: '',
  startDate: '',
  endDate: '',
  current: false,
  summary: '',
};
export const EMPTY_EDUCATION: EducationRow = {
  institution: '',
  area: '',
  studyType: '',
  startDate: '',
  endDate: '',
};

export function emptyForm(ownerId = ''): FormState {
  return {
    firstName: '',
    lastName: '',
    headline: '',
    summary: '',
    emails: [{ address: '', primary: true }],
    phones: [],
    links: [],
    city: '',
    region: '',
    country: '',
    timeZone: '',
    work: [],
    education: [],
    skills: [],
    tags: [],
    status: 'new',
    ownerId,
    source: '',
    isEmployee: false,
    employeeSince: '',
    performanceRating: '',
    compCurrency: '',
    compCurrent: '',
    compExpected: '',
    compPeriod: 'year',
    custom: {},
  };
}

function customInput(def: CustomField | undefined, v: unknown): CustomInput {
  if (v === null || v === undefined) return def?.type === 'multi_select' ? [] : '';
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

/** The form for editing a stored candidate. */
export function formOf(c: Candidate, defs: CustomField[]): FormState {
  const custom: Record<string, CustomInput> = {};
  for (const d of defs) custom[d.key] = customInput(d, c.customFields[d.key]);
  const s = (v: string | null | undefined) => v ?? '';
  const n = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  return {
    firstName: c.firstName,
    lastName: c.lastName,
    headline: s(c.headline),
    summary: s(c.summary),
    emails: (c.emails ?? []).map((e) => ({ ...e })),
    phones: (c.phones ?? []).map((p) => ({
      number: p.extension ? `${p.number} ext. ${p.extension}` : p.number,
      primary: p.primary,
    })),
    links: c.links.map((l) => ({ url: l.url })),
    city: s(c.location.city),
    region: s(c.location.region),
    country: s(c.location.country),
    timeZone: c.timeZoneSource === 'explicit' ? s(c.timeZone) : '',
    work: c.work.map((w) => ({
      ...w,
      startDate: s(w.startDate),
      endDate: s(w.endDate),
      summary: s(w.summary),
    })),
    education: c.education.map((e) => ({
      institution: e.institution,
      area: s(e.area),
      studyType: s(e.studyType),
      startDate: s(e.startDate),
      endDate: s(e.endDate),
    })),
    skills: c.skills.map((x) => x.name),
    tags: [...c.tags],
    status: c.status,
    ownerId: s(c.ownerId),
    source: s(c.source),
    isEmployee: c.employee.isEmployee,
    employeeSince: s(c.employee.since),
    performanceRating: n(c.employee.performanceRating),
    compCurrency: s(c.compensation?.currency),
    compCurrent: n(c.compensation?.current),
    compExpected: n(c.compensation?.expected),
    compPeriod: c.compensation?.period ?? 'year',
    custom,
  };
}

const orNull = (v: string) => (v.trim() ? v.trim() : null);
/** A number input's value: a number when it reads as one, else the text (the server names the field). */
const num = (v: string): number | null => {
  if (!v.trim()) return null;
  const x = Number(v);
  return (Number.isFinite(x) ? x : v) as number;
};

function keep<T>(rows: T[], filled: (r: T) => boolean): { rows: T[]; map: number[] } {
  const map: number[] = [];
  const out: T[] = [];
  rows.forEach((r, i) => {
    if (filled(r)) {
      out.push(r);
      map.push(i);
    }
  });
  return { rows: out, map };
}

function customValue(
  def: CustomField | undefined,
  v: CustomInput,
): string | number | boolean | string[] | null {
  if (Array.isArray(v)) return v.length ? v : null;
  if (!v.trim()) return null;
  if (def?.type === 'number') return num(v);
  if (def?.type === 'boolean') return v === 'true';
  return v;
}

/** The complete create body, and where each sent row came from. */
export function buildBody(f: FormState, defs: CustomField[]): { body: CreateCandidateBody; maps: IndexMaps } {
  const emails = keep(f.emails, (e) => e.address.trim() !== '');
  const phones = keep(f.phones, (p) => p.number.trim() !== '');
  const links = keep(f.links, (l) => l.url.trim() !== '');
  const work = keep(f.work, (w) => Object.values(w).some((v) => typeof v === 'string' && v.trim() !== ''));
  const education = keep(f.education, (e) => Object.values(e).some((v) => v.trim() !== ''));
  const customFields: Record<string, string | number | boolean | string[] | null> = {};
  for (const [key, v] of Object.entries(f.custom)) {
    const def = defs.find((d) => d.key === key);
    if (def?.retired) continue;
    customFields[key] = customValue(def, v);
  }
  const anyComp = f.compCurrency.trim() || f.compCurrent.trim() || f.compExpected.trim();
  const body: CreateCandidateBody = {
    firstName: f.firstName,
    lastName: f.lastName,
    headline: orNull(f.headline),
    summary: orNull(f.summary),
    emails: emails.rows.map((e) => ({ address: e.address, primary: e.primary })),
    phones: phones.rows.map((p) => ({ number: p.number, primary: p.primary })),
    links: links.rows.map((l) => ({ url: l.url })),
    location: { city: orNull(f.city), region: orNull(f.region), country: orNull(f.country) },
    timeZone: orNull(f.timeZone),
    work: work.rows.map((w) => ({
      title: w.title,
      company: w.company,
      startDate: orNull(w.startDate),
      endDate: w.current ? null : orNull(w.endDate),
      current: w.current,
      summary: orNull(w.summary),
    })),
    education: education.rows.map((e) => ({
      institution: e.institution,
      area: orNull(e.area),
      studyType: orNull(e.studyType),
      startDate: orNull(e.startDate),
      endDate: orNull(e.endDate),
    })),
    skills: f.skills,
    tags: f.tags,
    status: f.status,
    ownerId: f.ownerId || null,
    source: orNull(f.source),
    employee: {
      isEmployee: f.isEmployee,
      since: f.isEmployee ? orNull(f.employeeSince) : null,
      performanceRating: f.isEmployee ? num(f.performanceRating) : null,
    },
    compensation: anyComp
      ? {
          currency: f.compCurrency.trim().toUpperCase(),
          current: num(f.compCurrent),
          expected: num(f.compExpected),
          period: f.compPeriod,
        }
      : null,
    customFields,
  };
  return {
    body,
    maps: {
      emails: emails.map,
      phones: phones.map,
      links: links.map,
      work: work.map,
      education: education.map,
    },
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The PATCH body: only what changed (lists replace the stored list, custom fields go key by key), nothing the
 * reader may not see (a hidden field left out stays as stored), and the version read.
 */
export function buildPatch(
  before: FormState,
  after: FormState,
  defs: CustomField[],
  redacted: string[],
  version: number,
): { body: UpdateCandidateBody; maps: IndexMaps } {
  const a = buildBody(before, defs).body as Record<string, unknown>;
  const { body: bFull, maps } = buildBody(after, defs);
  const b = bFull as Record<string, unknown>;
  const patch: Record<string, unknown> = { version };
  for (const key of Object.keys(b)) {
    if (key === 'customFields' || redacted.includes(key)) continue;
    if (!same(a[key], b[key])) patch[key] = b[key];
  }
  if (patch.employee && redacted.includes('employee.performanceRating')) {
    const { performanceRating: _hidden, ...rest } = patch.employee as Record<string, unknown>;
    patch.employee = rest;
  }
  const ca = (a.customFields ?? {}) as Record<string, unknown>;
  const cb = (b.customFields ?? {}) as Record<string, unknown>;
  const custom: Record<string, unknown> = {};
  for (const key of Object.keys(cb))
    if (!redacted.includes(`customFields.${key}`) && !same(ca[key], cb[key])) custom[key] = cb[key];
  if (Object.keys(custom).length) patch.customFields = custom;
  return { body: patch as UpdateCandidateBody, maps };
}

/** Server field paths (`emails.1.address`) back to the form's rows (blank rows were not sent). */
export function translateErrors(errors: Record<string, string>, maps: IndexMaps): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const [list, idx, ...rest] = path.split('.');
    const map = (LISTS as readonly string[]).includes(list ?? '') ? maps[list as ListKey] : undefined;
    const row = map && idx !== undefined && /^\d+$/.test(idx) ? map[Number(idx)] : undefined;
    out[row !== undefined ? [list, row, ...rest].join('.') : path] ??= message;
  }
  return out;
}
