import t from 'tap';
import { browserAgainstApp, chromiumUnavailableReason } from '../../helpers/chromium.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';

// The auditor's questions, end to end in real Chromium (issue 17's walk): an admin registers
// SOP-CR-004 rev B and requires it for Maintenance; a trainer records a training on rev B (chosen
// from the register) and signs it with the password again; the admin issues rev C; the matrix shows
// who now needs retraining (and who was never trained); the employee's record prints, signature and
// all; an edit after signing asks for a reason and voids the signature, which the record then shows.
if (requireOrSkip(t, 'Chromium', chromiumUnavailableReason())) {
  const { base, browser, app } = await browserAgainstApp(t);
  await app.services.employees.upsert(
    ['Hana Ito', 'Ivan Petrov'].map((name, i) => ({
      directoryId: `maint-${i}`,
      displayName: name,
      email: null,
      userPrincipalName: null,
      department: 'Maintenance',
      jobTitle: 'Technician',
      active: true,
      lastSyncedAt: null,
    })),
  );
  const hana = (await app.services.employees.search('Hana', 1))[0]!;
  const page = await (await browser.newContext()).newPage();
  let formUrl = '';
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));

  await t.test('the admin registers SOP-CR-004 rev B from the navigation', async (t) => {
    await page.goto(`${base}/login`);
    await page.getByLabel('Username').fill('boss');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Documents' }).click();
    await page.getByRole('link', { name: 'Register a document' }).click();
    await page.getByLabel('Reference').fill('sop-cr-004');
    await page.getByLabel('Title').fill('Cleanroom maintenance');
    await page.getByLabel('First revision').fill('B');
    await page.getByLabel('Effective date').fill('2026-03-01');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.waitForURL(/\/documents\/\d+$/);
    t.match(await page.getByRole('heading', { level: 1 }).textContent(), /SOP-CR-004/);
  });

  await t.test('requires it for Maintenance, offered as the directory spells it', async (t) => {
    t.equal(await page.locator('#scope-choices option[value="Maintenance"]').count(), 1);
    await page.getByLabel('Applies to').selectOption('department');
    await page.getByLabel('Name').fill('Maintenance');
    await page.getByRole('button', { name: 'Require' }).click();
    await page.waitForURL(/\/documents\/\d+#requirements$/);
    t.match(await page.locator('ul.requirements').textContent(), /Department: Maintenance/);
  });

  await t.test('after rev C, the employee trained on rev B needs retraining', async (t) => {
    const id = Number(/\/documents\/(\d+)/.exec(page.url())![1]);
    // A trainer records the session on rev B, chosen from the register, in a browser without JavaScript.
    const trainer = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    trainer.setDefaultTimeout(10_000);
    await trainer.goto(`${base}/login`);
    await trainer.getByLabel('Username').fill('grace');
    await trainer.getByRole('button', { name: 'Sign in' }).click();
    await trainer.waitForURL(`${base}/`);
    await trainer.goto(`${base}/forms/new`);
    await trainer.getByLabel('Title').fill('Cleanroom maintenance session');
    await trainer.getByLabel('Training type').selectOption('Classroom');
    await trainer.getByLabel('Training date').fill('2026-06-01');
    await trainer.getByLabel('Duration (minutes)').fill('60');
    await trainer.getByLabel('Trainer').fill('Grace');
    t.ok(await trainer.getByLabel('From the register').isChecked(), 'the register is the default');
    await trainer.getByLabel('Document and revision').selectOption({ label: 'SOP-CR-004 rev B (current)' });
    await trainer.getByLabel('Find employees').fill('Hana');
    await trainer.getByRole('button', { name: 'Find' }).click();
    await trainer.getByRole('checkbox', { name: /Hana Ito/ }).check();
    t.equal(
      await trainer.locator('#f-documentRevisionId option:checked').textContent(),
      'SOP-CR-004 rev B (current)',
      'the choice survives the trainee search',
    );
    await trainer.getByRole('button', { name: 'Save' }).click();
    await trainer.waitForURL(/\/forms\/\d+$/);
    t.match(await trainer.locator('dl.facts').textContent(), /Reference document\s*SOP-CR-004 rev B\s*Created/);
    formUrl = trainer.url().replace(/\?.*$/, '');

    // The trainer named on the form signs it, entering the password again (any, on the development login).
    t.equal(await trainer.locator('#signature-status').getAttribute('data-status'), 'unsigned');
    await trainer.getByLabel('Your password').fill('again');
    await trainer.getByRole('button', { name: 'Sign', exact: true }).click();
    await trainer.waitForURL(/\/forms\/\d+#signature$/);
    t.equal(await trainer.locator('#signature-status').getAttribute('data-status'), 'signed');
    t.match(await trainer.locator('#signature-status').textContent(), /Signed by grace\s*— Trained and assessed/);
    await trainer.context().close();
    t.equal((await app.services.forms.list({ text: 'Cleanroom maintenance session' })).total, 1);

    await page.getByRole('link', { name: 'Training matrix' }).click();
    t.match(await page.locator('tr', { hasText: 'Hana Ito' }).last().textContent(), /current/, 'before rev C: current');

    await page.goto(`${base}/documents/${id}`);
    await page.locator('#f-revision').fill('C');
    await page.getByLabel('Effective date').fill('2026-11-01');
    await page.getByRole('button', { name: 'Issue revision' }).click();
    await page.locator('.notice', { hasText: 'The new revision was issued.' }).waitFor();
    await page.getByRole('link', { name: 'Training matrix' }).click();
    const everyone = page.locator('table.matrix');
    t.match(await everyone.locator('tr', { hasText: 'Hana Ito' }).textContent(), /needs retraining\s*rev B/);
    t.match(await everyone.locator('tr', { hasText: 'Ivan Petrov' }).textContent(), /never trained/);
    t.equal(await page.locator('[data-count="outdated"]').textContent(), '1');
    t.equal(await page.locator('[data-count="never"]').textContent(), '1');
    t.equal(
      await page.getByRole('link', { name: 'Hana Ito' }).first().getAttribute('href'),
      `/employees/${hana.id}/record`,
    );
    t.same(problems, [], 'no script errors');
  });

  await t.test("the employee's record prints as a record, with the signature", async (t) => {
    await page.getByRole('link', { name: 'Hana Ito' }).first().click();
    await page.waitForURL(/\/employees\/\d+\/record$/);
    const row = page.locator('table.record tbody tr', { hasText: 'Cleanroom maintenance session' });
    t.match(await row.textContent(), /SOP-CR-004/);
    t.equal(await row.locator('td.signature-cell').getAttribute('data-status'), 'signed');
    await page.emulateMedia({ media: 'print' });
    t.notOk(await page.locator('header.top nav').first().isVisible(), 'printed: no navigation');
    t.ok(await page.locator('table.record').isVisible(), 'printed: the trainings');
    t.ok(await row.locator('td.signature-cell').isVisible(), 'printed: the signature');
    const pdf = await page.pdf({ format: 'A4' });
    t.ok(pdf.subarray(0, 5).toString() === '%PDF-', 'Chromium prints it to a PDF');
    await page.emulateMedia({ media: 'screen' });
  });

  await t.test('an edit after signing asks for a reason and voids the signature', async (t) => {
    await page.goto(formUrl);
    await page.getByRole('link', { name: 'Edit' }).click();
    t.match(await page.locator('#signature-void-warning').textContent(), /voids the signature/);
    await page.getByLabel('Duration (minutes)').fill('75');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForSelector('#f-reason-error');
    t.equal(await page.getByLabel('Duration (minutes)').inputValue(), '75', 'the change is kept while asking');
    await page.getByLabel('Reason for the change').fill('Duration misrecorded: the session ran 75 minutes');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.notice', { hasText: 'Your changes were saved.' }).waitFor();
    t.equal(await page.locator('#signature-status').getAttribute('data-status'), 'voided');
    t.match(await page.locator('#signature-status').textContent(), /by boss\s*— reason: Duration misrecorded/);
    await page.goto(`${base}/employees/${hana.id}/record`);
    const row = page.locator('table.record tbody tr', { hasText: 'Cleanroom maintenance session' });
    t.equal(await row.locator('td.signature-cell').getAttribute('data-status'), 'voided');
    t.same(problems, [], 'no script errors');
  });
}
