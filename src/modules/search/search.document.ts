/**
 * A candidate's search document: ONE tsvector literal (for `$1::tsvector`) holding plain tokens for free
 * text, fielded tokens for field searches and exact-value lexemes for skills, tags, source, status and
 * custom codes. Positions let `<->` match phrases; a gap of one position between values keeps a phrase
 * inside one value. Weights: A names and current titles, B skills and past titles, C companies and headline,
 * D the rest.
 */
import { codeLexeme, quoteLexeme, textLexeme } from './lexemes.ts';
import { CUSTOM_KEY_RE } from './query.fields.ts';
import { analyse, normaliseCode, normaliseSkill } from './text.analysis.ts';

export interface SearchDocumentInput {
  names: string[];
  headline: string | null;
  summary: string | null;
  currentTitles: string[];
  pastTitles: string[];
  currentCompanies: string[];
  pastCompanies: string[];
  schools: string[];
  /** City, region, country code and country name. */
  locations: string[];
  /** Already-normalised skill keys (normaliseSkill(..).key). */
  skills: string[];
  tags: string[];
  sources: string[];
  status: string;
  /** text = free text; code = picklist codes, booleans, numbers, dates as exact values. */
  custom: Record<string, { kind: 'text' | 'code'; values: string[] }>;
}

type Weight = 'A' | 'B' | 'C' | 'D';

/** PostgreSQL limits: positions 1..16383, 256 positions kept per lexeme, lexemes under 2 KB, 1 MB in all. */
export const DOCUMENT_LIMITS = {
  maxPosition: 16383,
  maxPositionsPerLexeme: 256,
  maxLexemeBytes: 2046,
  /** Our own budget for the estimated tsvector size, well under PostgreSQL's 1 MB. */
  maxBytes: 512 * 1024,
} as const;

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

class DocumentBuilder {
  private next = 1;
  private full = false;
  private bytes = 0;
  private readonly entries = new Map<string, string[]>();

  /** One exact value: its own position (no gap needed: exact lexemes never take part in a phrase). */
  exact(lexeme: string, weight: Weight) {
    this.value([[lexeme]], weight, false);
  }

  /** One text value: plain and/or fielded lexemes per token, consecutive positions, then a gap. */
  text(
    value: string | null,
    weight: Weight,
    field: string | null,
    opts: { plain: boolean; custom?: boolean },
  ) {
    if (!value) return;
    const tokens = analyse(value);
    const lexemes = tokens.map((t) => {
      const out: string[] = [];
      if (opts.plain) out.push(t);
      if (field !== null) out.push(textLexeme(field, opts.custom ?? false, t));
      return out;
    });
    this.value(lexemes, weight);
  }

  private value(atPositions: string[][], weight: Weight, gap = true) {
    if (this.full || atPositions.length === 0) return;
    for (const lexemes of atPositions) {
      if (this.next > DOCUMENT_LIMITS.maxPosition) {
        this.full = true;
        return;
      }
      for (const lx of lexemes) this.add(lx, this.next, weight);
      if (this.full) return;
      this.next++;
    }
    if (gap) this.next++; // no phrase spans two values
  }

  private add(lexeme: string, position: number, weight: Weight) {
    let positions = this.entries.get(lexeme);
    if (!positions) {
      const size = utf8(lexeme);
      if (size > DOCUMENT_LIMITS.maxLexemeBytes) return;
      if (this.bytes + size + 8 > DOCUMENT_LIMITS.maxBytes) {
        this.full = true;
        return;
      }
      this.bytes += size + 8;
      positions = [];
      this.entries.set(lexeme, positions);
    }
    if (positions.length >= DOCUMENT_LIMITS.maxPositionsPerLexeme) return;
    positions.push(`${position}${weight}`);
    this.bytes += 2;
  }

  literal(): string {
    const parts: string[] = [];
    for (const [lexeme, positions] of this.entries)
      parts.push(`${quoteLexeme(lexeme)}:${positions.join(',')}`);
    return parts.join(' ');
  }
}

/**
 * Build the tsvector literal of a candidate. Exact values come first so they are always indexed; long text
 * beyond PostgreSQL's 16,383 positions (or our size budget) is left out, least important fields last.
 * Custom text fields are NOT free text (only `key:word` finds them): a field the searcher may not read must
 * not make a candidate match a plain word.
 */
export function buildSearchDocument(input: SearchDocumentInput): string {
  const b = new DocumentBuilder();
  const codes = (values: readonly string[]) => [...new Set(values.map(normaliseCode).filter(Boolean))];
  const skills = [
    ...new Map(input.skills.map((k) => normaliseSkill(k)).flatMap((s) => (s ? [[s.key, s]] : []))).values(),
  ];
  const tags = codes(input.tags);
  const custom = Object.entries(input.custom).filter(([key]) => CUSTOM_KEY_RE.test(key));

  // Exact values.
  const status = normaliseCode(input.status);
  if (status) b.exact(codeLexeme('status', false, status), 'D');
  for (const s of codes(input.sources)) b.exact(codeLexeme('source', false, s), 'D');
  for (const s of skills) b.exact(codeLexeme('skill', false, s.key), 'B');
  for (const t of tags) b.exact(codeLexeme('tag', false, t), 'D');
  for (const [key, f] of custom)
    if (f.kind === 'code') for (const v of codes(f.values)) b.exact(codeLexeme(key, true, v), 'D');

  // Text, most important first.
  const plain = { plain: true };
  for (const v of input.names) b.text(v, 'A', 'name', plain);
  for (const v of input.currentTitles) b.text(v, 'A', 'title', plain);
  for (const v of input.pastTitles) b.text(v, 'B', 'title', plain);
  for (const s of skills) {
    b.text(s.key, 'B', null, plain);
    if (analyse(s.label).join(' ') !== analyse(s.key).join(' ')) b.text(s.label, 'B', null, plain);
  }
  for (const v of input.currentCompanies) b.text(v, 'C', 'company', plain);
  for (const v of input.pastCompanies) b.text(v, 'C', 'company', plain);
  b.text(input.headline, 'C', null, plain);
  for (const t of tags) b.text(t, 'D', null, plain);
  for (const v of input.schools) b.text(v, 'D', 'school', plain);
  for (const v of input.locations) b.text(v, 'D', 'location', plain);
  for (const [key, f] of custom)
    if (f.kind === 'text') for (const v of f.values) b.text(v, 'D', key, { plain: false, custom: true });
  b.text(input.summary, 'D', null, plain);
  return b.literal();
}
