import {
  checkSchema,
  declaredModel,
  formatCheckReport,
  type CheckReport,
  type OperatorTools,
} from '../../src/app/composition/operator-kit.ts';
import type { Output } from '../cli/output.ts';
import { CannotCheckError } from './cannot-check-error.ts';
import type { DbArgs } from './db-args.ts';

/** Gathers the inputs (declaration, live schema, migration files and records) and runs the check. */
export async function buildCheckReport(tools: OperatorTools, args: DbArgs): Promise<CheckReport> {
  const declaration = await tools.loadDeclaration(args.schemaModule);
  const database = await tools.openDatabase({ mustExist: true });
  try {
    let status, live;
    try {
      status = await database.status(args.migrationsDir);
      live = await database.introspect();
    } catch (error) {
      throw new CannotCheckError(
        `cannot read the database: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    return checkSchema({
      dialect: database.dialect,
      target: `${tools.target} (APP_ENV=${tools.config.appEnv})`,
      declared: declaredModel(declaration),
      live,
      files: status.files.map((f) => ({ name: f.name, checksum: f.checksum, algorithm: f.algorithm })),
      applied: status.applied.map((a) => ({ name: a.name, checksum: a.checksum, algorithm: a.algorithm })),
    });
  } finally {
    await database.close();
  }
}

/** `check [--json]`: exit 0 clean, 1 mismatch (2, cannot check, comes from the db command's error mapping). */
export async function check(tools: OperatorTools, args: DbArgs, o: Output): Promise<number> {
  const report = await buildCheckReport(tools, args);
  if (args.json) o.out(JSON.stringify(report, null, 2));
  else for (const line of formatCheckReport(report)) o.out(line);
  return report.ok ? 0 : 1;
}
