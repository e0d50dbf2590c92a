import t from 'tap';
import { browserAgainstApp, chromiumUnavailableReason } from '../../helpers/chromium.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';

// The auditor's question in real Chromium: an admin registers SOP-CR-004 rev B and requires it for
// Maintenance; one Maintenance employee attended a training on rev B; the admin issues rev C; the
// matrix shows that employee as needing retraining (and a colleague as never trained).
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
    await page.waitForURL(/\/documents\/\d+\?notice=document-created/);
    t.match(await page.getByRole('heading', { level: 1 }).textContent(), /SOP-CR-004/);
  });

  await t.test('requires it for Maintenance, offered as the directory spells it', async (t) => {
    t.equal(await page.locator('#scope-choices option[value="Maintenance"]').count(), 1);
    await page.getByLabel('Applies to').selectOption('department');
    await page.getByLabel('Name').fill('Maintenance');
    await page.getByRole('button', { name: 'Require' }).click();
    await page.waitForURL(/notice=requirement-added/);
    t.match(await page.locator('ul.requirements').textContent(), /Department: Maintenance/);
  });

  await t.test('after rev C, the employee trained on rev B needs retraining', async (t) => {
    const id = Number(/\/documents\/(\d+)/.exec(page.url())![1]);
    // A trainer records the session on rev B, chosen from the register, in a browser without JavaScript.
    const trainer = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    trainer.setDefaultTimeout(10_000);
    await trainer.goto(`${base}/login`);
    await trainer.getByLabel('Username').fill('trainer');
    await trainer.getByRole('button', { name: 'Sign in' }).click();
    await trainer.waitForURL(`${base}/`);
    await trainer.goto(`${base}/forms/new`);
    await trainer.getByLabel('Title').fill('Cleanroom maintenance session');
    await trainer.getByLabel('Training type').selectOption('Classroom');
    await trainer.getByLabel('Training date').fill('2026-06-01');
    await trainer.getByLabel('Duration (minutes)').fill('60');
    await trainer.getByLabel('Trainer').fill('Grace Weber');
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
    await trainer.waitForURL(/\/forms\/\d+\?notice=created/);
    t.match(await trainer.locator('dl.facts').textContent(), /Reference document\s*SOP-CR-004 rev B\s*Created/);
    t.equal((await app.services.forms.list({ text: 'Cleanroom maintenance session' })).total, 1);

    await page.getByRole('link', { name: 'Training matrix' }).click();
    t.match(await page.locator('tr', { hasText: 'Hana Ito' }).last().textContent(), /current/, 'before rev C: current');

    await page.goto(`${base}/documents/${id}`);
    await page.locator('#f-revision').fill('C');
    await page.getByLabel('Effective date').fill('2026-11-01');
    await page.getByRole('button', { name: 'Issue revision' }).click();
    await page.waitForURL(/notice=revision-issued/);
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
}
