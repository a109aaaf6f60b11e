import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signIn, useBrowser } from './support.ts';

describe('imports', () => {
  const browser = useBrowser();
  const stamp = Date.now().toString(36);

  it('uploads a CSV, maps its columns with a preview, runs it, shows the counts and the error report', async () => {
    const page = await browser.open('/imports/new');
    await signIn(page);
    await page.getByRole('heading', { name: 'New import', level: 1 }).waitFor();

    const fileName = `leads-${stamp}.csv`;
    const csv = [
      'First Name,Last Name,E-mail,Job Title,Company,Favourite colour',
      `Katherine,Johnson${stamp},katherine.${stamp}@example.com,Mathematician,NASA,blue`,
      `Dorothy,Vaughan${stamp},dorothy.${stamp}@example.com,Supervisor,NASA,green`,
      `Mary,Jackson${stamp},mary.${stamp}@example.com,Engineer,NASA,red`,
      `Annie,Easley${stamp},not-an-email,Programmer,NASA,`,
    ].join('\n');
    await page.getByLabel('File', { exact: true }).setInputFiles({
      name: fileName,
      mimeType: 'text/csv',
      buffer: Buffer.from(`${csv}\n`),
    });
    // The browser's own preview, before anything is sent; the size is shown.
    await page.getByText(`${fileName}: ${csv.length + 1} B`).waitFor();
    const local = page.getByRole('table', { name: 'First rows of the file' });
    await local.getByRole('columnheader', { name: 'Favourite colour' }).waitFor();
    await local.getByRole('cell', { name: `Vaughan${stamp}` }).waitFor();
    expect(await page.getByLabel('Format').inputValue()).toBe('csv');
    await page.getByLabel('Source').selectOption('spreadsheet');
    await page.getByRole('button', { name: 'Upload and map columns' }).click();

    // ---- step 2: the server's suggested mapping, the preview of the first rows, save the mapping
    await page.getByRole('heading', { name: 'Map the columns' }).waitFor();
    expect(await page.getByLabel('Field for column First Name').inputValue()).toBe('firstName');
    expect(await page.getByLabel('Field for column E-mail').inputValue()).toBe('email');
    expect(await page.getByLabel('Field for column Favourite colour').inputValue()).toBe('ignore');
    await page.getByLabel('Field for column Job Title').selectOption('currentTitle');
    await page
      .getByRole('table', { name: 'First rows as the server read them' })
      .getByRole('cell', { name: `Johnson${stamp}` })
      .waitFor();
    await page.getByLabel('Save this mapping as (optional)').fill(`Leads sheet ${stamp}`);
    await page.getByRole('button', { name: 'Start import' }).click();

    // ---- step 3: live progress until the run completes, then the counts
    await page.getByRole('status').filter({ hasText: 'Completed' }).waitFor({ timeout: 45_000 });
    const counts = page.getByRole('definition');
    const count = async (label: string) =>
      (await page.locator('.counts > div', { hasText: label }).locator('dd').textContent())?.trim();
    expect(await counts.count()).toBe(7);
    expect(await count('Rows read')).toBe('4');
    expect(await count('Created')).toBe('3');
    expect(await count('Rejected')).toBe('1');
    expect(
      await page.getByRole('progressbar', { name: 'Import progress' }).getAttribute('aria-valuenow'),
    ).toBe('100');

    // ---- the error report names the row, the field and the reason
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /Download error report/ }).click();
    const file = await (await download).path();
    const report = readFileSync(file, 'utf8');
    expect(report.split('\n')[0]).toBe('row,field,reason');
    expect(report).toMatch(/^4,"emails\.0\.address",/m);

    // ---- the history lists the run; the saved mapping is offered for the next file
    await page.getByRole('link', { name: 'All imports' }).click();
    await page.getByRole('heading', { name: 'Imports', level: 1 }).waitFor();
    const row = page.getByRole('row').filter({ hasText: fileName });
    await row.getByText('Completed').waitFor();
    const mappings = await page.evaluate(async () => (await fetch('/api/v1/import-mappings')).json());
    expect((mappings as { items: { name: string }[] }).items.map((m) => m.name)).toContain(
      `Leads sheet ${stamp}`,
    );
    // The imported candidates are there, with the mapped title.
    const found = await page.evaluate(
      async (q) => (await fetch(`/api/v1/candidates?q=${encodeURIComponent(q)}`)).json(),
      `Johnson${stamp}`,
    );
    expect((found as { items: { currentTitle: string | null }[] }).items[0]?.currentTitle).toBe(
      'Mathematician',
    );
  });

  it('registers a vendor with its DPA, showing a bad region on its field', async () => {
    const page = await browser.open('/admin/vendors');
    await signIn(page);
    await page.getByRole('heading', { name: 'Vendors', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New vendor' }).click();
    const dialog = page.getByRole('dialog', { name: 'New vendor' });
    await dialog.getByLabel('Name').fill(`TalentData ${stamp}`);
    await dialog.getByLabel('DPA status').selectOption('signed');
    await dialog.getByLabel('Signed on').fill('2026-01-01');
    await dialog.getByLabel('Expires on').fill('2030-12-31');
    const regions = dialog.getByLabel('Regions covered');
    await regions.fill('EU, Europe');
    await dialog.getByRole('button', { name: 'Add vendor' }).click();
    await expect.poll(() => regions.getAttribute('aria-invalid')).toBe('true');
    await regions.fill('EU, US');
    await dialog.getByRole('button', { name: 'Add vendor' }).click();
    const row = page.getByRole('row').filter({ hasText: `TalentData ${stamp}` });
    await row.getByText('in force', { exact: true }).waitFor();
    await row.getByText('EU, US').waitFor();
  });
});
