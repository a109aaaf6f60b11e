import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';

const artifacts = resolve(fileURLToPath(new URL('.', import.meta.url)), 'artifacts');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  baseUrl: string;
  /** A fresh page in the file's browser profile, at `path` (cookies are cleared between tests). */
  open: (path?: string) => Promise<Page>;
}

/**
 * One Chromium per test file, with a fresh profile; a new page per test; a full-page screenshot into
 * test/browser/artifacts/ when a test fails.
 */
export function useBrowser(): Browser {
  const baseUrl = inject('baseUrl');
  let context: BrowserContext;
  let profile: string;
  let current: Page | null = null;

  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'prospector-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      headless: true,
      baseURL: baseUrl,
      viewport: { width: 1280, height: 860 },
    });
    context.setDefaultTimeout(15_000);
  });

  afterEach(async (ctx) => {
    if (current && ctx.task.result?.state === 'fail') {
      mkdirSync(artifacts, { recursive: true });
      const name = `${ctx.task.file.name.replace(/\W+/g, '_')}--${ctx.task.name.replace(/\W+/g, '_')}.png`;
      await current.screenshot({ path: join(artifacts, name), fullPage: true }).catch(() => undefined);
    }
    await current?.close();
    current = null;
    await context.clearCookies();
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  return {
    baseUrl,
    open: async (path = '/') => {
      current = await context.newPage();
      await current.goto(path);
      return current;
    },
  };
}

/** Sign in through the form; the caller lands on `path` (or home). */
export async function signIn(page: Page, email = inject('adminEmail'), password = inject('adminPassword')) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}
