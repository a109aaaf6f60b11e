import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signIn, useBrowser } from './support.ts';

interface ProblemBody {
  code: string;
  errors?: { field: string; message: string; position?: number; length?: number }[];
}

/** Submit a query in the search box and wait for the API's answer to exactly that query. */
async function search(page: Page, q: string) {
  const answer = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/v1/candidates' && new URL(r.url()).searchParams.get('q') === q,
  );
  await page.getByLabel('Search query').fill(q);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  return answer;
}

describe('candidates', () => {
  const browser = useBrowser();
  const stamp = Date.now().toString(36);
  const last = `Lovelace${stamp}`;
  const name = `Ada ${last}`;

  it('creates a candidate, finds it with a Boolean query, edits it and sees the change on the timeline', async () => {
    const page = await browser.open('/candidates/new');
    await signIn(page);
    await page.getByRole('heading', { name: 'New candidate', level: 1 }).waitFor();

    // ---- create, first with an email the server refuses
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill(last);
    await page.getByLabel('Headline').fill('Analytical engine programmer');
    await page.getByLabel('Email address 1').fill('ada.lovelace-at-example.com');
    await page.getByRole('button', { name: 'Add position' }).click();
    await page.getByLabel('Title (position 1)').fill('Data Engineer');
    await page.getByLabel('Company (position 1)').fill('Analytical Engines');
    await page.getByLabel('Start (position 1)').fill('2019-03');
    await page.getByRole('checkbox', { name: 'Current role (position 1)' }).check();
    const skills = page.getByLabel('Skills', { exact: true });
    for (const s of ['Python', 'C++']) {
      await skills.fill(s);
      await skills.press('Enter');
    }
    await page.getByRole('button', { name: 'Create candidate' }).click();

    const email = page.getByLabel('Email address 1');
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    const emailError = page.locator('.field', { has: email }).locator('.field-error');
    expect((await emailError.textContent())?.trim().length).toBeGreaterThan(3);
    await page.getByRole('alert').filter({ hasText: 'Email address 1' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/candidates/new');

    await email.fill(`ada.${stamp}@example.com`);
    await page.getByRole('button', { name: 'Create candidate' }).click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    const candidatePath = new URL(page.url()).pathname;
    expect(candidatePath).toMatch(/^\/candidates\/[0-9a-f-]{36}$/);

    // ---- search: a broken query shows the error at its position, a good one finds the candidate
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Candidates' }).click();
    await page.getByRole('heading', { name: 'Candidates', level: 1 }).waitFor();

    const broken = `${last} AND (title:engineer OR`;
    const bad = await search(page, broken);
    expect(bad.status()).toBe(400);
    const problem = (await bad.json()) as ProblemBody;
    expect(problem.code).toBe('invalid_query');
    const qError = problem.errors?.find((e) => e.field === 'q');
    expect(qError?.position).toBeTypeOf('number');
    const echo = page.getByTestId('query-echo');
    await echo.waitFor();
    // The marked copy puts the mark exactly where the server says the problem is.
    const before = await echo.locator('span').first().textContent();
    expect(before).toBe(broken.slice(0, qError?.position));
    expect(await page.getByLabel('Search query').getAttribute('aria-invalid')).toBe('true');
    await page
      .getByRole('alert')
      .filter({ hasText: qError?.message ?? '' })
      .first()
      .waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toBe(broken);

    const good = `${last} AND title:engineer NOT company:acme`;
    const ok = await search(page, good);
    expect(ok.status()).toBe(200);
    const row = page.getByRole('row').filter({ hasText: name });
    await row.waitFor();
    expect(await row.textContent()).toContain('Analytical Engines');
    await page.getByText('Query understood as:').waitFor();
    await page.getByText(/^1 candidate$/).waitFor();
    // The search is in the URL: a reload gives the same results.
    await page.reload();
    await page.getByRole('row').filter({ hasText: name }).waitFor();

    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(candidatePath);

    // ---- edit: a country the server does not know, then a good one
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const editor = page.getByRole('region', { name: 'Edit candidate' });
    await editor.getByLabel('Headline').fill('Poet of numbers');
    const country = editor.getByLabel('Country');
    await country.fill('Atlantis');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => country.getAttribute('aria-invalid')).toBe('true');
    await editor
      .locator('.field', { has: page.getByLabel('Country') })
      .locator('.field-error')
      .waitFor();

    await country.fill('Germany');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await editor.waitFor({ state: 'detached' });
    await page.getByText('Poet of numbers').first().waitFor();

    // ---- the timeline shows the change field by field, newest first
    const timeline = page.getByRole('region', { name: 'Timeline' });
    const change = timeline.getByRole('row').filter({ hasText: 'Headline' }).first();
    await change.waitFor();
    expect(await change.textContent()).toContain('Analytical engine programmer');
    expect(await change.textContent()).toContain('Poet of numbers');
    const first = timeline.getByRole('listitem').first();
    expect(await first.textContent()).toContain('Poet of numbers');

    await timeline.getByLabel('Add a note').fill('Met at the Difference Engine meetup.');
    await timeline.getByRole('button', { name: 'Add note' }).click();
    await timeline.getByRole('listitem').first().getByText('Met at the Difference Engine meetup.').waitFor();
  });

  it('adds a candidate to a new pool, reads the pool history, and searches within a segment', async () => {
    const page = await browser.open('/pools');
    await signIn(page);
    await page.getByRole('heading', { name: 'Pools', level: 1 }).waitFor();

    // A candidate of this test's own, made through the API.
    const hopper = `Hopper${stamp}`;
    const grace = `Grace ${hopper}`;
    const created = await page.evaluate(async (lastName) => {
      const session = (await (await fetch('/api/v1/auth/session')).json()) as {
        csrfToken: string;
        user: { name: string };
      };
      const res = await fetch('/api/v1/candidates', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({ firstName: 'Grace', lastName, headline: 'Compiler pioneer' }),
      });
      return { status: res.status, userName: session.user.name };
    }, hopper);
    expect(created.status).toBe(201);

    // ---- pools: the list loads, a new pool gets a member through a bulk action, its history names them
    const poolName = `Compilers ${stamp}`;
    await page.getByRole('button', { name: 'New pool' }).click();
    const poolDialog = page.getByRole('dialog', { name: 'New pool' });
    await poolDialog.getByLabel('Name').fill(poolName);
    await poolDialog.getByRole('button', { name: 'Create pool' }).click();
    await page.getByRole('row').filter({ hasText: poolName }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Candidates' }).click();
    await search(page, hopper);
    await page.getByRole('checkbox', { name: `Select ${grace}` }).check();
    await page.getByRole('button', { name: 'Add to pool…' }).click();
    const bulk = page.getByRole('dialog', { name: 'Add to pool' });
    await bulk.getByLabel('Pool').selectOption({ label: `${poolName} (0)` });
    await bulk.getByRole('button', { name: 'Apply to 1 candidate' }).click();
    await page.getByRole('status').filter({ hasText: '1 changed' }).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pools' }).click();
    await page.getByRole('link', { name: `History of ${poolName}` }).click();
    await page.getByRole('heading', { name: `Membership history: ${poolName}`, level: 1 }).waitFor();
    const member = page.getByRole('row').filter({ hasText: grace });
    await member.getByRole('link', { name: grace }).waitFor();
    expect(await member.textContent()).toContain(`by ${created.userName}`);

    // ---- segments: a new segment opens the candidate list resting on it
    const segmentName = `Pioneers ${stamp}`;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Segments' }).click();
    await page.getByRole('button', { name: 'New segment' }).click();
    const segDialog = page.getByRole('dialog', { name: 'New segment' });
    await segDialog.getByLabel('Name').fill(segmentName);
    await segDialog.getByLabel('Boolean query (optional)').fill(hopper);
    await segDialog.getByRole('button', { name: 'Create segment' }).click();
    await page.getByRole('row').filter({ hasText: segmentName }).getByText('1', { exact: true }).waitFor();
    await page.getByRole('link', { name: segmentName }).click();
    await page.getByText(`Segment ${segmentName}`).waitFor();
    await page.getByRole('row').filter({ hasText: grace }).waitFor();
    expect(new URL(page.url()).searchParams.get('segment')).toMatch(/^[0-9a-f-]{36}$/);

    // Within a segment, a broken query of your own is marked where it is broken in your own text.
    const broken = 'Grace AND (title:pioneer OR';
    const bad = await search(page, broken);
    expect(bad.status()).toBe(400);
    const problem = (await bad.json()) as ProblemBody;
    expect(new URL(bad.url()).searchParams.get('segment')).toBeTruthy();
    const qError = problem.errors?.find((e) => e.field === 'q');
    expect(qError?.position).toBeTypeOf('number');
    const before = await page.getByTestId('query-echo').locator('span').first().textContent();
    expect(before).toBe(broken.slice(0, qError?.position));

    // Editing the segment's rules changes who is in it.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Segments' }).click();
    await page.getByRole('button', { name: `Edit ${segmentName}` }).click();
    const edit = page.getByRole('dialog', { name: `Edit segment ${segmentName}` });
    const query = edit.getByLabel('Boolean query (optional)');
    expect(await query.inputValue()).toBe(hopper);
    await query.fill(`${hopper} NOT Grace`);
    await edit.getByRole('button', { name: 'Save segment' }).click();
    await page.getByRole('row').filter({ hasText: segmentName }).getByText('0', { exact: true }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: segmentName }).textContent()).toContain('NOT Grace');
  });
});
