import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import t from 'tap';
import { browserAgainstApp, chromiumUnavailableReason } from '../../helpers/chromium.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';

// The whole workflow in real headless Chromium: sign in, create a form with two trainees (one via
// the type-ahead, one via the no-JS "Find" fallback) and an attachment, find it, edit it, see
// validation errors, delete it, restore it from the trash as an admin, download the attachment.
if (requireOrSkip(t, 'Chromium', chromiumUnavailableReason())) {
  const { base, browser } = await browserAgainstApp(t);
  const problems: string[] = [];
  const newPage = async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    return page;
  };
  const signIn = async (page: Page, username: string) => {
    await page.goto(`${base}/`);
    t.match(page.url(), /\/login$/, 'sent to the sign-in page');
    await page.getByLabel('Username').fill(username);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
  };
  const pdf = Buffer.concat([
    Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n'),
    Buffer.alloc(5000, 0x41),
    Buffer.from('\n%%EOF\n'),
  ]);
  const alice = await newPage();

  await t.test('sign in', async (t) => {
    await signIn(alice, 'alice');
    t.equal(await alice.getByRole('heading', { level: 1 }).textContent(), 'Training forms');
    t.match(await alice.locator('.who').textContent(), /alice/);
  });

  await t.test('validation errors are shown next to the fields, values kept', async (t) => {
    await alice.getByRole('link', { name: 'New training form' }).first().click();
    await alice.getByLabel('Trainer').fill('Grace Weber');
    await alice.getByRole('button', { name: 'Save' }).click();
    await alice.waitForSelector('.error-summary');
    t.equal(await alice.locator('#f-title-error').textContent(), 'Enter the title.');
    t.match(await alice.locator('#trainees-error').textContent(), /Choose at least one trainee/);
    t.equal(await alice.getByLabel('Trainer').inputValue(), 'Grace Weber');
    t.equal(await alice.getByLabel('Title').getAttribute('aria-invalid'), 'true');
  });

  let formUrl = '';
  await t.test('create a form with two trainees and an attachment', async (t) => {
    await alice.getByLabel('Title').fill('Sterile barrier inspection');
    await alice.getByLabel('Training type').selectOption('On-the-job');
    await alice.getByLabel('Training date').fill('2026-11-18');
    await alice.getByLabel('Duration (minutes)').fill('45');
    await alice.getByLabel('Location').fill('Line 3');
    // Type-ahead (JavaScript): choose the suggestion.
    await alice.getByLabel('Find employees').fill('Ann');
    await alice.getByRole('option', { name: /Anna Schmidt/ }).click();
    t.ok(await alice.getByRole('checkbox', { name: /Anna Schmidt/ }).isChecked());
    // The Find button (the no-JavaScript path) also works with JavaScript on.
    await alice.getByLabel('Find employees').fill('Rossi');
    await alice.getByRole('button', { name: 'Find' }).click();
    await alice.getByRole('checkbox', { name: /Ben Rossi/ }).check();
    t.equal(
      await alice.getByLabel('Title').inputValue(),
      'Sterile barrier inspection',
      'typed values survive the search',
    );
    await alice.getByRole('button', { name: 'Save' }).click();
    await alice.waitForURL(/\/forms\/\d+$/);
    formUrl = alice.url().split('?')[0]!;
    t.match(await alice.locator('main').textContent(), /Anna Schmidt[\s\S]*Ben Rossi/);

    await alice
      .getByLabel('Add attachments')
      .setInputFiles({ name: 'attendance.pdf', mimeType: 'application/pdf', buffer: pdf });
    await alice.getByRole('button', { name: 'Upload' }).click();
    await alice.waitForURL(/\/forms\/\d+#attachments$/);
    t.equal(await alice.getByRole('link', { name: 'attendance.pdf', exact: true }).count(), 1);
  });

  await t.test('a disallowed upload is refused with a clear message', async (t) => {
    await alice.getByLabel('Add attachments').setInputFiles({
      name: 'tool.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]),
    });
    await alice.getByRole('button', { name: 'Upload' }).click();
    await alice.waitForSelector('.error-summary');
    t.match(
      await alice.locator('.error-summary').textContent(),
      /“tool.pdf” was not uploaded: it is a Windows program/,
    );
    t.equal(await alice.getByRole('link', { name: 'tool.pdf', exact: true }).count(), 0);
  });

  await t.test('download the attachment: the same bytes', async (t) => {
    await alice.goto(formUrl);
    const [download] = await Promise.all([
      alice.waitForEvent('download'),
      alice.getByRole('link', { name: 'Download attendance.pdf' }).click(),
    ]);
    t.equal(download.suggestedFilename(), 'attendance.pdf');
    const path = await download.path();
    t.same(readFileSync(path), pdf);
  });

  await t.test('find it by search and by filter', async (t) => {
    await alice.goto(`${base}/`);
    await alice.getByRole('searchbox', { name: 'Search' }).fill('barrier');
    await alice.getByRole('button', { name: 'Search' }).click();
    await alice.waitForURL(/q=barrier/);
    t.equal(await alice.locator('table.forms tbody tr').count(), 1);
    await alice.getByLabel('Training type').selectOption('Classroom'); // applies at once
    await alice.waitForURL(/type=Classroom/);
    t.match(await alice.locator('main').textContent(), /No forms match/);
    await alice.goBack();
    t.equal(await alice.locator('table.forms tbody tr').count(), 1, 'the back button restores the previous search');
    await alice.getByLabel('Training type').selectOption('On-the-job');
    await alice.waitForURL(/type=On-the-job/);
    await alice.getByRole('link', { name: 'Sterile barrier inspection' }).click();
    await alice.waitForURL(formUrl);
  });

  await t.test('edit it', async (t) => {
    await alice.getByRole('link', { name: 'Edit' }).click();
    await alice.getByLabel('Title').fill('Sterile barrier inspection (rev B)');
    await alice.getByRole('button', { name: 'Save' }).click();
    await alice.waitForURL(/\/forms\/\d+$/);
    t.equal(await alice.getByRole('heading', { level: 1 }).textContent(), 'Sterile barrier inspection (rev B)');
    t.match(await alice.locator('ol.history').textContent(), /alice\s+edited/);
  });

  await t.test("a trainee's record, reached from the form, prints as a record without the navigation", async (t) => {
    await alice.getByRole('link', { name: 'Anna Schmidt', exact: true }).click();
    await alice.waitForURL(/\/employees\/\d+\/record$/);
    t.equal(await alice.getByRole('heading', { level: 1 }).textContent(), 'Training record: Anna Schmidt');
    t.match(
      await alice.locator('table.record tbody').textContent(),
      /2026-11-18\s*Sterile barrier inspection \(rev B\)/,
    );
    // Rendered at all (a box on the page), whatever hides it: its own display or an ancestor's.
    const shown = (selector: string) => alice.locator(selector).first().isVisible();
    t.ok(await shown('header.top nav'), 'on screen: the navigation is shown');
    t.notOk(await shown('.print-only'), 'on screen: no print header');
    await alice.emulateMedia({ media: 'print' });
    t.notOk(await shown('header.top nav'), 'printed: no navigation');
    t.notOk(await shown('form.filters'), 'printed: no filters');
    t.ok(await shown('.print-only'), 'printed: the print date');
    t.ok(await shown('dl.record-head'), "printed: the employee's details");
    t.ok(await shown('table.record'), 'printed: the trainings');
    await alice.emulateMedia({ media: 'screen' });
    await alice.goto(formUrl);
  });

  await t.test('delete it (after confirming)', async (t) => {
    await alice.getByRole('link', { name: 'Delete', exact: true }).click();
    await alice.getByRole('button', { name: 'Move to trash' }).click();
    await alice.waitForURL(`${base}/`);
    t.match(await alice.locator('main').textContent(), /No training forms yet/);
    const res = await alice.goto(`${base}/trash`);
    t.equal(res?.status(), 403, 'a non-admin cannot open the trash');
  });

  await t.test('restore it from the trash as an admin', async (t) => {
    const boss = await newPage();
    await signIn(boss, 'boss');
    await boss.getByRole('link', { name: 'Trash' }).click();
    t.equal(await boss.locator('table.forms tbody tr').count(), 1);
    await boss.getByRole('button', { name: /^Restore Sterile barrier/ }).click();
    await boss.waitForURL(/\/forms\/\d+$/);
    t.equal(await boss.getByRole('heading', { level: 1 }).textContent(), 'Sterile barrier inspection (rev B)');
    await boss.goto(`${base}/`);
    t.equal(await boss.locator('table.forms tbody tr').count(), 1, 'back in the list');
  });

  await t.test('sign out', async (t) => {
    await alice.goto(`${base}/`);
    await alice.getByRole('button', { name: 'Sign out' }).click();
    await alice.waitForURL(/\/login$/);
    await alice.goto(`${base}/`);
    t.match(alice.url(), /\/login$/);
  });

  t.test('no script errors and no CSP violations on any page', async (t) => {
    // Expected refusals (403, 415, 422) show up as "Failed to load resource"; anything else is a problem.
    t.same(
      problems.filter((p) => !/Failed to load resource: the server responded with a status of (403|415|422)/.test(p)),
      [],
    );
  });
}
