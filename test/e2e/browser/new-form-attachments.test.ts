import { readdir } from 'node:fs/promises';
import t from 'tap';
import { axeViolations, overflow } from '../../helpers/axe.ts';
import { browserAgainstApp, chromiumUnavailableReason } from '../../helpers/chromium.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';

const WIDTHS = [
  { name: 'desktop', viewport: { width: 1366, height: 768 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');

// Issue #18 item 8 in Chromium at a desktop's and a phone's width: files chosen on the new-form
// page; a form to correct asks for them again and keeps none; then saved with them. axe-core on each page.
if (requireOrSkip(t, 'Chromium', chromiumUnavailableReason())) {
  const { base, browser, app } = await browserAgainstApp(t);

  for (const { name, viewport } of WIDTHS) {
    await t.test(`${name}: attachments chosen while creating a form`, async (t) => {
      const context = await browser.newContext({ viewport, bypassCSP: true });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(`${base}/login`);
      await page.getByLabel('Username').fill('alice');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${base}/`);
      await page.goto(`${base}/forms/new`);
      t.equal(await overflow(page), 0, 'the new-form page fits');
      t.same(await axeViolations(page), [], 'the new-form page: no axe-core violation');

      const stored = (await readdir(app.uploads)).length;
      const file = { name: `sheet-${name}.pdf`, mimeType: 'application/pdf', buffer: PDF };
      await page.getByLabel('Trainer').fill('Grace Weber');
      await page.getByLabel('Attachments (optional)').setInputFiles(file);
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForSelector('#f-files-again');
      t.match(
        await page.locator('#f-files-again').textContent(),
        new RegExp(`not kept: sheet-${name}\\.pdf\\. Choose them again`),
      );
      t.equal((await readdir(app.uploads)).length, stored, 'no file kept from the refused form');
      t.equal(await overflow(page), 0, 'the refused form fits');
      t.same(await axeViolations(page), [], 'the refused form: no axe-core violation');

      await page.getByLabel('Title').fill(`Sheets ${name}`);
      await page.getByLabel('Training type').selectOption('Classroom');
      await page.getByLabel('Training date').fill('2026-11-20');
      await page.getByLabel('Duration (minutes)').fill('30');
      await page.getByLabel('Find employees').fill('Anna');
      await page.getByRole('button', { name: 'Find' }).click();
      await page.getByLabel(/Anna Schmidt/).check();
      await page.getByLabel('Attachments (optional)').setInputFiles(file);
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForSelector('text=The training form was created.');
      t.ok(await page.getByRole('link', { name: `sheet-${name}.pdf` }).count(), 'the attachment is on the new form');
      t.equal((await readdir(app.uploads)).length, stored + 1, 'stored once');
      t.same(await axeViolations(page), [], 'the created form: no axe-core violation');
      await context.close();
    });
  }
}
