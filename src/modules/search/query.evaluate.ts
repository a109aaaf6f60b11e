/**
 * A brute-force evaluator of the query semantics, straight on the document input (each value tokenised, the
 * phrase looked for inside one value). It shares term resolution with the compiler but NOT the lexeme
 * encoding: it is the oracle the tsvector/tsquery pair is tested against.
 */
import type { QueryNode } from './query.ast.ts';
import { type FieldCatalogue, type ResolvedTerm, resolveTerm } from './query.fields.ts';
import type { SearchDocumentInput } from './search.document.ts';
import { analyse, normaliseCode, normaliseSkill } from './text.analysis.ts';

const present = (v: string | null): v is string => Boolean(v);

function skillsOf(input: SearchDocumentInput) {
  return input.skills.map((k) => normaliseSkill(k)).filter((s) => s !== null);
}

/** The values of a text field, each searched on its own. */
function textValues(input: SearchDocumentInput, field: string | null, custom: boolean): string[] {
  if (custom) {
    const f = field === null ? undefined : input.custom[field];
    return f?.kind === 'text' ? f.values : [];
  }
  switch (field) {
    case null:
      return [
        ...input.names,
        ...[input.headline, input.summary].filter(present),
        ...input.currentTitles,
        ...input.pastTitles,
        ...input.currentCompanies,
        ...input.pastCompanies,
        ...input.schools,
        ...input.locations,
        ...skillsOf(input).flatMap((s) => [s.key, s.label]),
        ...input.tags.map(normaliseCode),
      ];
    case 'name':
      return input.names;
    case 'title':
      return [...input.currentTitles, ...input.pastTitles];
    case 'company':
      return [...input.currentCompanies, ...input.pastCompanies];
    case 'school':
      return input.schools;
    case 'location':
      return input.locations;
    default:
      return [];
  }
}

/** The exact values of a code field, normalised as stored. */
function codeValues(input: SearchDocumentInput, field: string, custom: boolean): string[] {
  if (custom) {
    const f = input.custom[field];
    return f?.kind === 'code' ? f.values.map(normaliseCode) : [];
  }
  switch (field) {
    case 'skill':
      return skillsOf(input).map((s) => s.key);
    case 'tag':
      return input.tags.map(normaliseCode);
    case 'source':
      return input.sources.map(normaliseCode);
    case 'status':
      return [normaliseCode(input.status)];
    default:
      return [];
  }
}

/** Whether `want` occurs as consecutive tokens of `have` (the last one as a prefix when asked). */
function containsRun(have: string[], want: string[], prefix: boolean): boolean {
  const last = want.length - 1;
  for (let i = 0; i + last < have.length; i++) {
    let ok = true;
    for (let j = 0; j <= last && ok; j++) {
      const h = have[i + j]!;
      ok = prefix && j === last ? h.startsWith(want[j]!) : h === want[j];
    }
    if (ok) return true;
  }
  return false;
}

function matches(r: ResolvedTerm, input: SearchDocumentInput): boolean {
  if (r.kind === 'text')
    return textValues(input, r.field, r.custom).some((v) => containsRun(analyse(v), r.tokens, r.prefix));
  return codeValues(input, r.field, r.custom).some(
    (c) => c !== '' && (r.prefix ? c.startsWith(r.code) : c === r.code),
  );
}

/**
 * Whether a candidate's document input satisfies a query (null = no condition). Every term is resolved first,
 * so a query is refused with the same QuerySyntaxError as compileQuery whatever the document holds.
 */
export function evaluateQuery(
  ast: QueryNode | null,
  input: SearchDocumentInput,
  catalogue: FieldCatalogue,
): boolean {
  if (ast === null) return true;
  const resolved = new Map<QueryNode, ResolvedTerm>();
  const resolveAll = (n: QueryNode): void => {
    if (n.kind === 'term') resolved.set(n, resolveTerm(n, catalogue));
    else if (n.kind === 'not') resolveAll(n.child);
    else n.children.forEach(resolveAll);
  };
  resolveAll(ast);
  const evaluate = (n: QueryNode): boolean => {
    switch (n.kind) {
      case 'term':
        return matches(resolved.get(n)!, input);
      case 'not':
        return !evaluate(n.child);
      case 'and':
        return n.children.every(evaluate);
      case 'or':
        return n.children.some(evaluate);
    }
  };
  return evaluate(ast);
}
