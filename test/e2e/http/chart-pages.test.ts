import t from 'tap';
import { forEachDialect } from '../../helpers/targets.ts';
import { Client, formBody, startTestApp } from '../../helpers/http-app.ts';
import { toDbTime } from '../../../src/adapters/db/connection/db-values.ts';
import { recountMonths } from '../../../src/adapters/db/repositories/training-form-months.ts';
import { CHART_MATCH_CAP } from '../../../src/domain/training-months.ts';

// The pictures on the pages (issue 19): the list's forms per month and the matrix overview are SVG
// drawn on the server; their numbers must be the table's beside them and the queries' they draw from.

/** The `<title>` of each bar of the list's chart: [month name, forms]. */
const barTitles = (html: string) =>
  [...html.matchAll(/<g class="bar"><title>([^<:]+): ([\d,]+) forms?<\/title>/g)].map((m) => [
    m[1],
    Number(m[2]?.replace(/,/g, '')),
  ]);
/** The rows of the chart's table: [month name, forms]. */
const tableRows = (html: string) =>
  [...html.matchAll(/<th scope="row"><time datetime="[\d-]+">([^<]+)<\/time><\/th><td data-forms="(\d+)">/g)].map(
    (m) => [m[1], Number(m[2])],
  );

await forEachDialect(t, async (t, handle, ctx) => {
  const env = await startTestApp(ctx.settings);
  t.teardown(() => env.close());
  const { employeeIds: ids, services } = env;
  const boss = new Client(env.app);
  await boss.signIn('boss');

  await t.test(
    'the list: forms per month for the current filters, the same numbers in the bars and the table',
    async (t) => {
      const trainer = 'Chart Tester';
      const made = [];
      for (const trainingDate of ['2026-11-20', '2026-11-02', '2026-09-03', '2025-12-31', '2025-12-01', '2024-06-30'])
        made.push(await services.forms.create(formBody([ids['Anna Schmidt']!], { trainer, trainingDate }), 'boss'));
      await services.forms.softDelete(made[4]!.id, 'boss');

      const page = await boss.get(`/?trainer=${encodeURIComponent(trainer)}`);
      t.equal(page.statusCode, 200);
      t.match(
        page.body,
        /<svg class="chart bar-chart"[^>]*role="img" aria-label="Training forms per month, December 2024 to November 2026: 4 forms, most in November 2026 \(2\)\."/,
      );
      const bars = barTitles(page.body);
      t.equal(bars.length, 24, 'the last 24 months up to today');
      t.same(bars, tableRows(page.body), 'the bars and the table agree');
      const expected = (await services.forms.trainingsPerMonth({ trainer })) ?? [];
      t.same(
        bars,
        expected.map((m) => [
          new Date(`${m.month}-01T00:00:00Z`).toLocaleString('en-US', {
            month: 'long',
            year: 'numeric',
            timeZone: 'UTC',
          }),
          m.forms,
        ]),
        'and the query',
      );
      t.same(
        bars.filter(([, n]) => Number(n) > 0),
        [
          ['December 2025', 1],
          ['September 2026', 1],
          ['November 2026', 2],
        ],
        'the deleted form and the one before the window are not counted',
      );
      t.equal((page.body.match(/<rect /g) ?? []).length, 3, 'a bar only where there are forms');

      const narrowed = await boss.get(`/?trainer=${encodeURIComponent(trainer)}&from=2026-10-01`);
      t.same(barTitles(narrowed.body), [
        ['October 2026', 0],
        ['November 2026', 2],
      ]);
      t.match(narrowed.body, /<p class="results-bar"><span>2 forms<\/span>/, 'the list total is the bars’ sum');
      t.notMatch((await boss.get('/?trainer=Nobody+Here')).body, /month-chart/, 'no chart when nothing matches');

      // The counts are kept a few seconds, but a form saved through this app shows at once.
      await services.forms.create(formBody([ids['Ben Rossi']!], { trainer, trainingDate: '2026-11-21' }), 'boss');
      t.same(barTitles((await boss.get(`/?trainer=${encodeURIComponent(trainer)}&from=2026-10-01`)).body).at(-1), [
        'November 2026',
        3,
      ]);
    },
  );

  await t.test(
    `a narrowed list with more than ${CHART_MATCH_CAP} matches: no chart, and the page says why`,
    async (t) => {
      const trainer = 'Crowded Chart';
      const at = toDbTime(new Date('2026-11-01T09:00:00.000Z'));
      const dates = Array.from({ length: CHART_MATCH_CAP + 1 }, (_, i) => `2026-0${(i % 6) + 3}-10`);
      for (let i = 0; i < dates.length; i += 500)
        await handle.db
          .insertInto('training_forms')
          .values(
            dates.slice(i, i + 500).map((training_date, j) => ({
              title: `Crowded ${i + j}`,
              training_type: 'Internal',
              trainer,
              training_date,
              duration_minutes: 30,
              created_by: 'test',
              created_at: at,
              updated_by: 'test',
              updated_at: at,
            })),
          )
          .execute();
      await recountMonths(handle.db);
      const page = await boss.get(`/?trainer=${encodeURIComponent(trainer)}`);
      t.equal(page.statusCode, 200);
      t.match(page.body, '10,000+ forms');
      t.notMatch(page.body, 'month-chart-caption', 'no chart');
      t.match(page.body, /No chart of forms per month: more than 10,000 forms match in its months/);
      const home = await boss.get('/');
      t.match(home.body, 'month-chart-caption', 'the unfiltered list still has its chart');
      const march = barTitles(home.body).find(([month]) => month === 'March 2026');
      t.ok(Number(march?.[1]) >= 1667, 'counting the crowded months from the per-month counts');
    },
  );

  await t.test(
    'the matrix overview: departments × documents, each cell the department matrix’s numbers, linked to who is missing',
    async (t) => {
      const sop = await services.documents.create(
        { reference: 'SOP-9', title: 'Gowning', revision: 'A', effectiveDate: '2026-01-01' },
        'boss',
      );
      const wi = await services.documents.create(
        { reference: 'WI-3', title: 'Labels & <tags>', revision: '1', effectiveDate: '2026-02-01' },
        'boss',
      );
      await services.requirements.require(sop.document.id, { kind: 'department', value: 'Production' }, 'boss');
      await services.requirements.require(sop.document.id, { kind: 'department', value: 'Quality Assurance' }, 'boss');
      await services.requirements.require(wi.document.id, { kind: 'department', value: 'Production' }, 'boss');
      const onSop = {
        documentRevisionId: String(sop.revisions[0]!.id),
        referenceDocument: '',
        referenceRevision: '',
        trainingDate: '2026-03-01',
      };
      await services.forms.create(formBody([ids['Ben Rossi']!, ids['Anna Schmidt']!], onSop), 'boss');

      const page = await boss.get('/matrix');
      t.equal(page.statusCode, 200);
      const cells = [
        ...page.body.matchAll(/<a href="([^"]+)" class="heat-(\w+)" tabindex="-1"><title>([^<]+)<\/title>/g),
      ].map((m) => [m[1], m[2], m[3]]);
      t.same(cells, [
        [
          '/matrix?department=Production&amp;status=never',
          'half',
          'Production · SOP-9: 1 of 2 current (50%), 0 needs retraining, 1 never trained',
        ],
        [
          '/matrix?department=Production&amp;status=never',
          'few',
          'Production · WI-3: 0 of 2 current (0%), 0 needs retraining, 2 never trained',
        ],
        [
          '/matrix?department=Quality%20Assurance&amp;status=never',
          'few',
          'Quality Assurance · SOP-9: 1 of 3 current (33%), 0 needs retraining, 2 never trained',
        ],
      ]);
      const table = [...page.body.matchAll(/data-current="(\d+)" data-total="(\d+)">/g)].map((m) => [
        Number(m[1]),
        Number(m[2]),
      ]);
      t.same(
        table,
        [
          [1, 2],
          [0, 2],
          [1, 3],
        ],
        'the table says the same',
      );
      t.match(
        page.body,
        /<td class="num"><span class="muted">–<\/span><\/td><\/tr>/,
        'WI-3 is not required of Quality Assurance',
      );
      for (const department of ['Production', 'Quality Assurance']) {
        const single = await services.matrix.forDepartment(department);
        const counts = single.documents.map((d) => [
          d.document.reference,
          d.counts.current,
          d.counts.current + d.counts.outdated + d.counts.never,
        ]);
        const drawn = cells
          .filter(([, , title]) => title?.startsWith(`${department} ·`))
          .map(([, , title]) => {
            const m = /· ([^:]+): (\d+) of (\d+)/.exec(title ?? '');
            return [m?.[1], Number(m?.[2]), Number(m?.[3])];
          });
        t.same(drawn, counts, `${department}: the department matrix's counts`);
      }
      const missing = await boss.get('/matrix?department=Production&status=never');
      t.equal(missing.statusCode, 200);
      t.match(missing.body, /David Kowalski/, 'the cell leads to who is missing');
    },
  );
});
