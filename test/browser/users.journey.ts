import { describe, expect, it } from 'vitest';
import { signIn, useBrowser } from './support.ts';

describe('users admin', () => {
  const browser = useBrowser();
  const stamp = Date.now().toString(36);

  it('refuses a bad email next to its field, then creates the user, who signs in with a narrower menu', async () => {
    const page = await browser.open('/admin/users');
    await signIn(page);
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Email').fill('sam.sourcer-at-example.com');
    await dialog.getByLabel('Name').fill('Sam Sourcer');
    await dialog.getByRole('checkbox', { name: 'Sourcer', exact: true }).check();
    await dialog.getByLabel('Password (optional)').fill('sam-sourcer-password-123');
    await dialog.getByRole('button', { name: 'Create user' }).click();

    const email = dialog.getByLabel('Email');
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await email.getAttribute('aria-describedby'))
      ?.split(' ')
      .find((id) => id.endsWith('-error'));
    expect(errorId).toBeTruthy();
    const fieldError = await page.locator(`[id="${errorId}"]`).textContent();
    expect(fieldError).toMatch(/email/i);

    const address = `sam.${stamp}@example.com`;
    await email.fill(address);
    await dialog.getByRole('button', { name: 'Create user' }).click();
    const done = page.getByRole('dialog', { name: 'User created' });
    await done.getByText(`Sam Sourcer (${address}) can now sign in.`).waitFor();
    // A chosen password is never echoed back.
    expect(await done.getByLabel('Initial password').count()).toBe(0);
    await done.getByRole('button', { name: 'Done' }).click();

    const row = page.getByRole('row').filter({ hasText: address });
    await row.waitFor();
    expect(await row.textContent()).toContain('Sourcer');

    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signIn(page, address, 'sam-sourcer-password-123');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'API tokens' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
  });

  it('generates a password shown once, finds the user by search, and disables them', async () => {
    const page = await browser.open('/admin/users');
    await signIn(page);
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    const address = `gen.${stamp}@example.com`;
    await dialog.getByLabel('Email').fill(address);
    await dialog.getByLabel('Name').fill(`Gene ${stamp}`);
    await dialog.getByRole('checkbox', { name: 'Recruiter', exact: true }).check();
    await dialog.getByRole('button', { name: 'Create user' }).click();

    const done = page.getByRole('dialog', { name: 'User created' });
    await done.getByText('shown only once').waitFor();
    const generated = await done.getByLabel('Initial password').inputValue();
    expect(generated.length).toBeGreaterThanOrEqual(12);
    await done.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('searchbox', { name: 'Search users' }).fill(`gen.${stamp}`);
    // Settled on the search's answer: exactly one row, and it is the user (not the "Loading…" row).
    await expect
      .poll(() => page.locator('tbody tr').allTextContents())
      .toEqual([expect.stringContaining(address)]);
    const row = page.getByRole('row').filter({ hasText: address });
    expect(await row.getByText('active').count()).toBe(1);

    await row.getByRole('button', { name: `Edit Gene ${stamp}` }).click();
    const edit = page.getByRole('dialog', { name: `Edit Gene ${stamp}` });
    await edit.getByRole('checkbox', { name: 'Disabled', exact: true }).check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await row.getByText('disabled').waitFor();

    // The server agrees: the disabled user cannot sign in with the generated password.
    const status = await page.evaluate(
      async ([email, password]) =>
        (
          await fetch('/api/v1/auth/sign-in', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email, password }),
          })
        ).status,
      [address, generated] as const,
    );
    expect(status).toBe(401);
  });
});
