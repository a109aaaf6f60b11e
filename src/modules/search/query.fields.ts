/**
 * What a term means, independent of how documents are encoded: the fields a query may name, and the
 * resolution of one term into tokens (text fields) or one exact value (code fields). The compiler turns the
 * result into tsquery lexemes; the evaluator matches it against the raw document input. Both throw the same
 * errors.
 */
import { charAt, QuerySyntaxError, type TermNode } from './query.ast.ts';
import { analyse, normaliseCode, normaliseSkill } from './text.analysis.ts';

/**
 * The fields a workspace has beyond the built-in ones: custom field keys and their kind, and for code fields
 * the labels that stand for codes (`{ 'not interested': 'not_interested' }`, compared case-insensitively).
 * An entry for a built-in field (`status`) only contributes its aliases.
 */
export interface FieldCatalogue {
  fields: Record<string, { kind: 'text' | 'code'; aliases?: Record<string, string> }>;
}

/** Built-in fields matched on words: `title:senior` finds "Senior Engineer". */
export const TEXT_FIELDS = ['name', 'title', 'company', 'school', 'location'] as const;
/** Built-in fields matched on whole values: `skill:c++`, `tag:"silver medalist"`. */
export const CODE_FIELDS = ['skill', 'tag', 'source', 'status'] as const;
export type BuiltinField = (typeof TEXT_FIELDS)[number] | (typeof CODE_FIELDS)[number];

/** Custom field keys usable in queries and documents. */
export const CUSTOM_KEY_RE = /^[a-z][a-z0-9_]{0,63}$/;

const isTextField = (f: string): f is (typeof TEXT_FIELDS)[number] =>
  (TEXT_FIELDS as readonly string[]).includes(f);
const isCodeField = (f: string): f is (typeof CODE_FIELDS)[number] =>
  (CODE_FIELDS as readonly string[]).includes(f);

export type ResolvedTerm =
  | {
      kind: 'text';
      /** null: any free-text field; otherwise a built-in text field or a custom key. */
      field: string | null;
      custom: boolean;
      /** Consecutive tokens to find inside one value; with `prefix`, the last one is a prefix. */
      tokens: string[];
      prefix: boolean;
    }
  | {
      kind: 'code';
      field: string;
      custom: boolean;
      /** The exact value (or, with `prefix`, its beginning), normalised as stored. */
      code: string;
      prefix: boolean;
    };

const aliasMaps = new WeakMap<Record<string, string>, Map<string, string>>();
function aliasMap(aliases: Record<string, string>): Map<string, string> {
  let m = aliasMaps.get(aliases);
  if (!m) {
    m = new Map();
    for (const [label, code] of Object.entries(aliases)) m.set(normaliseCode(label), code);
    aliasMaps.set(aliases, m);
  }
  return m;
}

function unknownField(term: TermNode, catalogue: FieldCatalogue): QuerySyntaxError {
  const custom = Object.keys(catalogue.fields)
    .filter((k) => !isTextField(k) && !isCodeField(k) && CUSTOM_KEY_RE.test(k))
    .sort();
  const valid = [...TEXT_FIELDS, ...CODE_FIELDS, ...custom].join(', ');
  const at = term.fieldSpan ?? term.span;
  return new QuerySyntaxError(
    'unknown_field',
    `Unknown field "${term.field}:" at ${charAt(at.start)}. Fields you can use: ${valid}. To search for words containing a colon, put them in quotes.`,
    at.start,
    at.end - at.start,
  );
}

function nothingToSearch(term: TermNode): QuerySyntaxError {
  return new QuerySyntaxError(
    'no_searchable_text',
    `"${term.value}" at ${charAt(term.span.start)} has no letters or digits to search for`,
    term.span.start,
    term.span.end - term.span.start,
  );
}

function tooShort(term: TermNode): QuerySyntaxError {
  return new QuerySyntaxError(
    'prefix_too_short',
    'A prefix search needs at least 2 characters before the *',
    term.span.start,
    term.span.end - term.span.start,
  );
}

/** Resolve one term against the catalogue: which field, which tokens or exact value. */
export function resolveTerm(term: TermNode, catalogue: FieldCatalogue): ResolvedTerm {
  const field = term.field;
  let kind: 'text' | 'code';
  let custom = false;
  if (field === null || isTextField(field)) kind = 'text';
  else if (isCodeField(field)) kind = 'code';
  else {
    const def = Object.hasOwn(catalogue.fields, field) ? catalogue.fields[field] : undefined;
    if (!def || !CUSTOM_KEY_RE.test(field)) throw unknownField(term, catalogue);
    kind = def.kind;
    custom = true;
  }

  if (kind === 'text') {
    const tokens = analyse(term.value);
    if (tokens.length === 0) throw nothingToSearch(term);
    if (term.prefix && Array.from(tokens[tokens.length - 1]!).length < 2) throw tooShort(term);
    return { kind, field, custom, tokens, prefix: term.prefix };
  }

  const f = field as string;
  if (term.prefix) {
    const code = normaliseCode(term.value);
    if (Array.from(code).length < 2) throw tooShort(term);
    return { kind, field: f, custom, code, prefix: true };
  }
  const aliases = Object.hasOwn(catalogue.fields, f) ? catalogue.fields[f]?.aliases : undefined;
  const typed = normaliseCode(term.value);
  const mapped = (aliases && aliasMap(aliases).get(typed)) ?? term.value;
  const code = f === 'skill' ? (normaliseSkill(mapped)?.key ?? '') : normaliseCode(mapped);
  if (!code) throw nothingToSearch(term);
  return { kind, field: f, custom, code, prefix: false };
}
