import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify from 'fastify';

/**
 * The headers helmet sets for these options, computed once. @fastify/helmet builds helmet's middleware
 * again on every request (parsing the CSP directives each time); with options that do not vary per request
 * (no CSP nonces) the result is always the same, so the app sets these headers itself with one hook.
 * Helmet stays the source of truth: the headers are read from a probe server running the real plugin.
 */
export async function securityHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const probe = async (withHelmet: boolean) => {
    const app = Fastify({ logger: false });
    if (withHelmet) await app.register(fastifyHelmet, options);
    app.get('/', async () => 'probe');
    const res = await app.inject({ method: 'GET', url: '/' });
    await app.close();
    return res.headers;
  };
  const [plain, helmeted] = await Promise.all([probe(false), probe(true)]);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(helmeted)) {
    if (name in plain || value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  if (!out['content-security-policy']) throw new Error('helmet set no Content-Security-Policy on the probe');
  return out;
}
