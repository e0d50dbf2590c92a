import type { Page } from 'playwright-core';
import t from 'tap';
import { browserAgainstApp, chromiumUnavailableReason } from '../../helpers/chromium.ts';
import { formBody } from '../../helpers/http-app.ts';
import { AXE_SOURCE, axeViolations, overflow } from '../../helpers/axe.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';

// Issue 18, people on the pages, in Chromium at a desktop's and a phone's width: namesakes told
// apart in the type-ahead (and labelled as Find labels them), each page clean under axe-core.

const WIDTHS = { desktop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } };
/** The visible text of the label of each ticked trainee box. */
const pickedLabels = async (page: Page) => (await page.locator('#picked label').allInnerTexts()).map((s) => s.trim());

if (requireOrSkip(t, 'Chromium', chromiumUnavailableReason())) {
  const { base, browser, app } = await browserAgainstApp(t);
  await app.services.employees.upsert(
    ['Production', 'Maintenance'].map((department, i) => ({
      directoryId: `namesake-${i}`,
      displayName: 'Anna Schmidt',
      email: `anna.schmidt${i + 2}@example.com`,
      userPrincipalName: null,
      department,
      jobTitle: 'Operator',
      active: true,
      lastSyncedAt: null,
    })),
  );

  for (const [name, viewport] of Object.entries(WIDTHS))
    await t.test(`at ${viewport.width} px`, async (t) => {
      const context = await browser.newContext({ viewport, bypassCSP: true });
      t.teardown(() => context.close());
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(String(e)));
      await page.goto(`${base}/login`);
      await page.getByLabel('Username').fill('alice');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${base}/`);

      await t.test(`${name}: a namesake chosen by type-ahead reads as one chosen by Find`, async (t) => {
        await page.goto(`${base}/forms/new`);
        const input = page.getByLabel('Find employees');
        await input.fill('Anna');
        const option = page.getByRole('option', { name: /Maintenance/ });
        await option.waitFor();
        t.equal(await option.innerText(), 'Anna Schmidt (Operator · Maintenance · anna.schmidt3@example.com)');
        const status = page.locator('[aria-live="polite"]#trainee-status');
        t.equal(await status.textContent(), '3 suggestions for “Anna”: arrow keys to choose, Enter to add.');
        t.same(await axeViolations(page), [], 'the open list passes axe-core');
        await option.click();
        const typed = await pickedLabels(page);
        t.equal(
          await status.textContent(),
          'Added Anna Schmidt (Operator · Maintenance · anna.schmidt3@example.com) to the trainees.',
          'the live region says who was added',
        );
        t.same(typed, ['Anna Schmidt (Operator · Maintenance · anna.schmidt3@example.com)']);
        await input.fill('Anna');
        await page.getByRole('button', { name: 'Find' }).click();
        await page.locator('ul.found').waitFor();
        t.same(await pickedLabels(page), typed, 'after Find, the server writes the same label');
        t.equal(await page.locator('ul.found li').count(), 2, 'Find offers the two namesakes not yet chosen');
        t.same(await axeViolations(page), [], 'the Find results pass axe-core');
        t.same(problems, [], 'no script errors');
      });

      await t.test(`${name}: a typed trainee name filters, with the people it matched`, async (t) => {
        await page.goto(`${base}/`);
        if (viewport.width <= 640) await page.locator('summary', { hasText: 'Filters' }).click();
        await page.getByLabel('Trainee').fill('anna');
        await page.getByRole('button', { name: 'Search' }).click();
        await page.waitForURL(/traineeName=anna/);
        const box = page.locator('details.matches');
        t.match(await box.locator('summary').innerText(), /Showing the forms of all 3 people/);
        t.equal(await box.getByRole('link').count(), 3, 'each offered to narrow to one');
        t.equal(await overflow(page), 0, 'nothing reaches past the right edge');
        t.same(await axeViolations(page), [], 'axe-core');
        await box.getByRole('link', { name: 'Anna Schmidt' }).last().click();
        await page.waitForURL(/trainee=\d+/);
        t.match(await page.locator('.chip').innerText(), /Anna Schmidt\s+\(Operator · Maintenance/);
      });

      await t.test(`${name}: the list reads on this screen; the filters fold on a phone`, async (t) => {
        await app.services.forms.create(formBody([app.employeeIds['Ben Rossi']!]), 'alice');
        await page.goto(`${base}/`);
        const type = page.getByLabel('Training type');
        const searchBox = (await page.getByLabel('Search', { exact: true }).boundingBox())!;
        const firstRow = page.locator('table.forms tbody tr').first();
        const [rowBox, dateCell] = [(await firstRow.boundingBox())!, firstRow.locator('td[data-label="Date"]')];
        if (viewport.width > 640) {
          t.ok(await type.isVisible(), 'the filters show');
          const typeBox = (await type.boundingBox())!;
          t.ok(
            Math.abs(typeBox.y + typeBox.height - (searchBox.y + searchBox.height)) < 4,
            `in one row with the search (bottoms at ${typeBox.y + typeBox.height} and ${searchBox.y + searchBox.height})`,
          );
          t.notOk(await page.getByText('Filters', { exact: true }).isVisible(), 'no disclosure on a wide screen');
          t.ok(rowBox.height < 60, `a row is one line of the table (${rowBox.height} px)`);
        } else {
          t.notOk(await type.isVisible(), 'the filters are folded away');
          await page.locator('summary', { hasText: 'Filters' }).click();
          t.ok(await type.isVisible(), '"Filters" opens them');
          const [dateBox, titleBox] = [
            (await dateCell.boundingBox())!,
            (await firstRow.locator('td a').first().boundingBox())!,
          ];
          t.ok(dateBox.y > titleBox.y, 'a card: the date on its own line under the title');
          const before = await page.evaluate(
            `getComputedStyle(document.querySelector('td[data-label="Date"]'), '::before').content`,
          );
          t.match(String(before), /Date|attr\(data-label\)/, 'each value headed by its column');
          await page.goto(`${base}/?type=Classroom`);
          t.ok(await page.getByLabel('Training type').isVisible(), 'a filter in use keeps them open');
          t.match(await page.locator('summary', { hasText: 'Filters' }).innerText(), /\(1 in use\)/);
        }
        t.equal(await overflow(page), 0, 'nothing reaches past the right edge');
        t.same(await axeViolations(page), [], 'axe-core');
      });

      await t.test(`${name}: every trash action's accessible name contains its visible text`, async (t) => {
        const form = await app.services.forms.create(formBody([app.employeeIds['Ben Rossi']!]), 'alice');
        await app.services.forms.softDelete(form.id, 'boss');
        const admin = await browser.newContext({ viewport, bypassCSP: true });
        t.teardown(() => admin.close());
        const trash = await admin.newPage();
        await trash.goto(`${base}/login`);
        await trash.getByLabel('Username').fill('boss');
        await trash.getByRole('button', { name: 'Sign in' }).click();
        await trash.goto(`${base}/trash`);
        await trash
          .getByRole('link', { name: /^Delete permanently/ })
          .first()
          .waitFor();
        await trash.addScriptTag({ content: AXE_SOURCE });
        const mismatches = await trash.evaluate(`axe
          .run(document, { runOnly: { type: 'rule', values: ['label-content-name-mismatch'] } })
          .then((r) => [r.violations.length, r.passes.reduce((n, p) => n + p.nodes.length, 0)])`);
        const [violations, passed] = mismatches as [number, number];
        t.equal(violations, 0, 'WCAG 2.5.3 (label in name), an experimental rule axe leaves out by default');
        t.ok(passed >= 2, `the Restore and Delete permanently controls were checked (${passed})`);
        t.same(await axeViolations(trash), [], 'axe-core');
        t.equal(await overflow(trash), 0, 'nothing reaches past the right edge');
      });

      await t.test(`${name}: a save from another tab: "you", the differing fields marked`, async (t) => {
        const form = await app.services.forms.create(formBody([app.employeeIds['Ben Rossi']!]), 'alice');
        const other = await context.newPage();
        for (const tab of [page, other]) await tab.goto(`${base}/forms/${form.id}/edit`);
        await other.getByLabel('Title').fill('Saved in the other tab');
        await other.getByRole('button', { name: 'Save' }).click();
        await other.waitForURL(`${base}/forms/${form.id}`);
        await other.close();
        await page.getByLabel('Location').fill('Room 7');
        await page.getByRole('button', { name: 'Save' }).click();
        const alert = page.getByRole('alert').filter({ hasText: 'another tab' });
        t.match(await alert.getByRole('heading').innerText(), /^You saved this form in another tab or window/);
        const marked = await alert.locator('dt.differs').allInnerTexts();
        t.same(
          marked.map((m) => m.replace(/\s+/g, ' ').trim()),
          ['Title differs', 'Location differs'],
        );
        const background = (css: string) =>
          page.evaluate(`getComputedStyle(document.querySelector('.stale ${css}')).backgroundColor`);
        const [plain, differs] = [await background('dd:not(.differs)'), await background('dd.differs')];
        t.not(differs, plain, 'a differing value is highlighted');
        t.equal(await page.getByLabel('Location').inputValue(), 'Room 7', 'my change still in the field');
        t.equal(await overflow(page), 0, 'nothing reaches past the right edge');
        t.same(await axeViolations(page), [], 'axe-core');
      });
    });
}
