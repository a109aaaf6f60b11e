import { Readable } from 'node:stream';
import type { Ctx } from '../../platform/context.ts';
import { redactCandidate, toCandidate } from './candidate.view.ts';
import type { Candidate } from './candidates.contract.ts';
import type { SearchCriteria } from './search.contract.ts';
import { searchPage } from './search.repository.ts';
import { compileCriteria } from './search.service.ts';
import { workspaceConfig } from './settings.service.ts';

/** The most rows one export writes (a larger one is refused with the count, see exportCandidates). */
export const EXPORT_MAX = 50_000;
const PAGE = 500;

/** RFC 4180: quote a field when it holds a comma, quote, CR or LF; double the quotes inside. */
function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join('; ') : String(v);
  // A leading =, +, - or @ would be run as a formula by spreadsheet programs: prefix it with a quote.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const HIDDEN = '[hidden]';

/**
 * Every candidate matching the criteria as CSV, streamed page by page (newest first), each row redacted for
 * the actor exactly as the API would: hidden groups read `[hidden]`, custom fields of hidden groups too.
 */
export async function exportCandidates(ctx: Ctx, criteria: SearchCriteria): Promise<Readable> {
  const config = await workspaceConfig(ctx.db, ctx.actor.workspaceId);
  const { compiled } = await compileCriteria(ctx, criteria, config);
  const custom = config.defs.filter((d) => !d.retired);
  const header = [
    'id',
    'first_name',
    'last_name',
    'headline',
    'current_title',
    'current_company',
    'city',
    'region',
    'country',
    'time_zone',
    'status',
    'source',
    'owner_id',
    'tags',
    'skills',
    'emails',
    'phones',
    'links',
    'years_experience',
    'last_activity_at',
    'created_at',
    ...custom.map((d) => `custom.${d.key}`),
  ];
  const row = (c: Candidate) => {
    const hidden = new Set(c.redactedFields ?? []);
    const cf = (key: string) => {
      if (hidden.has(`customFields.${key}`)) return HIDDEN;
      const def = custom.find((d) => d.key === key);
      const v = c.customFields[key];
      if (def && (def.type === 'single_select' || def.type === 'multi_select'))
        return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(
          (code) => def.options.find((o) => o.code === code)?.label ?? String(code),
        );
      return v;
    };
    return [
      c.id,
      c.firstName,
      c.lastName,
      c.headline,
      c.currentTitle,
      c.currentCompany,
      c.location.city,
      c.location.region,
      c.location.country,
      c.timeZone,
      config.terms.label(c.status),
      c.source,
      c.ownerId,
      c.tags,
      c.skills.map((s) => s.name),
      hidden.has('emails') ? HIDDEN : (c.emails ?? []).map((e) => e.address),
      hidden.has('phones') ? HIDDEN : (c.phones ?? []).map((p) => p.number),
      c.links.map((l) => l.url),
      c.yearsExperience,
      c.lastActivityAt,
      c.createdAt,
      ...custom.map((d) => cf(d.key)),
    ]
      .map(csvField)
      .join(',');
  };
  let after: (string | number)[] | undefined;
  let sent = 0;
  let headerSent = false;
  return Readable.from(
    (async function* () {
      if (!headerSent) {
        headerSent = true;
        yield `${header.join(',')}\r\n`;
      }
      while (sent < EXPORT_MAX) {
        const page = await searchPage(ctx.db, compiled, 'recent', after, Math.min(PAGE, EXPORT_MAX - sent));
        if (page.length === 0) return;
        yield page
          .map((r) => `${row(redactCandidate(ctx.actor, toCandidate(r.row), config.defs))}\r\n`)
          .join('');
        sent += page.length;
        after = page.at(-1)!.key;
        if (page.length < PAGE) return;
      }
    })(),
  );
}
