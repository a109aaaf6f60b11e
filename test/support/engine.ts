import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const tmpRoot = path.join(repoRoot, '.tmp');

/** Which engine the integration suite runs on: PGlite (default) or PostgreSQL (TEST_ENGINE=postgres). */
export function testEngine(): 'pglite' | 'postgres' {
  return process.env.TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';
}

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url)
    throw new Error('TEST_ENGINE=postgres needs TEST_DATABASE_URL (a server where we may create databases)');
  return url;
}

export const TEMPLATE_DB = 'prospector_test_template';
export const pgliteTemplateFile = () => path.join(tmpRoot, `pglite-template-${process.pid}.tar`);

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
