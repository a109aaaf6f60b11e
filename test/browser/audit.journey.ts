import { describe, expect, it } from 'vitest';
import { signIn, useBrowser } from './support.ts';

describe('roles and the audit log', () => {
  const browser = useBrowser();

  it('records a custom role being created and changed, shows the diff, and verifies the chain', async () => {
    const page = await browser.open('/admin/roles');
    await signIn(page);
    const key = `agency_${Date.now().toString(36)}`;

    await page.getByRole('button', { name: 'New role' }).click();
    const create = page.getByRole('dialog', { name: 'New role' });
    await create.getByLabel('Key').fill(key);
    await create.getByLabel('Name').fill('Agency sourcer');
    await create.getByLabel('Description').fill('External agency staff');
    await create.getByRole('checkbox', { name: 'users:read', exact: true }).check();
    await create.getByRole('button', { name: 'Create role' }).click();
    const row = page.getByRole('row').filter({ hasText: key });
    await row.getByText('Custom').waitFor();

    await row.getByRole('button', { name: 'Edit Agency sourcer' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Agency sourcer' });
    await edit.getByRole('checkbox', { name: 'roles:read', exact: true }).check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await row.locator('td').nth(2).textContent())?.trim()).toBe('2');

    // Built-in roles open read-only.
    await page.getByRole('button', { name: 'View Admin' }).click();
    const builtin = page.getByRole('dialog', { name: 'Role Admin' });
    expect(await builtin.getByLabel('Name').isDisabled()).toBe(true);
    await builtin.getByRole('button', { name: 'Close', exact: true }).click();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    await page.getByRole('row').filter({ hasText: 'role.updated' }).first().waitFor();

    await page.getByLabel('Action').fill('role.');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(async () => (await page.locator('tbody tr td:nth-child(3)').allTextContents()).sort())
      .toEqual(['role.created', 'role.updated']);

    const updated = page.getByRole('row').filter({ hasText: 'role.updated' });
    await updated.getByRole('button', { name: /Details of entry/ }).click();
    const diffRow = page.locator('tr.row-details');
    const permissions = diffRow.locator('tr.diff-changed').filter({ hasText: 'permissions' });
    await permissions.waitFor();
    expect(await permissions.locator('td').nth(0).textContent()).not.toContain('roles:read');
    expect(await permissions.locator('td').nth(1).textContent()).toContain('roles:read');

    await page.getByRole('button', { name: 'Verify chain' }).click();
    const result = page.getByText(/Chain intact: \d+ entries checked/);
    await result.waitFor();
    const checked = Number((await result.textContent())?.match(/(\d+) entries/)?.[1]);
    expect(checked).toBeGreaterThanOrEqual(3);
  });
});
