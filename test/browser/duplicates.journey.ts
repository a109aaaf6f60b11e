import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signIn, useBrowser } from './support.ts';

/** Create a candidate through the API with the page's session. */
async function createCandidate(page: Page, body: Record<string, unknown>): Promise<{ id: string }> {
  return page.evaluate(async (b) => {
    const session = (await (await fetch('/api/v1/auth/session')).json()) as { csrfToken: string };
    const res = await fetch('/api/v1/candidates', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
      body: JSON.stringify(b),
    });
    if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string };
  }, body);
}

describe('duplicates', () => {
  const browser = useBrowser();
  const stamp = Date.now()
    .toString(36)
    .replace(/\d/g, (d) => 'abcdefghij'[Number(d)] ?? 'x');

  it('reviews a pair with its evidence, merges it with a per-field choice, then undoes it from the timeline', async () => {
    const page = await browser.open('/duplicates');
    await signIn(page);
    await page.getByRole('heading', { name: 'Duplicates', level: 1 }).waitFor();

    const last = `Hamilton${stamp}`;
    const robert = await createCandidate(page, {
      firstName: 'Robert',
      lastName: last,
      headline: 'Flight software lead',
      location: { city: 'Boston', region: null, country: 'US' },
      emails: [{ address: `robert.${stamp}@example.com`, primary: true }],
    });
    const bob = await createCandidate(page, {
      firstName: 'Bob',
      lastName: last,
      headline: 'Apollo guidance software engineer',
      location: { city: 'Boston', region: null, country: 'US' },
      emails: [{ address: `bob.${stamp}@example.org`, primary: true }],
    });

    // ---- the queue shows the pair; its evidence names the nickname agreement and the score
    await page.reload();
    const pairButton = page
      .getByRole('navigation', { name: 'Pairs' })
      .getByRole('button', { name: new RegExp(last) });
    await pairButton.click();
    const pair = page.getByRole('region', { name: new RegExp(`^Pair: .*${last}`) });
    const evidence = pair.getByRole('table', { name: 'Evidence per field' });
    const firstNameRow = evidence
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: /First name/ }) });
    await firstNameRow.getByText('nickname').waitFor();
    await pair.getByText(/^Score \d+\.\d/).waitFor();
    await pair
      .getByRole('region', { name: `Record A: ${'Robert'} ${last}` })
      .or(pair.getByRole('region', { name: `Record B: Robert ${last}` }))
      .waitFor();

    // ---- merge: Robert survives, Bob's headline wins
    await pair.getByRole('button', { name: 'Merge…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge these records' });
    await dialog.getByRole('radio', { name: new RegExp(`^Robert ${last}`) }).check();
    await dialog
      .getByRole('group', { name: 'Headline' })
      .getByRole('radio', { name: 'Apollo guidance software engineer' })
      .check();
    expect(
      await dialog
        .getByRole('group', { name: 'First name' })
        .getByRole('radio', { name: 'Robert' })
        .isChecked(),
    ).toBe(true);
    await dialog.getByRole('button', { name: `Merge into Robert ${last}` }).click();
    const done = page.getByRole('dialog', { name: 'Merged' });
    await done
      .getByRole('status')
      .filter({ hasText: `Bob ${last} was merged into Robert ${last}` })
      .waitFor();
    await done.getByRole('link', { name: `Open Robert ${last}` }).click();

    // ---- the survivor has the chosen headline; the timeline's merge row offers undo
    await page.getByRole('heading', { name: `Robert ${last}`, level: 1 }).waitFor();
    await page.getByText('Apollo guidance software engineer').first().waitFor();
    expect(new URL(page.url()).pathname).toBe(`/candidates/${robert.id}`);
    // The merged-away record points to the survivor.
    await page.goto(`/candidates/${bob.id}`);
    await page.getByRole('status').filter({ hasText: 'This record was merged into' }).waitFor();
    await page.getByRole('link', { name: 'another candidate' }).click();
    await page.getByRole('heading', { name: `Robert ${last}`, level: 1 }).waitFor();
    const timeline = page.getByRole('list', { name: 'Activities, newest first' });
    const mergeRow = timeline.getByRole('listitem').filter({ hasText: `Merged with Bob ${last}` });
    await mergeRow.getByRole('button', { name: 'Undo merge' }).click();
    const confirm = page.getByRole('dialog', { name: 'Undo this merge?' });
    await confirm.getByRole('button', { name: 'Undo merge' }).click();
    await mergeRow.getByText('undone').waitFor();
    await page.getByRole('heading', { name: `Robert ${last}`, level: 1 }).waitFor();
    await page.getByText('Flight software lead').first().waitFor();

    // ---- both records are back, and the pair is waiting in the queue again
    const after = await page.evaluate(async (id) => {
      const r = await fetch(`/api/v1/candidates/${id}`);
      return { status: r.status, body: (await r.json()) as { archivedAt: string | null; firstName: string } };
    }, bob.id);
    expect(after.status).toBe(200);
    expect(after.body.archivedAt).toBeNull();
    expect(after.body.firstName).toBe('Bob');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Duplicates' }).click();
    await page
      .getByRole('navigation', { name: 'Pairs' })
      .getByRole('button', { name: new RegExp(last) })
      .click();

    // ---- merged again, and undone straight from the merge result
    await page
      .getByRole('region', { name: new RegExp(`^Pair: .*${last}`) })
      .getByRole('button', { name: 'Merge…' })
      .click();
    await page
      .getByRole('dialog', { name: 'Merge these records' })
      .getByRole('button', { name: /^Merge into/ })
      .click();
    await page.getByRole('dialog', { name: 'Merged' }).getByRole('button', { name: 'Undo merge' }).click();
    await page
      .getByRole('dialog', { name: 'Merge undone' })
      .getByRole('button', { name: 'Back to the queue' })
      .click();
    await page
      .getByRole('navigation', { name: 'Pairs' })
      .getByRole('button', { name: new RegExp(last) })
      .waitFor();
    const again = await page.evaluate(
      async (id) => (await (await fetch(`/api/v1/candidates/${id}`)).json()) as { archivedAt: string | null },
      bob.id,
    );
    expect(again.archivedAt).toBeNull();
  });

  it('shows the rules with their validation errors on the fields', async () => {
    const page = await browser.open('/admin/duplicate-rules');
    await signIn(page);
    await page.getByRole('heading', { name: 'Duplicate rules', level: 1 }).waitFor();
    // A value the schema refuses, then a pair of thresholds the rules refuse: each shown on its field.
    const m = page.getByLabel('Comparison 1: m');
    const original = await m.inputValue();
    await m.fill('1.5');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await expect.poll(() => m.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('alert').filter({ hasText: 'Please correct the highlighted fields.' }).waitFor();
    await m.fill(original);
    const review = page.getByLabel('Review at or above');
    await review.fill('60');
    await page.getByLabel('Merge at or above').fill('40');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await expect.poll(() => review.getAttribute('aria-invalid')).toBe('true');
    expect(await m.getAttribute('aria-invalid')).toBeNull();
    // Nothing was saved.
    const rules = (await page.evaluate(async () => (await fetch('/api/v1/duplicates/rules')).json())) as {
      thresholds: { review: number };
    };
    expect(rules.thresholds.review).not.toBe(60);

    // Corrected, with a nickname group of our own: saved as a new version.
    await review.fill('12');
    await page.getByLabel('Merge at or above').fill('22');
    await page.getByLabel('Nicknames').fill('zed, zedekiah');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await page.getByRole('status').filter({ hasText: 'Rules saved.' }).waitFor();
    const saved = (await page.evaluate(async () => (await fetch('/api/v1/duplicates/rules')).json())) as {
      nicknames: string[][];
      version: number;
    };
    expect(saved.nicknames).toEqual([['zed', 'zedekiah']]);
    expect(saved.version).toBeGreaterThan(0);
  });
});
