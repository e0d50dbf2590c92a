import { formatCheckReport } from '../src/adapters/schema-check/check-report.ts';
import { declaredModel } from '../src/adapters/schema-check/declared-model.ts';
import { introspectDatabase } from '../src/adapters/schema-check/introspect.ts';
import { checkSchema, type CheckReport } from '../src/adapters/schema-check/schema-check.ts';
import type { Config } from '../src/app/config.ts';
import { CannotCheckError, describeTarget, loadDeclaration, openDatabase, readStatus, type DbArgs } from './db-commands.ts';
import type { Output } from './db-output.ts';

/** Gathers the inputs (declaration, live schema, migration files and records) and runs the check. */
export async function buildCheckReport(config: Config, args: DbArgs): Promise<CheckReport> {
  const declaration = await loadDeclaration(args.schemaModule);
  const handle = await openDatabase(config, true);
  try {
    let status, live;
    try {
      status = await readStatus(handle, args.migrationsDir);
      live = await introspectDatabase(handle.db, handle.dialect);
    } catch (error) {
      throw new CannotCheckError(`cannot read the database: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return checkSchema({
      dialect: handle.dialect,
      target: `${describeTarget(config.database)} (APP_ENV=${config.appEnv})`,
      declared: declaredModel(declaration),
      live,
      files: status.files.map((f) => ({ name: f.name, checksum: f.checksum, algorithm: f.algorithm })),
      applied: status.applied.map((a) => ({ name: a.name, checksum: a.checksum, algorithm: a.algorithm })),
    });
  } finally {
    await handle.close();
  }
}

/** `check [--json]`: exit 0 clean, 1 mismatch (2, cannot check, comes from the caller's error handling). */
export async function check(config: Config, args: DbArgs, o: Output): Promise<number> {
  const report = await buildCheckReport(config, args);
  if (args.json) o.out(JSON.stringify(report, null, 2));
  else for (const line of formatCheckReport(report)) o.out(line);
  return report.ok ? 0 : 1;
}
