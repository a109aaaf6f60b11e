import { Liquid, type Template } from 'liquidjs';
import type { FieldError } from '../../platform/errors.ts';

/**
 * User-authored templates (liquidjs), bounded: strict filters, strict variables, finite parse/render/memory
 * limits (they default to Infinity: a nested loop exhausts memory), no file access (include, render and
 * layout are refused, the template store is empty), own properties only. HTML output is escaped.
 */
export const TEMPLATE_KINDS = ['email', 'sms', 'call_task', 'linkedin_task'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** Size caps per part, in characters. */
export const MAX_CHARS = { subject: 500, html: 100_000, body: 20_000 } as const;
/** Per render: wall time (ms) and allocated string/array size (liquidjs units, roughly characters). */
export const RENDER_LIMIT_MS = 200;
export const MEMORY_LIMIT = 2_000_000;

export const CANDIDATE_FIELDS = [
  'first_name',
  'last_name',
  'full_name',
  'current_title',
  'current_company',
  'location',
  'city',
  'region',
  'country',
] as const;
export const SENDER_FIELDS = ['name', 'email', 'title'] as const;
const FORBIDDEN_TAGS = ['include', 'render', 'layout', 'block'];

function engine(escapeOutput: boolean): Liquid {
  const l = new Liquid({
    strictFilters: true,
    strictVariables: true,
    ownPropertyOnly: true,
    parseLimit: MAX_CHARS.html,
    renderLimit: RENDER_LIMIT_MS,
    memoryLimit: MEMORY_LIMIT,
    templates: {},
    cache: false,
    ...(escapeOutput ? { outputEscape: 'escape' as const } : {}),
  });
  for (const tag of FORBIDDEN_TAGS)
    l.registerTag(tag, {
      parse() {
        throw new Error(`the ${tag} tag is not allowed in templates`);
      },
      render() {
        return '';
      },
    });
  return l;
}
const plain = engine(false);
const html = engine(true);

/** What a template may refer to: custom field keys the author may read, and those hidden from them. */
export interface FieldCatalogue {
  readable: ReadonlySet<string>;
  hidden: ReadonlySet<string>;
}

export interface TemplatePart {
  /** The request field it came from (`subject`, `html`, `body`). */
  field: 'subject' | 'html' | 'body';
  text: string;
}

interface LiquidLikeError extends Error {
  token?: { begin: number; end: number };
}

function offsetOf(text: string, row: number, col: number): number {
  let pos = 0;
  for (let r = 1; r < row; r++) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) break;
    pos = nl + 1;
  }
  return pos + col - 1;
}

/** Strip liquidjs' ", line:1, col:4" suffix: the position travels separately. */
const cleanMessage = (m: string) => m.replace(/, line:\d+, col:\d+.*$/s, '').split('\n')[0]!;

function parsePart(part: TemplatePart, errors: FieldError[]): Template[] | null {
  try {
    return (part.field === 'html' ? html : plain).parse(part.text);
  } catch (e) {
    const err = e as LiquidLikeError;
    const tok = err.token;
    errors.push({
      field: part.field,
      message: cleanMessage(err.message),
      ...(tok ? { position: tok.begin, length: tok.end - tok.begin } : {}),
    });
    return null;
  }
}

/** Check one variable reference against the catalogue; null when fine, else the problem. */
function checkVariable(segments: readonly unknown[], cat: FieldCatalogue): string | null {
  const [root, sub] = segments;
  if (typeof root !== 'string') return 'unknown field';
  if ((CANDIDATE_FIELDS as readonly string[]).includes(root))
    return segments.length === 1 ? null : `${root} has no fields`;
  if (root === 'sender') {
    if (
      typeof sub === 'string' &&
      (SENDER_FIELDS as readonly string[]).includes(sub) &&
      segments.length === 2
    )
      return null;
    return `unknown sender field (known: ${SENDER_FIELDS.map((f) => `sender.${f}`).join(', ')})`;
  }
  if (root === 'custom') {
    if (typeof sub !== 'string') return 'name a custom field by its key, e.g. custom.years_in_role';
    if (cat.hidden.has(sub)) return `custom.${sub} is in a field group you may not read`;
    if (!cat.readable.has(sub)) return `unknown custom field ${sub}`;
    return segments.length === 2 ? null : `custom.${sub} has no fields`;
  }
  if (root === 'requisition') return 'requisition fields are reserved until requisitions exist';
  return `unknown field ${root}`;
}

export interface Validation {
  errors: FieldError[];
  /** Every field the template refers to (`first_name`, `sender.title`, `custom.salary`). */
  fields: string[];
}

/**
 * Validate a template as it is saved: size caps, syntax (with the position), unknown filters and fields
 * (each with its position), then one dry render against sample values so a template that breaks the
 * render or memory limit fails now, not at send time.
 */
export function validateTemplate(parts: readonly TemplatePart[], cat: FieldCatalogue): Validation {
  const errors: FieldError[] = [];
  const fields = new Set<string>();
  for (const part of parts) {
    const max = MAX_CHARS[part.field];
    if (part.text.length > max) {
      errors.push({ field: part.field, message: `must be at most ${max} characters` });
      continue;
    }
    const parsed = parsePart(part, errors);
    if (!parsed) continue;
    const analysis = plain.analyzeSync(parsed, { partials: false });
    let bad = false;
    for (const refs of Object.values(analysis.globals))
      for (const v of refs) {
        const problem = checkVariable(v.segments, cat);
        const name = v.toString();
        if (problem) {
          bad = true;
          errors.push({
            field: part.field,
            message: problem,
            position: offsetOf(part.text, v.location.row, v.location.col),
            length: name.length,
          });
        } else fields.add(name);
      }
    if (bad) continue;
    try {
      renderParsed(part.field, parsed, sampleContext(cat));
    } catch (e) {
      errors.push({ field: part.field, message: renderProblem(e) });
    }
  }
  return { errors, fields: [...fields].sort() };
}

function renderParsed(field: TemplatePart['field'], t: Template[], context: RenderContext): string {
  return (field === 'html' ? html : plain).renderSync(t, context, {
    strictVariables: true,
    renderLimit: RENDER_LIMIT_MS,
    memoryLimit: MEMORY_LIMIT,
  }) as string;
}

function renderProblem(e: unknown): string {
  const m = cleanMessage((e as Error).message ?? String(e));
  return `cannot be rendered: ${m}`;
}

export interface RenderContext {
  [k: string]: unknown;
  sender: { name: string | null; email: string | null; title: string | null };
  custom: Record<string, unknown>;
}

function sampleContext(cat: FieldCatalogue): RenderContext {
  const ctx: RenderContext = {
    sender: { name: 'Sam Sender', email: 'sam@example.com', title: 'Sourcer' },
    custom: {},
  };
  for (const f of CANDIDATE_FIELDS) ctx[f] = 'Sample';
  for (const k of cat.readable) ctx.custom[k] = 'Sample';
  return ctx;
}

export class TemplateRenderError extends Error {
  constructor(
    readonly field: TemplatePart['field'],
    message: string,
  ) {
    super(message);
  }
}

/** Render the parts of a stored (already validated) template for one candidate and sender. */
export function renderTemplate(
  parts: readonly TemplatePart[],
  context: RenderContext,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of parts) {
    try {
      const parsed = (part.field === 'html' ? html : plain).parse(part.text);
      out[part.field] = renderParsed(part.field, parsed, context);
    } catch (e) {
      throw new TemplateRenderError(part.field, renderProblem(e));
    }
  }
  return out;
}
