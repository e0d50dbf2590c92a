import { connectDatabase, type DatabaseHandle, type DatabaseSettings } from '../src/adapters/db/connection/connect.ts';
import { migrateToLatest } from '../src/adapters/db/migrator/migrations.ts';
import { KyselyEmployeeTrainingRecordReader } from '../src/adapters/db/repositories/kysely-employee-training-record-reader.ts';
import { seedDatabase } from '../src/adapters/db/seed/seed-database.ts';
import { EmployeeRecordService } from '../src/domain/employee-record-service.ts';
import { onEachDatabase } from './database-targets.ts';
import { explainCalls } from './query-plans.ts';
import { seedRegister } from './register-seed.ts';

/**
 * `npx tsx bench/employee-record-bench.ts [forms=100000] [employees=10000] [--only sqlite|mariadb] [--explain]`:
 * seeds a throwaway SQLite file and MariaDB database as `matrix-bench.ts` does (forms, employees,
 * a register with ~70% of the forms linked), then times the employee training record for 100
 * employees spread evenly over the range of how many trainings they attended (fewest to most):
 * the SQL alone, the service (employee + trainings, what the page calls), with a date range and
 * with a document filter; and the employee search. One warm-up round, then 3 rounds.
 */
const [forms, employees] = [Number(process.argv[2] ?? 100_000), Number(process.argv[3] ?? 10_000)];
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const explain = process.argv.includes('--explain');
const ROUNDS = 3;
const SAMPLE = 100;
const plans: string[] = [];

const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  return { n: s.length, p50: q(0.5), p95: q(0.95), max: s.at(-1) ?? 0 };
};

async function timeEach<T>(items: readonly T[], call: (item: T) => Promise<number>) {
  for (const item of items) await call(item);
  const ms: number[] = [];
  const rows: number[] = [];
  for (let round = 0; round < ROUNDS; round++)
    for (const item of items) {
      const started = performance.now();
      rows.push(await call(item));
      ms.push(performance.now() - started);
    }
  return { ...stats(ms), rows: `${Math.min(...rows)}-${Math.max(...rows)}` };
}

/** `SAMPLE` employee ids evenly spaced over the employees ordered by how many forms they attended. */
async function spreadOfEmployees(handle: DatabaseHandle): Promise<{ ids: number[]; range: string }> {
  const counts = await handle.db
    .selectFrom('employees as e')
    .leftJoin('training_form_trainees as tr', 'tr.employee_id', 'e.id')
    .groupBy('e.id')
    .select((eb) => ['e.id', eb.fn.count<number | string>('tr.training_form_id').as('n')])
    .execute();
  const sorted = counts.map((c) => ({ id: Number(c.id), n: Number(c.n) })).sort((a, b) => a.n - b.n);
  const picked = Array.from(
    { length: SAMPLE },
    (_, i) => sorted[Math.round((i * (sorted.length - 1)) / (SAMPLE - 1))]!,
  );
  return { ids: picked.map((p) => p.id), range: `${picked[0]?.n}-${picked.at(-1)?.n} forms attended` };
}

async function explainRecord(settings: DatabaseSettings, employeeId: number): Promise<string[]> {
  return explainCalls(
    settings,
    [{}, { from: '2024-01-01', to: '2025-12-31', document: 'bench-001' }].map(
      (filter) =>
        [
          `record ${JSON.stringify(filter)}`,
          (db) => new KyselyEmployeeTrainingRecordReader(db).trainings(employeeId, filter),
        ] as const,
    ),
  );
}

async function bench(settings: DatabaseSettings) {
  const handle = connectDatabase(settings);
  try {
    await migrateToLatest(handle.db);
    const now = new Date();
    const started = performance.now();
    const seeded = await seedDatabase(handle.db, { forms, employees, randomSeed: 1, now });
    const register = await seedRegister(handle.db, { documents: 60, share: 0.7, randomSeed: 1, now });
    console.error(
      `${settings.dialect}: seeded ${JSON.stringify({ ...seeded, linkedForms: register.linkedForms })} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const { ids, range } = await spreadOfEmployees(handle);
    const reader = new KyselyEmployeeTrainingRecordReader(handle.db);
    const service = new EmployeeRecordService({ reader, clock: { now: () => new Date() } });
    const twoYears = { from: `${now.getUTCFullYear() - 2}-01-01`, to: `${now.getUTCFullYear() - 1}-12-31` };
    const results = [
      {
        what: `record, SQL only (${SAMPLE} employees, ${range})`,
        ...(await timeEach(ids, async (id) => (await reader.trainings(id, {})).length)),
      },
      {
        what: 'record, service (employee + trainings)',
        ...(await timeEach(ids, async (id) => (await service.record(id)).entries.length)),
      },
      {
        what: `record, service, ${twoYears.from} to ${twoYears.to}`,
        ...(await timeEach(ids, async (id) => (await service.record(id, twoYears)).entries.length)),
      },
      {
        what: 'record, service, document "bench-001"',
        ...(await timeEach(ids, async (id) => (await service.record(id, { document: 'bench-001' })).entries.length)),
      },
      {
        what: 'search, page 1 of everyone',
        ...(await timeEach([''], async (q) => (await service.search(q, 1, 25)).items.length)),
      },
      {
        what: 'search "schmidt" / "maint" / "example"',
        ...(await timeEach(
          ['schmidt', 'maint', 'example'],
          async (q) => (await service.search(q, 1, 25)).items.length,
        )),
      },
    ];
    if (explain) plans.push(...(await explainRecord(settings, ids.at(-1) ?? 1)));
    return results;
  } finally {
    await handle.close();
  }
}

await onEachDatabase(
  'record',
  only,
  `${forms} forms, ${employees} employees\n\n` +
    '| dialect | call | calls | p50 ms | p95 ms | max ms | rows per call |\n| --- | --- | --- | --- | --- | --- | --- |',
  async (settings) =>
    (await bench(settings)).map(
      (r) =>
        `| ${settings.dialect} | ${r.what} | ${r.n} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} | ${r.rows} |`,
    ),
  plans,
);
