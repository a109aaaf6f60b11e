import type { FieldError } from '../../../platform/errors.ts';
import type { CustomFieldInfo, MappedRecord, TouchMeta } from '../mapping.rules.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** ISO timestamps and dates to JSON Resume's partial dates (YYYY, YYYY-MM, YYYY-MM-DD). */
const partialDate = (v: unknown): string | undefined => {
  const s = str(v);
  const m = s?.match(/^(\d{4})(-\d{2})?(-\d{2})?/);
  return m ? m[0] : undefined;
};
const emptyMeta = (): TouchMeta => ({ externalId: null, profileUrl: null, campaign: null, sourcer: null });

function notAnObject(): MappedRecord {
  return { input: {}, meta: emptyMeta(), errors: [{ field: 'record', message: 'must be a JSON object' }] };
}

/** JSON Resume (jsonresume.org schema 1.0): basics, work, education, skills; `meta.canonical` as the profile. */
export function fromJsonResume(doc: unknown): MappedRecord {
  if (!isObj(doc)) return notAnObject();
  const b = isObj(doc.basics) ? doc.basics : {};
  const input: Obj = {};
  const meta = emptyMeta();
  const errors: FieldError[] = [];
  const name = str(b.name);
  if (name) {
    const i = name.lastIndexOf(' ');
    input.firstName = i > 0 ? name.slice(0, i) : name;
    input.lastName = i > 0 ? name.slice(i + 1) : '';
  }
  if (str(b.label)) input.headline = str(b.label);
  if (str(b.summary)) input.summary = str(b.summary);
  if (str(b.email)) input.emails = [{ address: str(b.email) }];
  if (str(b.phone)) input.phones = [{ number: str(b.phone) }];
  const links: string[] = [];
  if (str(b.url)) links.push(str(b.url)!);
  for (const p of arr(b.profiles)) if (isObj(p) && str(p.url)) links.push(str(p.url)!);
  if (links.length) input.links = [...new Set(links)].map((url) => ({ url }));
  if (isObj(b.location)) {
    const l = b.location;
    input.location = { city: str(l.city), region: str(l.region), country: str(l.countryCode) };
  }
  const work = arr(doc.work)
    .filter(isObj)
    .filter((w) => str(w.name ?? w.company) && str(w.position))
    .map((w) => ({
      title: str(w.position)!,
      company: str(w.name ?? w.company)!,
      startDate: partialDate(w.startDate) ?? null,
      endDate: partialDate(w.endDate) ?? null,
      summary: str(w.summary) ?? null,
    }));
  if (work.length) input.work = work;
  const education = arr(doc.education)
    .filter(isObj)
    .filter((e) => str(e.institution))
    .map((e) => ({
      institution: str(e.institution)!,
      area: str(e.area) ?? null,
      studyType: str(e.studyType) ?? null,
      startDate: partialDate(e.startDate) ?? null,
      endDate: partialDate(e.endDate) ?? null,
    }));
  if (education.length) input.education = education;
  const skills = arr(doc.skills).flatMap((s) =>
    isObj(s) ? [str(s.name), ...arr(s.keywords).map(str)].filter((x): x is string => Boolean(x)) : [],
  );
  if (skills.length) input.skills = [...new Set(skills)];
  if (isObj(doc.meta)) meta.profileUrl = str(doc.meta.canonical) ?? null;
  meta.externalId = str(doc.id) ?? null;
  return { input, meta, errors };
}

/**
 * Greenhouse Harvest API candidate objects (GET /v1/candidates): names, company/title, email_addresses,
 * phone_numbers, addresses, website_addresses, social_media_addresses, educations, employments, tags,
 * custom_fields (keys matching this workspace's custom fields are kept), `id` as the external id.
 */
export function fromGreenhouse(doc: unknown, custom: readonly CustomFieldInfo[]): MappedRecord {
  if (!isObj(doc)) return notAnObject();
  const input: Obj = {};
  const meta = emptyMeta();
  if (str(doc.first_name)) input.firstName = str(doc.first_name);
  if (str(doc.last_name)) input.lastName = str(doc.last_name);
  const values = (k: string) =>
    arr(doc[k])
      .map((x) => (isObj(x) ? str(x.value) : undefined))
      .filter((x): x is string => Boolean(x));
  // Harvest names the list email_addresses; some exports of it say emails.
  const emails = [...values('email_addresses'), ...values('emails')];
  if (emails.length) input.emails = emails.map((address) => ({ address }));
  const phones = values('phone_numbers');
  if (phones.length) input.phones = phones.map((number) => ({ number }));
  const links = [...values('website_addresses'), ...values('social_media_addresses')];
  if (links.length) input.links = [...new Set(links)].map((url) => ({ url }));
  const address = values('addresses')[0];
  if (address) {
    const parts = address.split(',').map((s) => s.trim());
    if (parts.length >= 2)
      input.location = { city: parts[parts.length - 2], country: parts[parts.length - 1] };
  }
  const employments = arr(doc.employments)
    .filter(isObj)
    .filter((e) => str(e.company_name) && str(e.title))
    .map((e) => ({
      title: str(e.title)!,
      company: str(e.company_name)!,
      startDate: partialDate(e.start_date) ?? null,
      endDate: partialDate(e.end_date) ?? null,
      current: !e.end_date,
    }));
  if (employments.length) input.work = employments;
  else if (str(doc.title) && str(doc.company))
    input.work = [{ title: str(doc.title), company: str(doc.company), current: true }];
  else if (str(doc.title) ?? str(doc.company)) input.headline = str(doc.title) ?? str(doc.company);
  const educations = arr(doc.educations)
    .filter(isObj)
    .filter((e) => str(e.school_name))
    .map((e) => ({
      institution: str(e.school_name)!,
      area: str(e.discipline) ?? null,
      studyType: str(e.degree) ?? null,
      startDate: partialDate(e.start_date) ?? null,
      endDate: partialDate(e.end_date) ?? null,
    }));
  if (educations.length) input.education = educations;
  const tags = arr(doc.tags).map(str).filter(Boolean);
  if (tags.length) input.tags = tags;
  if (isObj(doc.custom_fields)) {
    const cf: Obj = {};
    for (const [k, v] of Object.entries(doc.custom_fields))
      if (v !== null && v !== undefined && custom.some((c) => c.key === k)) cf[k] = v;
    if (Object.keys(cf).length) input.customFields = cf;
  }
  meta.externalId = str(doc.id) ?? null;
  const app = arr(doc.applications).find(isObj);
  if (app && isObj(app.source)) meta.campaign = str(app.source.public_name) ?? null;
  return { input, meta, errors: [] };
}
