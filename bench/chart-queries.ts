/**
 * The pictures' queries at 100k forms (on demand): seeds a fresh SQLite (or MariaDB) database as the
 * pages benchmark does, then times, in this process, the list chart's forms-per-month (the GROUP BY
 * itself, and a cached call with the chart drawn), and the matrix overview (`departmentTallies`
 * and the whole `TrainingMatrixService.overview`, with the heat grid drawn).
 *
 *   npx tsx bench/chart-queries.ts [--dialect sqlite|mariadb] [--forms 100000] [--rounds 20]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectDatabase, type DatabaseSettings } from '../src/adapters/db/connection/connect.ts';
import { migrateToLatest } from '../src/adapters/db/migrator/migrations.ts';
import { KyselyRegisterUnitOfWork } from '../src/adapters/db/repositories/kysely-register-unit-of-work.ts';
import { KyselyTrainingFormRepository } from '../src/adapters/db/repositories/kysely-training-form-repository.ts';
import { KyselyTrainingMatrixQueries } from '../src/adapters/db/repositories/kysely-training-matrix-queries.ts';
import { KyselyUnitOfWork } from '../src/adapters/db/repositories/kysely-unit-of-work.ts';
import { FsAttachmentStore } from '../src/adapters/storage/fs-attachment-store.ts';
import { seedDatabase } from '../src/adapters/db/seed/seed-database.ts';
import { matrixOverviewChart } from '../src/adapters/http/charts/matrix-overview-chart.ts';
import { monthChart } from '../src/adapters/http/charts/month-chart.ts';
import { normaliseQuery } from '../src/domain/list-query.ts';
import { TrainingFormService } from '../src/domain/training-form-service.ts';
import { TrainingMatrixService } from '../src/domain/training-matrix-service.ts';
import { chartMonths, withinMonths } from '../src/domain/training-months.ts';
import { createMariadbDatabase } from '../test/helpers/mariadb.ts';
import { seedRegister } from './register-seed.ts';

const { values } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    forms: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '20' },
  },
});
const rounds = Number(values.rounds);

/** Median milliseconds of `rounds` runs of `work`. */
async function median(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const dir = mkdtempSync(join(tmpdir(), 'tf-chart-bench-'));
const mariadb = values.dialect === 'mariadb' ? await createMariadbDatabase() : null;
const settings: DatabaseSettings = mariadb ? mariadb.settings : { dialect: 'sqlite', path: join(dir, 'bench.db') };
const handle = connectDatabase(settings);
try {
  await migrateToLatest(handle.db);
  await seedDatabase(handle.db, { forms: Number(values.forms), employees: 2000, randomSeed: 1, now: new Date() });
  await seedRegister(handle.db, { documents: 60, share: 0.7, randomSeed: 1, now: new Date() });
  const clock = { now: () => new Date() };
  const forms = new TrainingFormService({
    uow: new KyselyUnitOfWork(handle.db),
    files: new FsAttachmentStore(dir),
    clock,
  });
  const uncached = new KyselyTrainingFormRepository(handle.db);
  const query = normaliseQuery({});
  const window = withinMonths(query, chartMonths(query, new Date().toISOString().slice(0, 10)));
  const matrix = new TrainingMatrixService({
    uow: new KyselyRegisterUnitOfWork(handle.db),
    matrix: new KyselyTrainingMatrixQueries(handle.db),
    clock,
  });
  const queries = new KyselyTrainingMatrixQueries(handle.db);
  const rows = [
    ['forms per month, the GROUP BY (24 months, no filter)', await median(() => uncached.monthlyCounts(window, false))],
    [
      'forms per month, the GROUP BY (trainer filter)',
      await median(() => uncached.monthlyCounts({ ...window, trainer: 'Weber' }, false)),
    ],
    [
      'list chart per request, cached, drawn',
      await median(async () => monthChart((await forms.trainingsPerMonth({})) ?? [])),
    ],
    ['matrix overview: departmentTallies', await median(() => queries.departmentTallies())],
    ['matrix overview: service + heat grid', await median(async () => matrixOverviewChart(await matrix.overview()))],
  ] as const;
  console.log(`${values.dialect}, ${values.forms} forms, median of ${rounds}; ${new Date().toISOString()}`);
  for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(2)} ms |`);
} finally {
  await handle.close();
  await mariadb?.drop();
  rmSync(dir, { recursive: true, force: true });
}
