import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { browserAgainstApp, chromiumUnavailableReason } from '../../helpers/chromium.ts';
import { formBody } from '../../helpers/http-app.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';

// The pages' pictures in real Chromium (issue 19): the list's forms per month and the matrix
// overview, at a laptop's and a phone's width, screenshot into a folder (CHART_SHOTS_DIR keeps
// them; else a temp folder, removed after), each fitting its viewport, their titles matching the
// table beside them, and the matrix overview printing with its colours.

const VIEWPORTS = [
  { width: 1366, height: 800 },
  { width: 390, height: 844 },
] as const;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const overflow = async (page: Page) =>
  Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
/** Texts of the elements matching `selector`, in document order (hidden ones too). */
const texts = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));

if (requireOrSkip(t, 'Chromium', chromiumUnavailableReason())) {
  const { base, browser, app } = await browserAgainstApp(t);
  const { services, employeeIds: ids } = app;
  const shots = process.env.CHART_SHOTS_DIR ?? mkdtempSync(join(tmpdir(), 'tf-chart-shots-'));
  mkdirSync(shots, { recursive: true });
  if (!process.env.CHART_SHOTS_DIR) t.teardown(() => rmSync(shots, { recursive: true, force: true }));

  const days = ['2026-11-20', '2026-11-03', '2026-10-14', '2026-08-01', '2026-03-09', '2025-12-31', '2025-06-06'];
  for (const [i, trainingDate] of days.entries())
    await services.forms.create(formBody([ids['Anna Schmidt']!], { trainingDate, title: `Session ${i}` }), 'boss');
  const documents = [];
  for (const reference of ['SOP-CR-004', 'SOP-QA-017', 'WI-PR-120', 'WI-PR-121', 'FORM-9'])
    documents.push(
      await services.documents.create(
        { reference, title: reference, revision: 'A', effectiveDate: '2026-01-01' },
        'boss',
      ),
    );
  for (const [i, d] of documents.entries()) {
    for (const value of i % 2 ? ['Production'] : ['Production', 'Quality Assurance'])
      await services.requirements.require(d.document.id, { kind: 'department', value }, 'boss');
    const trainees = [ids['Ben Rossi']!, ids['Anna Schmidt']!, ids['Chiara Nguyen']!].slice(0, i % 4);
    if (trainees.length)
      await services.forms.create(
        formBody(trainees, {
          documentRevisionId: String(d.revisions[0]!.id),
          referenceDocument: '',
          referenceRevision: '',
          trainingDate: '2026-02-02',
        }),
        'boss',
      );
  }

  async function shoot(t: Test, page: Page, name: string, selector: string, width: number) {
    const chart = page.locator(selector);
    t.ok(await chart.isVisible(), `${name}: drawn`);
    const box = await chart.boundingBox();
    t.ok(box && box.width > 100 && box.x >= 0 && box.x + box.width <= width, `${name}: fits the ${width} px viewport`);
    t.equal(await overflow(page), 0, `${name}: nothing scrolls sideways`);
    const file = join(shots, `${name}-${width}.png`);
    await chart.screenshot({ path: file });
    const png = readFileSync(file);
    t.ok(png.length > 1000 && png.subarray(0, 8).equals(PNG), `${name}: a PNG screenshot`);
  }

  for (const viewport of VIEWPORTS) {
    await t.test(`at ${viewport.width} px`, async (t) => {
      const context = await browser.newContext({ viewport });
      t.teardown(() => context.close());
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(`${base}/login`);
      await page.getByLabel('Username').fill('boss');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${base}/`);

      await shoot(t, page, 'list', 'figure.month-chart svg', viewport.width);
      const bars = await texts(page, 'figure.month-chart g.bar > title');
      const rows = await page
        .locator('table.month-table tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => `${tr.querySelector('th')?.textContent}: ${tr.querySelector('td')?.textContent}`),
        );
      t.equal(bars.length, 24);
      t.same(
        bars,
        rows.map((r) => r.replace(/: (\d+)$/, (_, n: string) => `: ${n} ${n === '1' ? 'form' : 'forms'}`)),
        'the bars say what the table says',
      );
      t.ok(bars.includes('November 2026: 2 forms') && bars.includes('December 2025: 1 form'));
      t.equal(await page.getByRole('img', { name: /Training forms per month/ }).count(), 1, 'an image with a name');

      await page.goto(`${base}/matrix`);
      await shoot(t, page, 'matrix', 'figure.matrix-overview svg', viewport.width);
      t.match(
        await page.locator('svg.heat-grid').getAttribute('data-summary'),
        /Share trained on the current revision, 2 departments × 5 documents/,
      );
      t.equal(
        await page.locator('svg.heat-grid').getAttribute('aria-hidden'),
        'true',
        'for the eye: the table beside it is what a screen reader reads',
      );
      const titles = await texts(page, 'svg.heat-grid a > title');
      const table = await page
        .locator('table.overview-table a[data-current]')
        .evaluateAll((as) => as.map((a) => `${a.getAttribute('data-current')} of ${a.getAttribute('data-total')}`));
      t.equal(titles.length, 8, 'Production × 5 documents, Quality Assurance × 3');
      t.same(
        titles.map((s) => /: (\d+ of \d+) current/.exec(s)?.[1]),
        table,
        'the cells say what the table says',
      );
      await page.locator('svg.heat-grid a').first().click();
      await page.waitForURL(/\/matrix\?department=Production&status=never/);
      t.match(await page.getByRole('heading', { level: 1 }).textContent(), /Production/, 'a cell opens who is missing');
    });
  }

  await t.test('the matrix overview prints with its colours, within the page', async (t) => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
    t.teardown(() => context.close());
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Username').fill('boss');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
    await page.goto(`${base}/matrix`);
    await page.emulateMedia({ media: 'print' });
    t.notOk(await page.locator('header.top nav').first().isVisible(), 'printed: no navigation');
    const chart = page.locator('figure.matrix-overview svg');
    t.ok(await chart.isVisible(), 'printed: the chart');
    const style = (selector: string, property: string) =>
      page.evaluate(`getComputedStyle(document.querySelector('${selector}')).${property}`);
    t.equal(await style('figure.matrix-overview svg', 'printColorAdjust'), 'exact', 'printed: in colour');
    t.not(await style('svg.heat-grid a rect', 'fill'), 'none', 'printed: the cells filled');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    t.equal(pdf.subarray(0, 5).toString(), '%PDF-', 'Chromium prints it to a PDF');
    await page.pdf({ path: join(shots, 'matrix-print.pdf'), format: 'A4' });
    await page.emulateMedia({ media: 'screen' });
  });
}
