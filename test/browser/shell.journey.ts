import { describe, expect, it } from 'vitest';
import { signIn, useBrowser } from './support.ts';

describe('sign-in and the app shell', () => {
  const browser = useBrowser();

  it('sends a signed-out visitor to sign-in, shows a bad password, then returns to the page asked for', async () => {
    const page = await browser.open('/admin/audit');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const url = new URL(page.url());
    expect(url.pathname).toBe('/sign-in');
    expect(url.searchParams.get('redirect')).toBe('/admin/audit');

    await page.getByLabel('Email').fill('admin@example.com');
    await page.getByLabel('Password', { exact: true }).fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect((await alert.textContent())?.trim().length).toBeGreaterThan(5);
    expect(new URL(page.url()).pathname).toBe('/sign-in');

    await signIn(page);
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/audit');
  });

  it('shows the workspace, every product area, the admin pages, and signs out', async () => {
    const page = await browser.open('/');
    await signIn(page);
    const session = (await page.evaluate(async () => (await fetch('/api/v1/auth/session')).json())) as {
      workspace: { name: string };
    };
    await page.getByRole('banner').getByText(session.workspace.name).waitFor();

    const nav = page.getByRole('navigation', { name: 'Main' });
    const links = (await nav.getByRole('link').allTextContents()).map((s) => s.trim());
    expect(links).toEqual([
      'Home',
      'Candidates',
      'Pools',
      'Segments',
      'Requisitions',
      'Imports',
      'Duplicates',
      'Sequences',
      'Templates',
      'Enrollments',
      'Dev mailbox',
      'Work items',
      'Analytics',
      'Users',
      'Roles',
      'API tokens',
      'Audit log',
      'Custom fields',
      'Statuses',
      'Candidate settings',
      'Duplicate rules',
      'Sources',
      'Vendors',
      'Holidays',
      'Outreach settings',
    ]);

    await nav.getByRole('link', { name: 'Requisitions' }).click();
    await page.getByRole('heading', { name: 'Requisitions', level: 1 }).waitFor();
    await page.getByText('This area is not built yet').waitFor();
    expect(await nav.getByRole('link', { name: 'Requisitions' }).getAttribute('aria-current')).toBe('page');

    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const after = await page.evaluate(async () => (await fetch('/api/v1/auth/session')).status);
    expect(after).toBe(401);

    await page.goto('/admin/users');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });
});
