import t from 'tap';
import { browserAgainstApp, chromiumUnavailableReason } from '../../helpers/chromium.ts';
import { formBody } from '../../helpers/http-app.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';

// The list pages in a real browser (issue #18): ticking rows, "all on this page" and the count,
// purging the ticked forms of the trash through their one confirmation, and the list's selects
// (page size, training type) applying as soon as they change.
if (requireOrSkip(t, 'Chromium', chromiumUnavailableReason())) {
  const { base, browser, app } = await browserAgainstApp(t);
  const { services, employeeIds } = app;
  const anna = employeeIds['Anna Schmidt']!;
  const ids: number[] = [];
  for (const title of ['Gowning', 'Hand hygiene', 'Line clearance'])
    ids.push((await services.forms.create(formBody([anna], { title }), 'alice')).id);
  await services.forms.softDeleteMany(ids, 'alice');

  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${base}/login`);
  await page.getByLabel('Username').fill('boss');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/`);

  await t.test('ticked rows of the trash are counted and purged after one confirmation', async (t) => {
    await page.goto(`${base}/trash`);
    const count = page.locator('[data-selected-count]');
    t.equal(await count.textContent(), 'Tick forms to act on them:');
    const all = page.getByRole('checkbox', { name: 'All on this page' });
    await all.check();
    t.equal(await count.textContent(), '3 selected:');
    await page.getByRole('checkbox', { name: 'Select Hand hygiene' }).uncheck();
    t.equal(await count.textContent(), '2 selected:');
    t.notOk(await all.isChecked(), 'no longer all');

    await page.getByRole('button', { name: 'Delete selected permanently' }).click();
    await page.getByRole('heading', { name: 'Delete 2 forms permanently?' }).waitFor();
    const listed = await page
      .getByRole('listitem')
      .filter({ has: page.getByRole('link') })
      .allTextContents();
    t.ok(listed.some((l) => l.includes('Gowning')) && listed.some((l) => l.includes('Line clearance')));
    t.notOk(
      listed.some((l) => l.includes('Hand hygiene')),
      'the unticked form is not listed',
    );
    t.equal((await services.forms.listTrash()).total, 3, 'nothing purged before the confirmation');

    await page.getByRole('button', { name: 'Delete permanently' }).click();
    await page.waitForURL(`${base}/trash`);
    t.equal(await page.getByRole('status').textContent(), '2 forms deleted permanently.');
    t.same(
      (await services.forms.listTrash()).items.map((f) => f.title),
      ['Hand hygiene'],
    );
    t.same(problems, [], 'no script errors');
  });

  await t.test('choosing a page size or a training type applies it at once', async (t) => {
    await services.forms.create(formBody([anna], { title: 'Forklift', trainingType: 'On-the-job' }), 'alice');
    await page.goto(`${base}/?q=o`);
    await page.getByLabel('Per page').selectOption('10');
    await page.waitForURL((url) => url.searchParams.get('size') === '10');
    await page.getByLabel('Training type').selectOption('On-the-job');
    await page.waitForURL((url) => url.searchParams.get('type') === 'On-the-job');
    t.equal(new URL(page.url()).searchParams.get('size'), '10', 'the page size is kept');
    t.same(await page.locator('table.forms tbody td:nth-child(2)').allTextContents(), ['Forklift']);
    t.same(problems, [], 'no script errors');
  });
}
