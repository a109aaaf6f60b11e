import type { FieldError } from '../../platform/errors.ts';

/** Where a column's value goes. `customFields.<key>` targets a custom field; `ignore` drops the column. */
export const STANDARD_TARGETS = [
  'firstName',
  'lastName',
  'fullName',
  'headline',
  'summary',
  'email',
  'emails',
  'phone',
  'phones',
  'city',
  'region',
  'country',
  'location',
  'linkedin',
  'github',
  'website',
  'profileUrl',
  'currentTitle',
  'currentCompany',
  'school',
  'skills',
  'tags',
  'externalId',
  'campaign',
  'sourcer',
  'ignore',
] as const;
export type StandardTarget = (typeof STANDARD_TARGETS)[number];

export function isTarget(t: string, customKeys: readonly string[]): boolean {
  if ((STANDARD_TARGETS as readonly string[]).includes(t)) return true;
  return t.startsWith('customFields.') && customKeys.includes(t.slice('customFields.'.length));
}

/** Header spellings (lower-case, letters and digits only) of generic spreadsheets and known exports. */
const SYNONYMS: Record<string, StandardTarget> = {
  firstname: 'firstName',
  first: 'firstName',
  givenname: 'firstName',
  forename: 'firstName',
  candidatefirstname: 'firstName',
  lastname: 'lastName',
  last: 'lastName',
  surname: 'lastName',
  familyname: 'lastName',
  candidatelastname: 'lastName',
  name: 'fullName',
  fullname: 'fullName',
  candidatename: 'fullName',
  headline: 'headline',
  summary: 'summary',
  about: 'summary',
  bio: 'summary',
  email: 'email',
  emailaddress: 'email',
  email1: 'email',
  email2: 'email',
  workemail: 'email',
  personalemail: 'email',
  primaryemail: 'email',
  candidateemail: 'email',
  emails: 'emails',
  allcandidateemails: 'emails',
  emailaddresses: 'emails',
  phone: 'phone',
  phonenumber: 'phone',
  mobile: 'phone',
  mobilephone: 'phone',
  telephone: 'phone',
  candidatephonenumber: 'phone',
  phones: 'phones',
  phonenumbers: 'phones',
  city: 'city',
  town: 'city',
  region: 'region',
  state: 'region',
  province: 'region',
  country: 'country',
  countrycode: 'country',
  location: 'location',
  candidatelocation: 'location',
  linkedin: 'linkedin',
  linkedinurl: 'linkedin',
  linkedinprofile: 'linkedin',
  candidatelinkedinurl: 'linkedin',
  github: 'github',
  githuburl: 'github',
  website: 'website',
  personalwebsite: 'website',
  url: 'website',
  profileurl: 'profileUrl',
  publicprofileurl: 'profileUrl',
  title: 'currentTitle',
  jobtitle: 'currentTitle',
  currenttitle: 'currentTitle',
  currentposition: 'currentTitle',
  position: 'currentTitle',
  candidatetitle: 'currentTitle',
  company: 'currentCompany',
  currentcompany: 'currentCompany',
  employer: 'currentCompany',
  candidatecompany: 'currentCompany',
  school: 'school',
  candidateschool: 'school',
  education: 'school',
  skills: 'skills',
  tags: 'tags',
  id: 'externalId',
  externalid: 'externalId',
  candidateid: 'externalId',
  campaign: 'campaign',
  project: 'campaign',
  projectname: 'campaign',
  sourcer: 'sourcer',
  sourcedby: 'sourcer',
  owner: 'sourcer',
};

const norm = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

export interface CustomFieldInfo {
  key: string;
  label: string;
  type: string;
  options: { code: string; label: string }[];
  /** The sensitive field group guarding the field's values, if any. */
  fieldGroup?: string | null;
}

/**
 * Suggest a target for each header: custom fields by key or label first (an admin named them), then the
 * synonyms. A target other than email/phone/link is used once (the first header wins).
 */
export function suggestMapping(headers: readonly string[], custom: readonly CustomFieldInfo[]) {
  const used = new Set<string>();
  const repeatable = new Set(['email', 'phone', 'ignore']);
  const out: Record<string, string> = {};
  for (const h of headers) {
    const n = norm(h);
    const cf = custom.find((c) => norm(c.key) === n || norm(c.label) === n);
    let target: string = cf ? `customFields.${cf.key}` : (SYNONYMS[n] ?? 'ignore');
    if (used.has(target) && !repeatable.has(target)) target = 'ignore';
    used.add(target);
    out[h] = target;
  }
  return out;
}

/** Touchpoint metadata carried by a record (not candidate fields). */
export interface TouchMeta {
  externalId: string | null;
  profileUrl: string | null;
  campaign: string | null;
  sourcer: string | null;
}

/** A record turned into candidate input (checked later by the candidates entry rules) and its metadata. */
export interface MappedRecord {
  input: Record<string, unknown>;
  meta: TouchMeta;
  errors: FieldError[];
}

const splitList = (v: string) =>
  v
    .split(/[;|\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** A list column: a JSON array (Gem's all_candidate_emails) or values separated by ; , | or new lines. */
export function listValues(v: string): string[] {
  const t = v.trim();
  if (t.startsWith('[')) {
    try {
      const arr = JSON.parse(t) as unknown;
      if (Array.isArray(arr)) return arr.map((x) => String(x).trim()).filter(Boolean);
    } catch {
      // not JSON: split below
    }
  }
  return splitList(t);
}

/** "City, Region, Country" free text, best effort: the last part is the country when there are 2+. */
export function splitLocation(v: string): { city?: string; region?: string; country?: string } {
  const parts = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) return {};
  if (parts.length === 1) return { city: parts[0]! };
  if (parts.length === 2) return { city: parts[0]!, country: parts[1]! };
  return { city: parts[0]!, region: parts[1]!, country: parts[parts.length - 1]! };
}

/** A custom field value from spreadsheet text, by the field's type (validation itself is the entry rules'). */
function customValue(def: CustomFieldInfo, v: string): unknown {
  switch (def.type) {
    case 'number': {
      const n = Number(v.replace(/[\s_]/g, ''));
      return Number.isFinite(n) && v.trim() !== '' ? n : v;
    }
    case 'boolean': {
      const t = v.trim().toLowerCase();
      if (['true', 'yes', 'y', '1'].includes(t)) return true;
      if (['false', 'no', 'n', '0'].includes(t)) return false;
      return v;
    }
    case 'single_select': {
      const o = def.options.find((x) => x.code === v.trim() || norm(x.label) === norm(v));
      return o ? o.code : v.trim();
    }
    case 'multi_select':
      return listValues(v).map(
        (x) => def.options.find((o) => o.code === x || norm(o.label) === norm(x))?.code ?? x,
      );
    default:
      return v.trim();
  }
}

/** Apply a column mapping to one spreadsheet row. */
export function applyMapping(
  row: Record<string, string>,
  mapping: Record<string, string>,
  custom: readonly CustomFieldInfo[],
): MappedRecord {
  const input: Record<string, unknown> = {};
  const meta: TouchMeta = { externalId: null, profileUrl: null, campaign: null, sourcer: null };
  const emails: string[] = [];
  const phones: string[] = [];
  const links: string[] = [];
  const location: Record<string, string> = {};
  const customFields: Record<string, unknown> = {};
  let title: string | null = null;
  let company: string | null = null;
  let school: string | null = null;
  const set = (k: string, v: string) => {
    if (input[k] === undefined) input[k] = v;
  };
  for (const [header, target] of Object.entries(mapping)) {
    const raw = row[header];
    if (raw === undefined) continue;
    const v = raw.trim();
    if (v === '' || target === 'ignore') continue;
    switch (target as StandardTarget) {
      case 'firstName':
      case 'lastName':
      case 'headline':
      case 'summary':
        set(target, v);
        break;
      case 'fullName': {
        const i = v.lastIndexOf(' ');
        if (input.firstName === undefined) input.firstName = i > 0 ? v.slice(0, i) : v;
        if (input.lastName === undefined && i > 0) input.lastName = v.slice(i + 1);
        break;
      }
      case 'email':
        emails.push(v);
        break;
      case 'emails':
        emails.push(...listValues(v));
        break;
      case 'phone':
        phones.push(v);
        break;
      case 'phones':
        phones.push(...listValues(v));
        break;
      case 'city':
      case 'region':
      case 'country':
        location[target] = v;
        break;
      case 'location':
        for (const [k, x] of Object.entries(splitLocation(v))) if (!location[k]) location[k] = x;
        break;
      case 'linkedin':
      case 'github':
      case 'website':
        links.push(v);
        break;
      case 'profileUrl':
        meta.profileUrl = v;
        links.push(v);
        break;
      case 'currentTitle':
        title = v;
        break;
      case 'currentCompany':
        company = v;
        break;
      case 'school':
        school = v;
        break;
      case 'skills':
        input.skills = listValues(v);
        break;
      case 'tags':
        input.tags = listValues(v);
        break;
      case 'externalId':
        meta.externalId = v;
        break;
      case 'campaign':
        meta.campaign = v;
        break;
      case 'sourcer':
        meta.sourcer = v;
        break;
      default: {
        const key = target.startsWith('customFields.') ? target.slice('customFields.'.length) : null;
        const def = key ? custom.find((c) => c.key === key) : undefined;
        if (def) customFields[def.key] = customValue(def, v);
      }
    }
  }
  if (emails.length) input.emails = [...new Set(emails)].map((address) => ({ address }));
  if (phones.length) input.phones = [...new Set(phones)].map((number) => ({ number }));
  if (links.length) input.links = [...new Set(links)].map((url) => ({ url }));
  if (Object.keys(location).length) input.location = location;
  // A current position needs both; one alone is kept as the headline rather than invented.
  if (title && company) input.work = [{ title, company, current: true }];
  else if ((title || company) && input.headline === undefined) input.headline = title ?? company;
  if (school) input.education = [{ institution: school }];
  if (Object.keys(customFields).length) input.customFields = customFields;
  return { input, meta, errors: [] };
}
