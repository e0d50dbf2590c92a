/**
 * The forms list at depth and under each filter (on demand, not part of `npm test`), on a database
 * seeded beforehand (`npm run seed -- --forms 1000000 --employees 10000`, README): each case is one
 * `summaries` call through the repository without the 5 s caches (the count and the page: what a
 * list request costs the database the first time), timed in-process, median of `--runs`.
 *
 *   npx tsx bench/list-paging-bench.ts --sqlite /path/forms.db [--runs 5] [--explain]
 *   npx tsx bench/list-paging-bench.ts --mariadb tf_seek_1m [--runs 5] [--explain] [--cases <regexp>]
 *
 * `--explain` runs each case once more and prints the plan of each query it sent (SQLite EXPLAIN
 * QUERY PLAN, MariaDB EXPLAIN). Figures go
 * to BENCHMARKS.md ("Seek pages and list filters at 1M forms") by hand, with machine and date.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { connectDatabase, type DatabaseSettings } from '../src/adapters/db/connection/connect.ts';
import { KyselyTrainingFormRepository } from '../src/adapters/db/repositories/kysely-training-form-repository.ts';
import { normaliseQuery, type TrainingFormQuery } from '../src/domain/list-query.ts';
import { MARIADB } from '../test/helpers/mariadb.ts';
import { explainCalls } from './query-plans.ts';

const { values } = parseArgs({
  options: {
    sqlite: { type: 'string' },
    mariadb: { type: 'string' },
    runs: { type: 'string', default: '5' },
    explain: { type: 'boolean', default: false },
    /** Only the cases whose label matches this regular expression (MariaDB's offset page 30,000 takes ~100 s). */
    cases: { type: 'string', default: '' },
  },
});
const settings: DatabaseSettings = values.sqlite
  ? { dialect: 'sqlite', path: values.sqlite }
  : { dialect: 'mariadb', ...MARIADB, database: values.mariadb ?? '', connectionLimit: 2, connectTimeoutMs: 5000 };

const handle = connectDatabase(settings);
const repo = new KyselyTrainingFormRepository(handle.db);
const DEEP_PAGE = 30_000;
try {
  const employee = await handle.db
    .selectFrom('employees')
    .select(['id', 'display_name'])
    .where('id', '=', 1234)
    .executeTakeFirstOrThrow();
  const surname = employee.display_name.split(' ').at(-1) ?? '';
  // The rows that start and end page DEEP_PAGE - 1, read from the index alone (the page itself by
  // number takes ~100 s on MariaDB).
  const rowAt = (offset: number) =>
    handle.db
      .selectFrom('training_forms')
      .select(['training_date as trainingDate', 'id'])
      .where('deleted', '=', 0)
      .orderBy('training_date', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .offset(offset)
      .executeTakeFirstOrThrow();
  const [start, last] = [await rowAt((DEEP_PAGE - 2) * 25), await rowAt((DEEP_PAGE - 1) * 25 - 1)];
  const cases: [string, Partial<TrainingFormQuery>][] = [
    ['no filter, page 1', {}],
    [`no filter, page ${DEEP_PAGE} by number`, { page: DEEP_PAGE }],
    [`no filter, page ${DEEP_PAGE} by cursor`, { page: DEEP_PAGE, cursor: { direction: 'after', ...last } }],
    [
      `no filter, page ${DEEP_PAGE - 2} by cursor (Previous)`,
      { page: DEEP_PAGE - 2, cursor: { direction: 'before', ...start } },
    ],
    [`trainee chosen (employee ${employee.id})`, { traineeId: employee.id }],
    [`trainee typed ("${surname}")`, { traineeName: surname }],
    [`trainee typed, full name ("${employee.display_name}")`, { traineeName: employee.display_name }],
    ['training date, one month', { dateFrom: '2024-03-01', dateTo: '2024-03-31' }],
    ['training date, one year', { dateFrom: '2024-01-01', dateTo: '2024-12-31' }],
    ['training type', { trainingType: 'External' }],
    ['reference document (SOP-123)', { referenceDocument: 'SOP-123' }],
    ['revision (h)', { referenceRevision: 'h' }],
    ['reference and revision', { referenceDocument: 'SOP-123', referenceRevision: 'b' }],
    ['text "forklift", page 1', { text: 'forklift' }],
  ];
  const only = new RegExp(values.cases);
  const chosen = cases.filter(([label]) => only.test(label));
  const runs = Number(values.runs);
  console.log(
    `${settings.dialect}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log('| case | matches | median ms | min ms |');
  console.log('| --- | --- | --- | --- |');
  for (const [label, query] of chosen) {
    const ms: number[] = [];
    let total = '';
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const page = await repo.summaries(normaliseQuery(query), false);
      ms.push(performance.now() - started);
      total = `${page.total.toLocaleString('en-US')}${page.totalCapped ? '+' : ''}`;
    }
    ms.sort((a, b) => a - b);
    console.log(`| ${label} | ${total} | ${ms[Math.floor(ms.length / 2)]!.toFixed(1)} | ${ms[0]!.toFixed(1)} |`);
  }
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  if (values.explain) {
    const plans = await explainCalls(
      settings,
      chosen.map(
        ([label, query]) =>
          [label, (db) => new KyselyTrainingFormRepository(db).summaries(normaliseQuery(query), false)] as const,
      ),
      true,
    );
    console.log(plans.join('\n'));
  }
} finally {
  await handle.close();
}
