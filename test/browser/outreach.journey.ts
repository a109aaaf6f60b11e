import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signIn, useBrowser } from './support.ts';

/** Screenshots of each screen when SCREENSHOTS names a folder (for looking at them, not for asserting). */
async function shot(page: Page, name: string) {
  const dir = process.env.SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `outreach-${name}.png`), fullPage: true });
}

/** A JSON call from inside the signed-in page (cookie session + CSRF token), as the UI would make it. */
async function call<T = Record<string, unknown>>(page: Page, method: string, path: string, body?: unknown) {
  return (await page.evaluate(
    async ({ method, path, body }) => {
      const session = (await (await fetch('/api/v1/auth/session')).json()) as { csrfToken: string };
      const res = await fetch(path, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    { method, path, body },
  )) as { status: number; body: T };
}

describe('outreach', () => {
  const browser = useBrowser();
  const stamp = Date.now().toString(36);
  const last = `Journey${stamp}`;
  let introId = '';
  let altId = '';
  let sequenceId = '';

  it('writes a template with a live preview for a real candidate; errors show where they are', async () => {
    const page = await browser.open('/templates');
    await signIn(page);
    await page.getByRole('heading', { name: 'Templates', level: 1 }).waitFor();

    // Candidates to preview with and enroll later: one in New York, one in Sydney, one in France without a
    // lawful basis for contact (skipped at enrollment).
    for (const c of [
      { firstName: 'Nia', country: 'US', timeZone: 'America/New_York' },
      { firstName: 'Syd', country: 'AU', timeZone: 'Australia/Sydney' },
      { firstName: 'Greta', country: 'FR', timeZone: 'Europe/Paris' },
    ]) {
      const res = await call(page, 'POST', '/api/v1/candidates', {
        firstName: c.firstName,
        lastName: last,
        emails: [{ address: `${c.firstName.toLowerCase()}.${stamp}@example.com` }],
        location: { country: c.country },
        timeZone: c.timeZone,
        work: [{ title: 'Staff Engineer', company: 'Acme', startDate: '2020-01', current: true }],
      });
      expect(res.status).toBe(201);
    }

    await page.getByRole('link', { name: 'New template' }).click();
    await page.getByRole('heading', { name: 'New template', level: 1 }).waitFor();
    await page.getByLabel('Name').fill(`Intro ${stamp}`);
    await page.getByRole('checkbox', { name: 'Share in the workspace library' }).check();
    await page.getByLabel('Subject').fill('Hello {{ first_name | default: "there" }}');
    await page.getByLabel('HTML').fill('<p>Hi {{ first_name }}, still at <b>{{ current_company }}</b>?</p>');
    const text = page.getByLabel('Plain text');
    await text.fill('Hi {{ first_name }}, what size? {{ shoe_size }}');

    // The live preview renders the draft for a real candidate (the unknown field is named there too).
    await page.getByLabel('Preview for candidate').fill(`Nia ${last}`);
    await page.getByRole('button', { name: new RegExp(`Nia ${last}`) }).click();
    await page
      .getByText(/unknown field shoe_size/)
      .first()
      .waitFor();

    // Saving refuses it, on the field, with the place in the text.
    await page.getByRole('button', { name: 'Create template' }).click();
    await expect.poll(() => text.getAttribute('aria-invalid')).toBe('true');
    const error = page.locator('.field', { has: text }).locator('.field-error');
    await error
      .getByText(/shoe_size/)
      .first()
      .waitFor();
    await error.getByText(/line 1, column 3[0-9]/).waitFor();
    await error.locator('mark').getByText('shoe_size').waitFor();
    await shot(page, 'template-error');

    await text.fill('Hi {{ first_name }}, are you still {{ current_title }} at {{ current_company }}?');
    await page
      .getByTestId('preview-text')
      .getByText('Hi Nia, are you still Staff Engineer at Acme?')
      .waitFor();
    await page.getByTestId('preview-subject').getByText('Hello Nia').waitFor();
    await expect
      .poll(() => page.frameLocator('iframe[title="HTML preview"]').locator('b').textContent())
      .toBe('Acme');
    await page.getByRole('button', { name: 'Create template' }).click();
    await page.getByRole('heading', { name: `Intro ${stamp}`, level: 1 }).waitFor();
    await page.getByText('Template saved.').waitFor();
    introId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    await shot(page, 'template-editor');

    // A second email template, for an A/B variant.
    const alt = await call<{ id: string }>(page, 'POST', '/api/v1/outreach/templates', {
      name: `Intro B ${stamp}`,
      kind: 'email',
      shared: true,
      subject: 'A quick question, {{ first_name }}',
      body: 'Hi {{ first_name }}, open to a chat? {{ sender.name }}',
    });
    expect(alt.status).toBe(201);
    altId = alt.body.id;

    await page.getByRole('link', { name: 'Templates', exact: true }).first().click();
    const row = page.getByRole('row').filter({ hasText: `Intro ${stamp}` });
    await row.getByText('shared').waitFor();
    await shot(page, 'templates');
  });

  it('builds a sequence with A/B variants and tells the user when it changed meanwhile', async () => {
    const page = await browser.open('/sequences/new');
    await signIn(page);
    await page.getByRole('heading', { name: 'New sequence', level: 1 }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill(`Backend ${stamp}`);
    // Always open, so that the first step is due at once.
    await page.getByLabel('From').fill('00:00');
    await page.getByLabel('Until').fill('24:00');
    await page.getByRole('checkbox', { name: 'Saturday' }).check();
    await page.getByRole('checkbox', { name: 'Sunday' }).check();

    await page.getByLabel('Template (step 1)').selectOption({ label: `Intro ${stamp}` });
    await page.getByRole('button', { name: 'Add A/B variant to step 1' }).click();
    await page.getByLabel('Variant B (step 1)').selectOption(altId);
    await page.getByRole('button', { name: 'Add step' }).click();
    expect(await page.getByLabel('Kind (step 2)').inputValue()).toBe('reply_email');
    await page.getByLabel('Template (step 2)').selectOption(introId);
    await page.getByRole('button', { name: 'Add step' }).click();
    await page.getByLabel('Kind (step 3)').selectOption('phone_task');
    await page.getByLabel('Wait (step 3)').fill('4');
    await page.getByLabel('Delay unit (step 3)').selectOption('hours');
    // Saving without a template for the call step: the error is on that step's template.
    await page.getByRole('button', { name: 'Create sequence' }).click();
    const missing = page.getByLabel('Template (step 3)');
    await expect.poll(() => missing.getAttribute('aria-invalid')).toBe('true');
    await shot(page, 'sequence-error');
    await page.getByRole('button', { name: 'Remove step 3' }).click();
    await page.getByRole('button', { name: 'Create sequence' }).click();
    await page.getByRole('heading', { name: `Backend ${stamp}`, level: 1 }).waitFor();
    await page.getByText('Sequence saved.').waitFor();
    sequenceId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    await shot(page, 'sequence-builder');

    // Someone else saves a new version meanwhile: saving here says so instead of overwriting it.
    const current = await call<Record<string, unknown>>(
      page,
      'GET',
      `/api/v1/outreach/sequences/${sequenceId}`,
    );
    const { id: _i, ownerId: _o, liveEnrollments: _l, createdAt: _c, updatedAt: _u, ...rest } = current.body;
    const steps = (
      current.body.steps as { id: string; kind: string; delay: unknown; variants: { templateId: string }[] }[]
    ).map((s) => ({
      id: s.id,
      kind: s.kind,
      delay: s.delay,
      variants: s.variants.map((v) => ({ templateId: v.templateId })),
    }));
    const other = await call(page, 'PUT', `/api/v1/outreach/sequences/${sequenceId}`, {
      ...rest,
      steps,
      description: 'Changed elsewhere',
    });
    expect(other.status).toBe(200);
    await page.getByLabel('Description (optional)').fill('Mine');
    await page.getByRole('button', { name: 'Save sequence' }).click();
    await page.getByRole('alert').getByText('This sequence changed').waitFor();
    await page.getByRole('button', { name: 'Reload the sequence' }).click();
    await expect.poll(() => page.getByLabel('Description (optional)').inputValue()).toBe('Changed elsewhere');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sequences' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: `Backend ${stamp}` })
      .getByText('A/B')
      .waitFor();
    await shot(page, 'sequences');
  });

  it('enrolls the results of a search after previewing their first sends in local time', async () => {
    const page = await browser.open(`/candidates?q=${last}`);
    await signIn(page);
    await page.getByText('3 candidates').waitFor();
    await page.getByRole('button', { name: 'Enroll all results in sequence…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Enroll in sequence' });
    await dialog.getByText('Enrolling all 3 results of this search.').waitFor();
    await dialog.getByLabel('Sequence').selectOption({ label: `Backend ${stamp}` });
    const preview = dialog.getByRole('table', { name: 'Enrollment preview' });
    const nia = preview.getByRole('row').filter({ hasText: `Nia ${last}` });
    await nia.getByText('eligible').waitFor();
    await nia.getByText('America/New_York').waitFor();
    await nia
      .getByText(/EDT|EST|GMT-[45]/)
      .first()
      .waitFor();
    const greta = preview.getByRole('row').filter({ hasText: `Greta ${last}` });
    await greta.getByText('No consent').waitFor();
    await shot(page, 'enroll-preview');

    await dialog.getByRole('button', { name: 'Enroll', exact: true }).click();
    await dialog.getByText('2 enrolled').waitFor();
    const outcome = dialog.getByRole('table', { name: 'Enrollment outcome per candidate' });
    await outcome
      .getByRole('row')
      .filter({ hasText: `Greta ${last}` })
      .getByText('skipped')
      .waitFor();
    await shot(page, 'enroll-outcome');
    await outcome
      .getByRole('row')
      .filter({ hasText: `Syd ${last}` })
      .getByRole('link', { name: 'enrolled' })
      .click();

    // The schedule: each step in the candidate's time and in UTC; stop with a reason.
    await page
      .getByRole('heading', { name: new RegExp(`Syd ${last} in Backend ${stamp}`), level: 1 })
      .waitFor();
    await page.getByText('Australia/Sydney').first().waitFor();
    const schedule = page.getByRole('table', { name: 'Schedule' });
    expect(await schedule.getByRole('row').count()).toBe(3);
    await schedule
      .getByText(/AEDT|AEST|GMT\+1[01]/)
      .first()
      .waitFor();
    await shot(page, 'enrollment');
    await page.getByRole('button', { name: 'Stop' }).click();
    const stop = page.getByRole('dialog', { name: /Stop the sequence/ });
    await stop.getByLabel('Reason (optional)').fill('Found another role');
    await stop.getByRole('button', { name: 'Stop enrollment' }).click();
    await page.getByTestId('enrollment-status').getByText('Stopped').waitFor();
    await schedule.getByText('Cancelled').first().waitFor();

    // The list, filtered by sequence and status.
    await page.goto(`/enrollments?sequenceId=${sequenceId}&status=active`);
    await page.getByRole('heading', { name: 'Enrollments', level: 1 }).waitFor();
    const rows = page.getByRole('table', { name: 'Enrollments' }).getByRole('row');
    await rows.filter({ hasText: `Nia ${last}` }).waitFor();
    expect(await rows.filter({ hasText: `Syd ${last}` }).count()).toBe(0);
    await shot(page, 'enrollments');
  });
  it('delivers the first email to the dev mailbox; a reply through the inbound endpoint stops the enrollment', async (ctx) => {
    const page = await browser.open('/');
    await signIn(page);
    const spec = await call<{ paths: Record<string, unknown> }>(page, 'GET', '/api/openapi.json');
    if (!spec.body.paths['/api/v1/outreach/dev-mailbox'] || !spec.body.paths['/api/v1/inbound/email']) {
      ctx.skip();
      return;
    }
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dev mailbox' }).click();
    await page.getByRole('heading', { name: 'Dev mailbox', level: 1 }).waitFor();
    // The embedded server hands due steps to the outbox and dispatches it every minute: Nia's first step
    // (no delay, window always open) arrives within a couple of minutes.
    const to = `nia.${stamp}@example.com`;
    const item = page.getByRole('list', { name: 'Messages' }).getByRole('button').filter({ hasText: to });
    await item.first().waitFor({ timeout: 180_000 });
    await item.first().click();
    const text = page.getByTestId('mail-text');
    await text.getByText(/Hi Nia/).waitFor();
    const headers = page.locator('.rendered-head');
    const messageId = (await headers.locator('dd.mono').textContent())?.trim() ?? '';
    expect(messageId).toMatch(/@/);
    await shot(page, 'mailbox');

    // A mail gateway hands over the candidate's reply (raw MIME, threaded by In-Reply-To), with an API token.
    const token = await call<{ secret: string }>(page, 'POST', '/api/v1/api-tokens', {
      name: `Mail gateway ${stamp}`,
      scopes: ['outreach:inbound'],
      expiresInDays: 1,
    });
    expect(token.status).toBe(201);
    const ref = messageId.startsWith('<') ? messageId : `<${messageId}>`;
    const mime = [
      `From: Nia ${last} <${to}>`,
      'To: recruiter@example.com',
      'Subject: Re: Hello Nia',
      `Message-ID: <reply-${stamp}@example.com>`,
      `In-Reply-To: ${ref}`,
      `References: ${ref}`,
      `Date: ${new Date().toUTCString()}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Yes, happy to talk next week.',
      '',
    ].join('\r\n');
    const inbound = await fetch(`${browser.baseUrl}/api/v1/inbound/email`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.body.secret}`, 'content-type': 'message/rfc822' },
      body: mime,
    });
    expect(inbound.status).toBe(200);
    const result = (await inbound.json()) as { outcome: string; enrollmentId: string | null };
    expect(result.outcome).toBe('reply');

    await page.goto(`/enrollments/${result.enrollmentId}`);
    await page.getByTestId('enrollment-status').getByText('Stopped').waitFor();
    await page.getByText(/Why: repl/).waitFor();
    await shot(page, 'enrollment-stopped');

    await page.goto(`/sequences/${sequenceId}/metrics`);
    await page.getByRole('heading', { name: `Metrics: Backend ${stamp}`, level: 1 }).waitFor();
    await page.getByRole('img', { name: 'Funnel, whole sequence' }).waitFor();
    await shot(page, 'metrics');
  }, 240_000);
});
