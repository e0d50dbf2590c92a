/**
 * The seeded database of the search-load benchmark, kept between runs: a SQLite file
 * `<dir>/forms-<N>.db` or the MariaDB database `tf_search_load_<N>`, so 1M forms are seeded once
 * and `--reuse`d after (the benchmark only reads; its sign-ins add a session row each).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { connectDatabase, type DatabaseSettings } from '../src/adapters/db/connection/connect.ts';
import { migrateToLatest } from '../src/adapters/db/migrator/migrations.ts';
import { seedDatabase } from '../src/adapters/db/seed/seed-database.ts';
import { MARIADB } from '../test/helpers/mariadb.ts';

export interface BenchDatabase {
  readonly settings: DatabaseSettings;
  /** Removes the file or drops the database. */
  readonly drop: () => Promise<void>;
}

/**
 * Where the database for `forms` lives (whether or not it exists yet); `mariadbName` names the
 * MariaDB database instead of `tf_search_load_<N>`.
 */
export function benchDatabase(
  dialect: 'sqlite' | 'mariadb',
  forms: number,
  dir: string,
  mariadbName?: string,
): BenchDatabase {
  if (dialect === 'sqlite') {
    const path = join(dir, `forms-${forms}.db`);
    return {
      settings: { dialect: 'sqlite', path },
      drop: async () => {
        for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
      },
    };
  }
  const database = mariadbName ?? `tf_search_load_${forms}`;
  return {
    settings: { dialect: 'mariadb', ...MARIADB, database, connectionLimit: 5, connectTimeoutMs: 5000 },
    drop: async () => {
      const c = await createConnection(MARIADB);
      await c.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await c.end();
    },
  };
}

/** Active forms in the database, or null when it does not exist or holds no schema. */
async function formsIn(target: BenchDatabase): Promise<number | null> {
  if (target.settings.dialect === 'sqlite' && !existsSync(target.settings.path)) return null;
  const handle = connectDatabase(target.settings);
  try {
    const row = await handle.db
      .selectFrom('training_forms')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}

/**
 * The database of `forms` forms and `employees` employees (seed 1): reused as it is when `reuse`
 * and it holds that many forms, else made afresh (dropped, migrated, seeded).
 */
export async function prepareDatabase(
  target: BenchDatabase,
  o: { forms: number; employees: number; reuse: boolean; log: (line: string) => void },
): Promise<void> {
  const name = target.settings.dialect;
  if (o.reuse && (await formsIn(target)) === o.forms) {
    o.log(`${name}: reusing ${o.forms} forms`);
    return;
  }
  await target.drop();
  if (target.settings.dialect === 'sqlite') mkdirSync(join(target.settings.path, '..'), { recursive: true });
  else {
    const c = await createConnection(MARIADB);
    await c.query(`CREATE DATABASE \`${target.settings.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await c.end();
  }
  const handle = connectDatabase(target.settings);
  try {
    await migrateToLatest(handle.db);
    const started = performance.now();
    const seeded = await seedDatabase(handle.db, {
      forms: o.forms,
      employees: o.employees,
      randomSeed: 1,
      now: new Date(),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    o.log(`${name}: seeded ${seeded.forms} forms, ${seeded.trainees} trainee links in ${seconds} s`);
  } finally {
    await handle.close();
  }
}
