import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * Response serialisation compiled from the route's zod response schema, once per route and status.
 *
 * The zod type provider's serialiser parses every response with zod (a new object tree, and every string
 * check run again: uuid and datetime regexes...) and then runs JSON.stringify on the copy. This one walks
 * the schema once at start-up and builds a projection for it: a plain copy holding only the properties the
 * schema declares, in its order, checked on the way for what is cheap to check (presence of required
 * properties, primitive types, enum and literal values, arrays, integers), which the native JSON.stringify
 * then writes: the same bytes as before. It does not re-check string formats or lengths (the service built
 * those values; inputs are validated on the way in). A schema using something without a projection here
 * (unions, transforms, defaults, pipes, lazy, ...) keeps the zod serialiser, so behaviour never depends on
 * what this file supports.
 */

type Project = (v: unknown) => unknown;

/** A response that does not have the shape its schema declares: a bug in the route, answered with a 500. */
export class ResponseShapeError extends Error {
  private readonly path: string[] = [];
  constructor(
    private readonly expected: string,
    private readonly got: string,
  ) {
    super();
    this.describe();
  }
  /** Called by the enclosing object or array writer on the way out, innermost first. */
  at(segment: string | number): this {
    this.path.unshift(String(segment));
    this.describe();
    return this;
  }
  private describe() {
    this.message = `response does not match its schema at ${this.path.join('.') || '(root)'}: expected ${this.expected}, got ${this.got}`;
  }
}

const fail = (expected: string, value: unknown) =>
  new ResponseShapeError(expected, value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

class Unsupported extends Error {}

const same: Project = (v) => v;
const str: Project = (v) => {
  if (typeof v !== 'string') throw fail('a string', v);
  return v;
};

/** The projection for one schema node; throws Unsupported for what it does not know. */
function projection(schema: z.core.$ZodType): Project {
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  switch (def.type) {
    case 'string':
      return str;
    case 'number': {
      const int = (schema as z.ZodNumber).format === 'safeint' || (schema as z.ZodNumber).isInt;
      return (v) => {
        if (typeof v !== 'number' || !Number.isFinite(v) || (int && !Number.isInteger(v))) {
          throw fail(int ? 'an integer' : 'a finite number', v);
        }
        return v;
      };
    }
    case 'boolean':
      return (v) => {
        if (typeof v !== 'boolean') throw fail('a boolean', v);
        return v;
      };
    case 'null':
      return (v) => {
        if (v !== null) throw fail('null', v);
        return v;
      };
    case 'enum':
    case 'literal': {
      const list =
        def.type === 'enum'
          ? Object.values(def.entries as Record<string, unknown>)
          : (def.values as unknown[]);
      const known = new Set(list);
      return (v) => {
        if (!known.has(v)) throw fail(`one of ${list.join(', ')}`, v);
        return v;
      };
    }
    case 'nullable': {
      const inner = projection(def.innerType as z.core.$ZodType);
      return (v) => (v === null ? null : inner(v));
    }
    case 'readonly':
      return projection(def.innerType as z.core.$ZodType);
    case 'unknown':
    case 'any':
      // Written as JSON.stringify writes it (an undefined property is left out).
      return same;
    case 'array': {
      const item = projection(def.element as z.core.$ZodType);
      return (v) => {
        if (!Array.isArray(v)) throw fail('an array', v);
        const out = new Array(v.length);
        let i = 0;
        try {
          for (; i < v.length; i++) out[i] = item(v[i]);
        } catch (err) {
          throw err instanceof ResponseShapeError ? err.at(i) : err;
        }
        return out;
      };
    }
    case 'record': {
      const key = def.keyType as z.core.$ZodType;
      if (key._zod.def.type !== 'string') throw new Unsupported('record key');
      const value = projection(def.valueType as z.core.$ZodType);
      const mayBeAbsent = isUnknown(def.valueType as z.core.$ZodType);
      return (v) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) throw fail('an object', v);
        const out: Record<string, unknown> = {};
        let k = '';
        try {
          for (const [name, x] of Object.entries(v)) {
            k = name;
            if (x === undefined && mayBeAbsent) continue;
            out[name] = value(x);
          }
        } catch (err) {
          throw err instanceof ResponseShapeError ? err.at(k) : err;
        }
        return out;
      };
    }
    case 'object': {
      // strict (catchall never) or loose (catchall unknown) output: keep zod's own behaviour.
      if (def.catchall) throw new Unsupported('object catchall');
      const shape = def.shape as Record<string, z.core.$ZodType>;
      const props = Object.entries(shape).map(([name, s]) => {
        const optional = s._zod.def.type === 'optional';
        const inner = optional ? (s._zod.def as unknown as { innerType: z.core.$ZodType }).innerType : s;
        return {
          name,
          // Left out when undefined: optional properties, and unknown/any ones (as JSON.stringify does).
          mayBeAbsent: optional || isUnknown(s),
          project: projection(inner),
        };
      });
      return (v) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) throw fail('an object', v);
        const o = v as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        let name = '';
        try {
          for (const p of props) {
            name = p.name;
            const x = o[name];
            if (x === undefined) {
              if (p.mayBeAbsent) continue;
              throw fail('a value', x);
            }
            out[name] = p.project(x);
          }
        } catch (err) {
          throw err instanceof ResponseShapeError ? err.at(name) : err;
        }
        return out;
      };
    }
    default:
      throw new Unsupported(def.type);
  }
}

function isUnknown(s: z.core.$ZodType): boolean {
  const t = s._zod.def.type;
  return t === 'unknown' || t === 'any';
}

/** The zod schema of a route's response (the type provider also accepts `{ properties: zod }`). */
function zodOf(schema: unknown): z.core.$ZodType | undefined {
  if (schema instanceof z.core.$ZodType) return schema;
  const props = (schema as { properties?: unknown } | null)?.properties;
  return props instanceof z.core.$ZodType ? props : undefined;
}

/** Fastify serializer compiler: a compiled projection where the schema allows, zod's serialiser otherwise. */
export const serializerCompiler: FastifySerializerCompiler<unknown> = (route) => {
  const schema = zodOf(route.schema);
  if (schema) {
    try {
      const project = projection(schema);
      return (data) => JSON.stringify(project(data));
    } catch (err) {
      if (!(err instanceof Unsupported)) throw err;
    }
  }
  return zodSerializerCompiler(route as Parameters<typeof zodSerializerCompiler>[0]);
};

/** For tests: whether a schema gets a compiled projection. */
export function hasCompiledWriter(schema: z.core.$ZodType): boolean {
  try {
    projection(schema);
    return true;
  } catch (err) {
    if (err instanceof Unsupported) return false;
    throw err;
  }
}
