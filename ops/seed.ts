import { parseArgs } from 'node:util';
import { connectDatabase } from '../src/adapters/db/connection/connect.ts';
import { migrateToLatest } from '../src/adapters/db/migrator/migrations.ts';
import { ConfigError, loadConfig } from '../src/app/config.ts';
import { seedDatabase } from './seed-data.ts';

/** `npm run seed -- --forms N --employees M [--random-seed S]`: fills the configured database. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      forms: { type: 'string', default: '200' },
      employees: { type: 'string', default: '100' },
      'random-seed': { type: 'string', default: '1' },
    },
  });
  const count = (name: string, v: string) => {
    if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number (got "${v}")`);
    return Number(v);
  };
  const forms = count('forms', values.forms);
  const employees = count('employees', values.employees);
  if (forms > 0 && employees === 0) throw new UsageError('forms need trainees: give --employees of at least 1');
  const config = loadConfig();
  if (config.appEnv === 'production') throw new UsageError('refusing to seed a production database');
  const handle = connectDatabase(config.database);
  try {
    await migrateToLatest(handle.db);
    const started = performance.now();
    const result = await seedDatabase(handle.db, {
      forms,
      employees,
      randomSeed: count('random-seed', values['random-seed']),
      now: new Date(),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`seeded ${result.employees} employees, ${result.forms} forms, ${result.trainees} trainee links into ${config.database.dialect} in ${seconds} s`);
  } finally {
    await handle.close();
  }
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError || error instanceof ConfigError ? error.message : `seed failed: ${String(error)}`);
  process.exit(1);
});
