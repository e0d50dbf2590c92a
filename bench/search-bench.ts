/**
 * Text-search benchmark (on demand, not part of `npm test`): seeds N forms into a fresh SQLite file
 * and/or MariaDB database, draws Q distinct realistic queries at random from the seeded text (one
 * word's first 3-8 letters, two words of one form, a whole reference, a quoted pair of title words,
 * a 1-2 character word), and times the list's first page (`summaries`, page 1, 25 a page, sorted by
 * date) of each through the repository, in-process: once with a fresh repository without caches,
 * once with the 5 s list caches (every query is new to them: the first-page cost of a new term).
 *
 *   npx tsx bench/search-bench.ts [--dialect sqlite|mariadb|both] [--forms 100000] [--queries 1000]
 *
 * Prints mean / p50 / p95 / p99 / max per dialect and cache setting; results go to BENCHMARKS.md
 * ("Text search") by hand, with the machine and date. The script uses only what existed before the
 * full-text search, so it runs unchanged on the commit before it (the "before" figures), with
 * bench/search-queries.ts (the query drawing, shared with bench/search-load-bench.ts) copied beside it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectDatabase, type DatabaseSettings } from '../src/adapters/db/connection/connect.ts';
import { migrateToLatest } from '../src/adapters/db/migrator/migrations.ts';
import { KyselyTrainingFormRepository } from '../src/adapters/db/repositories/kysely-training-form-repository.ts';
import { listCaches } from '../src/adapters/db/repositories/short-lived-cache.ts';
import { seedDatabase } from '../src/adapters/db/seed/seed-database.ts';
import { normaliseQuery } from '../src/domain/list-query.ts';
import { createMariadbDatabase } from '../test/helpers/mariadb.ts';
import { drawQueries } from './search-queries.ts';

const { values } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'both' },
    forms: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '1000' },
  },
});

const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return [mean, at(0.5), at(0.95), at(0.99), s.at(-1) ?? 0].map((v) => v.toFixed(1)).join(' | ');
};

async function benchDialect(dialect: 'sqlite' | 'mariadb') {
  const dir = mkdtempSync(join(tmpdir(), 'tf-search-bench-'));
  let drop = async () => {};
  let settings: DatabaseSettings = { dialect: 'sqlite', path: join(dir, 'bench.db') };
  if (dialect === 'mariadb') {
    const created = await createMariadbDatabase('tf_bench');
    settings = created.settings;
    drop = created.drop;
  }
  const handle = connectDatabase(settings);
  try {
    await migrateToLatest(handle.db);
    const started = performance.now();
    await seedDatabase(handle.db, { forms: Number(values.forms), employees: 2000, randomSeed: 1, now: new Date() });
    process.stderr.write(`${dialect}: seeded in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    const sample = await handle.db
      .selectFrom('training_forms')
      .select(['title', 'trainer', 'description', 'reference_document'])
      .where('id', '<=', 5000)
      .execute();
    const queries = drawQueries(sample, Number(values.queries));
    for (const cached of [false, true]) {
      const repo = new KyselyTrainingFormRepository(handle.db, cached ? listCaches() : undefined);
      const ms: number[] = [];
      let matched = 0;
      for (const text of queries) {
        const t0 = performance.now();
        const page = await repo.summaries(normaliseQuery({ text, page: 1, pageSize: 25 }), false);
        ms.push(performance.now() - t0);
        if (page.total > 0) matched++;
      }
      console.log(
        `| ${dialect} | ${cached ? 'on' : 'off'} | ${queries.length} (${matched} with matches) | ${stats(ms)} |`,
      );
    }
  } finally {
    await handle.close();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`${values.forms} forms; first page of each query, ms`);
console.log('| database | caches | queries | mean | p50 | p95 | p99 | max |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const dialect of values.dialect === 'both' ? (['sqlite', 'mariadb'] as const) : [values.dialect as 'sqlite'])
  await benchDialect(dialect);
