import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signIn, useBrowser } from './support.ts';

function statusWithBearer(page: Page, secret: string) {
  return page.evaluate(
    async (token) =>
      (
        await fetch('/api/v1/users?limit=1', {
          credentials: 'omit',
          headers: { authorization: `Bearer ${token}` },
        })
      ).status,
    secret,
  );
}

describe('API tokens', () => {
  const browser = useBrowser();

  it('creates a token whose secret is shown once and works, then revokes it', async () => {
    const page = await browser.open('/admin/api-tokens');
    await signIn(page);
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    const name = `HRIS sync ${Date.now().toString(36)}`;

    await page.getByRole('button', { name: 'New token' }).click();
    const dialog = page.getByRole('dialog', { name: 'New API token' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Expires in (days)').fill('30');
    // No scope chosen: the server's field error shows next to the scopes.
    await dialog.getByRole('button', { name: 'Create token' }).click();
    await dialog.locator('.field-error').filter({ hasText: /scope/i }).waitFor();

    await dialog.getByRole('checkbox', { name: 'users:read', exact: true }).check();
    await dialog.getByRole('button', { name: 'Create token' }).click();

    const created = page.getByRole('dialog', { name: 'Token created' });
    await created.getByText('It will not be shown again').waitFor();
    const secret = await created.getByLabel(`Secret of ${name}`).inputValue();
    expect(secret.length).toBeGreaterThan(20);
    expect(await statusWithBearer(page, secret)).toBe(200);
    await created.getByRole('button', { name: 'I have saved the token' }).click();

    const row = page.getByRole('row').filter({ hasText: name });
    await row.getByText('active').waitFor();
    expect(await row.textContent()).toContain('users:read');
    // Once closed, the secret is nowhere on the page any more.
    expect(await page.content()).not.toContain(secret);
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);

    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    const confirm = page.getByRole('dialog', { name: `Revoke token ${name}?` });
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await row.getByText('revoked').waitFor();
    expect(await row.getByRole('button', { name: /Revoke/ }).count()).toBe(0);
    expect(await statusWithBearer(page, secret)).toBe(401);
  });
});
