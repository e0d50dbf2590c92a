import type { Page } from 'playwright-core';
import t from 'tap';
import { browserAgainstApp, chromiumUnavailableReason } from '../../helpers/chromium.ts';
import { formBody } from '../../helpers/http-app.ts';
import { axeViolations, overflow } from '../../helpers/axe.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 768 };
/** The first few elements reaching past the viewport's right edge, for the failure message. */
const culprits = async (page: Page) =>
  String(
    await page.evaluate(`[...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
      .slice(0, 5)
      .map((e) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).replace(/ /g, '.') : '')
        + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')
      .join(', ')`),
  );

// Every page at a phone's width (390 px), as an administrator with data on it: nothing may make
// the page scroll sideways (a wide table scrolls inside its own box), and the trainee type-ahead
// opens below its input, never over it or the Find button. Then every page again at 1366 px
// through axe-core: no WCAG 2.1 A/AA violation (the charts' pages included).
if (requireOrSkip(t, 'Chromium', chromiumUnavailableReason())) {
  const { base, browser, app } = await browserAgainstApp(t);
  const { services, employeeIds } = app;
  const anna = employeeIds['Anna Schmidt']!;
  await services.employees.upsert(
    ['Hana Ito-Vandenberghe-Kowalczyk', 'Ivan Petrov'].map((name, i) => ({
      directoryId: `maint-${i}`,
      displayName: name,
      email: `${name.split(' ')[0]!.toLowerCase()}@example.com`,
      userPrincipalName: null,
      department: 'Maintenance and calibration of production equipment',
      jobTitle: 'Technician',
      active: true,
      lastSyncedAt: null,
    })),
  );
  const sop = (
    await services.documents.create(
      { reference: 'SOP-CR-004', title: 'Cleanroom maintenance', revision: 'B', effectiveDate: '2026-03-01' },
      'boss',
    )
  ).document;
  await services.requirements.require(
    sop.id,
    { kind: 'department', value: 'Maintenance and calibration of production equipment' },
    'boss',
  );
  const forms = [];
  for (let i = 1; i <= 30; i++)
    forms.push(
      await services.forms.create(
        formBody([anna, ...Object.values(employeeIds).slice(1, 4)], {
          title: `Cleanroom gowning and sterile barrier inspection, session ${i}`,
          trainingDate: `2026-10-${String(i).padStart(2, '0')}`,
        }),
        'alice',
      ),
    );
  const [form, deleted] = [forms[0]!, forms[1]!];
  await services.forms.softDelete(deleted.id, 'boss');
  const run = await services.jobRuns.start({
    jobName: 'cleanup',
    trigger: 'schedule',
    instance: 'training-forms-node-a.example.internal',
    startedAt: new Date('2026-11-24T03:00:00Z'),
  });
  await services.jobRuns.finish(run, {
    status: 'failed',
    finishedAt: new Date('2026-11-24T03:00:05Z'),
    counts: null,
    error: 'The audit chain is broken at event 1234: its hash does not match the previous event',
  });
  await services.deployments.record({
    environment: 'production',
    commitSha: '0123456789abcdef0123456789abcdef01234567',
    releaseName: 'training-forms-2026.11.24-0123456789ab',
    startedAt: new Date('2026-11-24T02:00:00Z'),
    finishedAt: new Date('2026-11-24T02:05:00Z'),
    outcome: 'rolled-back',
    rolledBack: true,
    emergencyReason: null,
    steps: [{ step: 'health-check', ok: false, detail: 'GET /health answered 503 after 30 s', ms: 30_000 }],
  });

  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));

  await t.test('the sign-in page fits', async (t) => {
    await page.goto(`${base}/login`);
    t.equal(await overflow(page), 0);
    await page.getByLabel('Username').fill('boss');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
  });

  const pages = [
    '/',
    '/?page=9999',
    '/?traineeName=a',
    `/?trainee=${anna}`,
    `/forms/${form.id}`,
    `/forms/${form.id}/edit`,
    `/forms/${form.id}/delete`,
    '/forms/new',
    '/trash',
    `/trash/${deleted.id}`,
    `/trash/${deleted.id}/purge`,
    '/admin',
    '/admin/audit',
    '/admin/audit?actor=alice&from=2026-12-01&to=2026-11-01',
    '/admin/users',
    '/admin/jobs',
    '/admin/deployments',
    '/documents',
    '/documents/new',
    `/documents/${sop.id}`,
    `/documents/${sop.id}/matrix`,
    `/documents/${sop.id}/retire`,
    '/matrix',
    `/matrix?department=${encodeURIComponent('Maintenance and calibration of production equipment')}`,
    '/employees',
    '/employees?q=a',
    `/employees/${anna}/record`,
    '/forms/999999',
  ];
  for (const path of pages)
    await t.test(`${path} does not scroll sideways at 390 px`, async (t) => {
      await page.goto(`${base}${path}`);
      t.equal(await overflow(page), 0, `reaching past the right edge: ${await culprits(page)}`);
    });

  await t.test('the trash actions stay on screen', async (t) => {
    await page.goto(`${base}/trash`);
    for (const name of ['Restore', 'Delete permanently']) {
      const box = (await page.getByRole('table').getByText(name, { exact: true }).first().boundingBox())!;
      t.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `${name} within the screen`);
    }
  });

  await t.test('the type-ahead opens below its input, clear of the Find button', async (t) => {
    await page.goto(`${base}/forms/new`);
    const input = page.getByLabel('Find employees');
    await input.fill('Ann');
    const list = page.getByRole('listbox');
    await list.getByRole('option', { name: /Anna Schmidt/ }).waitFor();
    const [inputBox, listBox, findBox] = await Promise.all([
      input.boundingBox(),
      list.boundingBox(),
      page.getByRole('button', { name: 'Find' }).boundingBox(),
    ]);
    t.ok(listBox!.y >= inputBox!.y + inputBox!.height, 'the list starts below the input');
    const overlaps =
      listBox!.x < findBox!.x + findBox!.width &&
      findBox!.x < listBox!.x + listBox!.width &&
      listBox!.y < findBox!.y + findBox!.height &&
      findBox!.y < listBox!.y + listBox!.height;
    t.notOk(overlaps, 'the Find button stays uncovered');
    t.equal(await overflow(page), 0, 'the open list does not widen the page');
    t.same(problems, [], 'no script errors');
  });

  await t.test('axe-core finds no WCAG 2.1 A/AA violation on any page (1366 px)', async (t) => {
    // The pages' CSP allows no inline script; the test context lets axe in.
    const wide = await (await browser.newContext({ viewport: DESKTOP, bypassCSP: true })).newPage();
    wide.setDefaultTimeout(10_000);
    await wide.goto(`${base}/login`);
    t.same(await axeViolations(wide), [], '/login');
    await wide.getByLabel('Username').fill('boss');
    await wide.getByRole('button', { name: 'Sign in' }).click();
    await wide.waitForURL(`${base}/`);
    for (const path of pages) {
      await wide.goto(`${base}${path}`);
      t.same(await axeViolations(wide), [], path);
    }
    await wide.context().close();
  });
}
