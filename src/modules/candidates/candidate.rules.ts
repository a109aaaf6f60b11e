import type { FieldError } from '../../platform/errors.ts';
import { normaliseSkill, type SearchDocumentInput } from '../search/index.ts';
import type { CreateCandidate, UpdateCandidate } from './candidates.contract.ts';
import type {
  Compensation,
  Diversity,
  EducationEntry,
  EmailEntry,
  LinkEntry,
  PhoneEntry,
  SkillEntry,
  WorkEntry,
} from './candidates.tables.ts';
import { type CustomFieldDef, validateCustomValues } from './custom-fields.rules.ts';
import {
  inferTimeZone,
  normaliseCountry,
  normaliseEmail,
  normalisePhone,
  normaliseProfileUrl,
  normaliseRegion,
} from './normalise/index.ts';
import type { StatusCode } from './statuses.ts';

/** The parts of a candidate that come from input (everything else is derived or bookkeeping). */
export interface CandidateFields {
  firstName: string;
  lastName: string;
  headline: string | null;
  summary: string | null;
  emails: EmailEntry[];
  phones: PhoneEntry[];
  links: LinkEntry[];
  city: string | null;
  region: string | null;
  country: string | null;
  timeZone: string | null;
  timeZoneSource: 'explicit' | 'region' | 'country' | 'phone' | null;
  work: WorkEntry[];
  education: EducationEntry[];
  skills: SkillEntry[];
  tags: string[];
  ownerId: string | null;
  status: StatusCode;
  source: string | null;
  isEmployee: boolean;
  employeeSince: string | null;
  performanceRating: number | null;
  compensation: Compensation | null;
  diversity: Diversity | null;
  customFields: Record<string, unknown>;
}

export interface Derived {
  yearsExperience: number | null;
  currentTitle: string | null;
  currentCompany: string | null;
  currentRoleSince: string | null;
}

export interface EntryEnv {
  defaultPhoneRegion: string;
  customFields: readonly CustomFieldDef[];
  now: Date;
}

export const EMPTY_FIELDS: CandidateFields = {
  firstName: '',
  lastName: '',
  headline: null,
  summary: null,
  emails: [],
  phones: [],
  links: [],
  city: null,
  region: null,
  country: null,
  timeZone: null,
  timeZoneSource: null,
  work: [],
  education: [],
  skills: [],
  tags: [],
  ownerId: null,
  status: 'new',
  source: null,
  isEmployee: false,
  employeeSince: null,
  performanceRating: null,
  compensation: null,
  diversity: null,
  customFields: {},
};

const blank = (s: string | null | undefined) => {
  const t = s?.trim();
  return t ? t : null;
};

/** Exactly one primary among entries (the first flagged one, else the first). */
function onePrimary<T extends { primary: boolean }>(list: T[]): T[] {
  const idx = Math.max(
    0,
    list.findIndex((e) => e.primary),
  );
  return list.map((e, i) => ({ ...e, primary: i === idx }));
}

/**
 * Apply create or update input to the stored fields: every value normalised, every problem reported with
 * its field path. Nothing is half-applied: callers store the result only when `errors` is empty.
 */
export function applyInput(
  base: CandidateFields,
  input: CreateCandidate | UpdateCandidate,
  env: EntryEnv,
  mode: 'create' | 'update',
): { fields: CandidateFields; errors: FieldError[]; userIds: { field: string; id: string }[] } {
  const errors: FieldError[] = [];
  const userIds: { field: string; id: string }[] = [];
  const f: CandidateFields = { ...base };

  if (input.firstName !== undefined) f.firstName = input.firstName;
  if (input.lastName !== undefined) f.lastName = input.lastName;
  if (input.headline !== undefined) f.headline = blank(input.headline);
  if (input.summary !== undefined) f.summary = blank(input.summary);

  if (input.emails !== undefined) {
    const out: EmailEntry[] = [];
    input.emails.forEach((e, i) => {
      const r = normaliseEmail(e.address);
      if (!r.ok) errors.push({ field: `emails.${i}.address`, message: r.reason });
      else if (out.some((o) => o.address === r.value))
        errors.push({ field: `emails.${i}.address`, message: 'is listed twice' });
      else out.push({ address: r.value, primary: e.primary ?? false });
    });
    f.emails = onePrimary(out);
  }

  if (input.location !== undefined) {
    const loc = input.location;
    if (loc.country !== undefined) {
      const c = blank(loc.country);
      if (c === null) f.country = null;
      else {
        const r = normaliseCountry(c);
        if (r.ok) f.country = r.value.code;
        else errors.push({ field: 'location.country', message: r.reason });
      }
    }
    if (loc.city !== undefined) f.city = blank(loc.city);
    if (loc.region !== undefined) {
      const reg = blank(loc.region);
      f.region = reg && f.country ? normaliseRegion(f.country, reg) : reg;
    }
  }

  if (input.phones !== undefined) {
    const out: PhoneEntry[] = [];
    const region = f.country ?? env.defaultPhoneRegion;
    input.phones.forEach((p, i) => {
      const r = normalisePhone(p.number, region as Parameters<typeof normalisePhone>[1]);
      if (!r.ok) errors.push({ field: `phones.${i}.number`, message: r.reason });
      else if (out.some((o) => o.number === r.value.e164 && o.extension === (r.value.extension ?? null)))
        errors.push({ field: `phones.${i}.number`, message: 'is listed twice' });
      else
        out.push({
          number: r.value.e164,
          country: r.value.country ?? null,
          type: r.value.type ?? null,
          extension: r.value.extension ?? null,
          primary: p.primary ?? false,
        });
    });
    f.phones = onePrimary(out);
  }

  if (input.links !== undefined) {
    const out: LinkEntry[] = [];
    input.links.forEach((l, i) => {
      const r = normaliseProfileUrl(l.url);
      if (!r.ok) errors.push({ field: `links.${i}.url`, message: r.reason });
      else if (!out.some((o) => o.url === r.value.url))
        out.push({ url: r.value.url, kind: r.value.kind, handle: r.value.handle });
    });
    f.links = out;
  }

  if (input.work !== undefined) {
    f.work = input.work.map((w, i) => {
      if (w.startDate && w.endDate && w.endDate < w.startDate)
        errors.push({ field: `work.${i}.endDate`, message: 'is before the start date' });
      return {
        title: w.title,
        company: w.company,
        startDate: w.startDate ?? null,
        endDate: w.current ? null : (w.endDate ?? null),
        current: w.current ?? (!w.endDate && Boolean(w.startDate)),
        summary: blank(w.summary),
      };
    });
  }
  if (input.education !== undefined) {
    f.education = input.education.map((e, i) => {
      if (e.startDate && e.endDate && e.endDate < e.startDate)
        errors.push({ field: `education.${i}.endDate`, message: 'is before the start date' });
      return {
        institution: e.institution,
        area: blank(e.area),
        studyType: blank(e.studyType),
        startDate: e.startDate ?? null,
        endDate: e.endDate ?? null,
      };
    });
  }
  if (input.skills !== undefined) {
    const out: SkillEntry[] = [];
    for (const s of input.skills) {
      const n = normaliseSkill(s);
      if (n && !out.some((o) => o.key === n.key)) out.push({ key: n.key, name: n.label });
    }
    f.skills = out;
  }
  if (input.tags !== undefined) {
    const out: string[] = [];
    for (const t of input.tags) {
      const v = t.trim().toLowerCase().replace(/\s+/g, ' ');
      if (v && !out.includes(v)) out.push(v);
    }
    f.tags = out;
  }
  if (input.ownerId !== undefined) {
    f.ownerId = input.ownerId;
    if (input.ownerId) userIds.push({ field: 'ownerId', id: input.ownerId });
  }
  if (input.status !== undefined) f.status = input.status;
  if (input.source !== undefined) f.source = blank(input.source)?.toLowerCase() ?? null;
  if (input.employee !== undefined) {
    f.isEmployee = input.employee.isEmployee;
    if (input.employee.since !== undefined) f.employeeSince = input.employee.since;
    if (input.employee.performanceRating !== undefined)
      f.performanceRating = input.employee.performanceRating;
    if (!f.isEmployee) {
      f.employeeSince = null;
      f.performanceRating = null;
    }
  }
  if (input.compensation !== undefined) {
    const c = input.compensation;
    f.compensation = c
      ? { currency: c.currency, current: c.current ?? null, expected: c.expected ?? null, period: c.period }
      : null;
  }
  if (input.diversity !== undefined) {
    const d = input.diversity;
    f.diversity = d
      ? {
          gender: blank(d.gender),
          ethnicity: blank(d.ethnicity),
          veteran: d.veteran ?? null,
          disability: d.disability ?? null,
        }
      : null;
  }
  if (input.customFields !== undefined || mode === 'create') {
    const r = validateCustomValues(env.customFields, input.customFields ?? {}, f.customFields, mode);
    errors.push(...r.errors);
    f.customFields = r.values;
    for (const u of r.userIds) userIds.push({ field: `customFields.${u.key}`, id: u.id });
  }

  // Time zone: explicit wins; else inferred from region, country, then the primary phone, and the way it was
  // found is kept. An explicit zone stays until cleared (null) or replaced.
  const locationTouched = input.location !== undefined || input.phones !== undefined;
  if (input.timeZone !== undefined || locationTouched || mode === 'create') {
    const explicit =
      input.timeZone !== undefined
        ? blank(input.timeZone)
        : f.timeZoneSource === 'explicit'
          ? f.timeZone
          : null;
    const r = inferTimeZone({
      ...(explicit ? { timeZone: explicit } : {}),
      ...(f.country ? { country: f.country } : {}),
      ...(f.region ? { region: f.region } : {}),
      ...(f.phones[0] ? { phoneE164: f.phones.find((p) => p.primary)?.number ?? f.phones[0].number } : {}),
    });
    if (explicit && r.source !== 'explicit') errors.push({ field: 'timeZone', message: r.note });
    f.timeZone = r.timeZone;
    f.timeZoneSource = r.source;
  }
  return { fields: f, errors, userIds };
}

// ---- derived values

/** First day of a partial date (start) or its last day (end). */
function day(d: string, end: boolean): number {
  const [y, m, dd] = d.split('-').map(Number) as [number, number | undefined, number | undefined];
  if (dd !== undefined) return Date.UTC(y, (m ?? 1) - 1, dd);
  if (m !== undefined) return end ? Date.UTC(y, m, 0) : Date.UTC(y, m - 1, 1);
  return end ? Date.UTC(y, 11, 31) : Date.UTC(y, 0, 1);
}

/** Years of experience (overlapping positions counted once), the current title/company and since when. */
export function derive(f: CandidateFields, now: Date): Derived {
  const spans: [number, number][] = [];
  for (const w of f.work) {
    if (!w.startDate) continue;
    const start = day(w.startDate, false);
    const end = w.current || !w.endDate ? now.getTime() : day(w.endDate, true);
    if (end > start) spans.push([start, Math.min(end, now.getTime())]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let cur: [number, number] | null = null;
  for (const s of spans) {
    if (cur && s[0] <= cur[1]) cur[1] = Math.max(cur[1], s[1]);
    else {
      if (cur) total += cur[1] - cur[0];
      cur = [s[0], s[1]];
    }
  }
  if (cur) total += cur[1] - cur[0];
  const current =
    f.work.filter((w) => w.current).sort((a, b) => (b.startDate ?? '').localeCompare(a.startDate ?? ''))[0] ??
    null;
  return {
    yearsExperience: spans.length ? Math.round((total / (365.25 * 86_400_000)) * 10) / 10 : null,
    currentTitle: current?.title ?? null,
    currentCompany: current?.company ?? null,
    currentRoleSince: current?.startDate
      ? new Date(day(current.startDate, false)).toISOString().slice(0, 10)
      : null,
  };
}

/** Exact identities kept in candidate_identities (for duplicate control and inbound matching). */
export function identities(f: CandidateFields): { kind: string; value: string }[] {
  const out: { kind: string; value: string }[] = [];
  for (const e of f.emails) out.push({ kind: 'email', value: e.address });
  for (const p of f.phones) out.push({ kind: 'phone', value: p.number });
  for (const l of f.links) if (l.handle) out.push({ kind: l.kind, value: l.handle.toLowerCase() });
  return out.filter((x, i) => out.findIndex((y) => y.kind === x.kind && y.value === x.value) === i);
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
function countryName(code: string): string | null {
  try {
    return regionNames.of(code) ?? null;
  } catch {
    return null;
  }
}

/** What the search module indexes. Custom text fields are free text; everything else matches exactly. */
export function searchInput(f: CandidateFields, defs: readonly CustomFieldDef[]): SearchDocumentInput {
  const custom: SearchDocumentInput['custom'] = {};
  for (const def of defs) {
    const v = f.customFields[def.key];
    if (v === undefined || v === null) continue;
    const values = (Array.isArray(v) ? v : [v]).map(String);
    const text =
      def.type === 'text' || def.type === 'long_text' || def.type === 'url' || def.type === 'email';
    custom[def.key] = { kind: text ? 'text' : 'code', values };
  }
  const currentWork = f.work.filter((w) => w.current);
  const pastWork = f.work.filter((w) => !w.current);
  return {
    names: [`${f.firstName} ${f.lastName}`.trim()],
    headline: f.headline,
    summary: f.summary,
    currentTitles: currentWork.map((w) => w.title),
    pastTitles: pastWork.map((w) => w.title),
    currentCompanies: currentWork.map((w) => w.company),
    pastCompanies: pastWork.map((w) => w.company),
    schools: f.education.map((e) => e.institution),
    locations: [f.city, f.region, f.country, f.country ? countryName(f.country) : null].filter(
      (x): x is string => Boolean(x),
    ),
    skills: f.skills.map((s) => s.key),
    tags: f.tags,
    sources: f.source ? [f.source] : [],
    status: f.status,
    custom,
  };
}
