import { connectDatabase, type DatabaseSettings } from '../src/adapters/db/connection/connect.ts';
import { migrateToLatest } from '../src/adapters/db/migrator/migrations.ts';
import { KyselyRegisterUnitOfWork } from '../src/adapters/db/repositories/kysely-register-unit-of-work.ts';
import { KyselyTrainingMatrixQueries } from '../src/adapters/db/repositories/kysely-training-matrix-queries.ts';
import { TrainingMatrixService } from '../src/domain/training-matrix-service.ts';
import { seedDatabase } from '../src/adapters/db/seed/seed-database.ts';
import { onEachDatabase } from './database-targets.ts';
import { explainMatrix } from './matrix-explain.ts';
import { SEED_DEPARTMENTS, seedRegister } from './register-seed.ts';

/**
 * `npx tsx bench/matrix-bench.ts [forms=100000] [employees=10000] [--only sqlite|mariadb] [--explain]`: seeds a
 * throwaway SQLite file and MariaDB database (forms, employees, then a register of 60 documents
 * with ~70% of the forms linked to a revision), then times the training matrix through
 * `TrainingMatrixService`: every row (the CSV: the SQL aggregation plus the domain's
 * classification) and the page (`documentPage` / `departmentPage`: counts, overdue and one page of
 * people from the database, as the pages call it); every required document once per round, every
 * department once per round, 3 rounds after one warm-up round. The pages are timed computed (a
 * service keeping none: what the first request after a change costs) and kept (a hit: the
 * generation's read and the kept page), and the generation's read alone. Prints a Markdown table; `--explain`
 * also prints both query plans.
 */
const [forms, employees] = [Number(process.argv[2] ?? 100_000), Number(process.argv[3] ?? 10_000)];
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const ROUNDS = 3;
const explain = process.argv.includes('--explain');
const plans: string[] = [];

const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  return {
    n: s.length,
    p50: q(0.5),
    p95: q(0.95),
    max: s.at(-1) ?? 0,
    mean: s.reduce((a, b) => a + b, 0) / (s.length || 1),
  };
};
const fmt = (n: number) => n.toFixed(1);

async function timeEach<T>(items: readonly T[], call: (item: T) => Promise<{ rows: readonly unknown[] }>) {
  for (const item of items) await call(item); // warm-up round
  const ms: number[] = [];
  let rows = 0;
  for (let round = 0; round < ROUNDS; round++)
    for (const item of items) {
      const started = performance.now();
      const result = await call(item);
      ms.push(performance.now() - started);
      rows += result.rows.length;
    }
  return { ...stats(ms), rowsPerCall: Math.round(rows / ms.length) };
}

async function bench(settings: DatabaseSettings) {
  const handle = connectDatabase(settings);
  try {
    await migrateToLatest(handle.db);
    const now = new Date();
    let started = performance.now();
    const seeded = await seedDatabase(handle.db, { forms, employees, randomSeed: 1, now });
    const register = await seedRegister(handle.db, { documents: 60, share: 0.7, randomSeed: 1, now });
    const seedSeconds = (performance.now() - started) / 1000;
    console.error(
      `${settings.dialect}: seeded ${JSON.stringify({ ...seeded, ...register, documentIds: register.documentIds.length })} in ${seedSeconds.toFixed(1)} s`,
    );
    const required = (
      await handle.db
        .selectFrom('training_requirements')
        .select('document_id')
        .distinct()
        .orderBy('document_id')
        .execute()
    ).map((r) => r.document_id);
    const queries = new KyselyTrainingMatrixQueries(handle.db);
    // `service` keeps no page: every call is what the first request after a change costs (a miss).
    const service = new TrainingMatrixService({
      uow: new KyselyRegisterUnitOfWork(handle.db),
      matrix: queries,
      clock: { now: () => new Date() },
      pagesKept: 0,
    });
    const keeping = new TrainingMatrixService({
      uow: new KyselyRegisterUnitOfWork(handle.db),
      matrix: queries,
      clock: { now: () => new Date() },
    });
    for (const id of required) await keeping.documentPage(id);
    for (const d of SEED_DEPARTMENTS) await keeping.departmentPage(d);
    started = performance.now();
    const documentSql = await timeEach(required, async (id) => ({ rows: await queries.documentTraining(id) }));
    const documents = await timeEach(required, (id) => service.forDocument(id));
    const documentPages = await timeEach(required, async (id) => ({
      rows: (await service.documentPage(id)).shown.rows,
    }));
    const departmentSql = await timeEach(SEED_DEPARTMENTS, async (d) => ({
      rows: await queries.departmentTraining(d),
    }));
    const departments = await timeEach(SEED_DEPARTMENTS, (d) => service.forDepartment(d));
    const departmentPages = await timeEach(SEED_DEPARTMENTS, async (d) => ({
      rows: (await service.departmentPage(d)).shown.rows,
    }));
    const generations = await timeEach(required, async () => ({ rows: [await queries.generation()] }));
    const keptDocumentPages = await timeEach(required, async (id) => ({
      rows: (await keeping.documentPage(id)).shown.rows,
    }));
    const keptDepartmentPages = await timeEach(SEED_DEPARTMENTS, async (d) => ({
      rows: (await keeping.departmentPage(d)).shown.rows,
    }));
    if (explain) plans.push(...(await explainMatrix(settings, required[0] ?? 0, 'Maintenance')));
    console.error(`${settings.dialect}: timed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return [
      { what: `document, SQL only (${required.length} required documents × ${ROUNDS})`, ...documentSql },
      { what: `document matrix, service (every row)`, ...documents },
      { what: `document matrix page, service (page 1), computed: a miss`, ...documentPages },
      { what: `department, SQL only (${SEED_DEPARTMENTS.length} departments × ${ROUNDS})`, ...departmentSql },
      { what: `department matrix, service (every row)`, ...departments },
      { what: `department matrix page, service (page 1), computed: a miss`, ...departmentPages },
      { what: `the matrix generation (primary-key read)`, ...generations },
      { what: `document matrix page, kept (page 1): a hit`, ...keptDocumentPages },
      { what: `department matrix page, kept (page 1): a hit`, ...keptDepartmentPages },
    ];
  } finally {
    await handle.close();
  }
}

await onEachDatabase(
  'matrix',
  only,
  `${forms} forms, ${employees} employees\n\n` +
    '| dialect | query | calls | p50 ms | p95 ms | max ms | mean ms | rows per call |\n| --- | --- | --- | --- | --- | --- | --- | --- |',
  async (settings) =>
    (await bench(settings)).map(
      (r) =>
        `| ${settings.dialect} | ${r.what} | ${r.n} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.max)} | ${fmt(r.mean)} | ${r.rowsPerCall} |`,
    ),
  plans,
);
