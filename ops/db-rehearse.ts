import { connectDatabase } from '../src/adapters/db/connection/connect.ts';
import { planUpgrade } from '../src/adapters/db/migrator/migration-plan.ts';
import { runMigrations } from '../src/adapters/db/migrator/migration-runner.ts';
import { createScratchCopy } from '../src/adapters/db/migrator/scratch-copy.ts';
import { formatCheckReport } from '../src/adapters/schema-check/check-report.ts';
import type { Config } from '../src/app/config.ts';
import { buildCheckReport } from './db-check.ts';
import { describeTarget, openDatabase, readStatus, type DbArgs } from './db-commands.ts';
import { eventPrinter, type Output } from './db-output.ts';

/**
 * `rehearse [--json]`: what `check` will say once `upgrade head` has run, found without changing
 * the database. The structure and migration bookkeeping of the database (no rows) are copied into
 * a scratch database, the pending migrations are applied there, the copy is checked against the
 * declaration, and the copy is dropped. Exit 0 when that check is clean, 1 when a migration fails
 * on the copy or the check finds a mismatch, 2 when it cannot run (the caller's error handling).
 * The deploy runs it before it touches anything (docs/deployment.md).
 */
export async function rehearse(config: Config, args: DbArgs, o: Output): Promise<number> {
  const live = await openDatabase(config, true);
  let copy;
  try {
    copy = await createScratchCopy(live, config.database);
  } finally {
    await live.close();
  }
  const say = (line: string) => (args.json ? o.err(line) : o.out(line));
  try {
    say(`rehearsal: the structure of ${describeTarget(config.database)} copied without rows to ${describeTarget(copy.settings)}`);
    const handle = connectDatabase(copy.settings);
    let applied: string[];
    try {
      const plan = planUpgrade(await readStatus(handle, args.migrationsDir), 'head');
      say(plan.length ? `rehearsal: applying ${plan.length} pending migration(s) to the copy` : 'rehearsal: no pending migrations');
      applied = await runMigrations(handle.db, plan, 'up', { lockTimeoutSeconds: args.lockTimeoutSeconds, onEvent: eventPrinter({ out: say, err: o.err }, false) });
    } finally {
      await handle.close();
    }
    const report = await buildCheckReport({ ...config, database: copy.settings }, args);
    if (args.json) o.out(JSON.stringify({ ...report, rehearsal: { source: describeTarget(config.database), applied } }, null, 2));
    else for (const line of formatCheckReport(report)) o.out(line);
    say(report.ok
      ? `rehearsal: ✅ after ${applied.length} migration(s) the database will match this release's declared schema; the database itself was not changed`
      : "rehearsal: ❌ after upgrade head the database would NOT match this release's declared schema; the database itself was not changed");
    return report.ok ? 0 : 1;
  } finally {
    await copy.drop();
  }
}
