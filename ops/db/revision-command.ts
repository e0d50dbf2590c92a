import { existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  declaredModel,
  migrationName,
  planMigration,
  renderMigrationFile,
  type OperatorTools,
} from '../../src/app/composition/operator-kit.ts';
import { UsageError } from '../cli/cli-errors.ts';
import type { Output } from '../cli/output.ts';
import type { DbArgs } from './db-args.ts';

const HELPERS = fileURLToPath(new URL('../../db/helpers/migration-helpers.ts', import.meta.url));

/** `revision -m "..." [--autogenerate] [--allow-destructive]`: writes `<migrations>/<UTC timestamp>_<slug>.ts`. */
export async function revision(tools: OperatorTools, args: DbArgs, o: Output): Promise<number> {
  if (!args.message?.trim()) throw new UsageError('revision needs a message: -m "what changes"');
  const name = migrationName(args.message, new Date());
  const file = join(args.migrationsDir, `${name}.ts`);
  if (existsSync(file)) throw new UsageError(`${file} already exists`);
  let rel = relative(args.migrationsDir, HELPERS).split('\\').join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  if (!args.autogenerate) {
    writeFileSync(file, renderMigrationFile({ message: args.message, helpersImport: rel, generated: null }));
    o.out(`wrote ${file} (empty: fill in up() and down())`);
    return 0;
  }
  const declaration = await tools.loadDeclaration(args.schemaModule);
  const database = await tools.openDatabase({ mustExist: false });
  try {
    const status = await database.status(args.migrationsDir);
    if (status.pending.length || status.unknown.length) {
      o.err(
        `cannot autogenerate: the database must be at head first (${status.pending.length} pending, ${status.unknown.length} unknown). Run: npm run db -- upgrade head`,
      );
      return 1;
    }
    o.out(`comparing the declared schema with ${tools.target}`);
    const live = await database.introspect();
    const declared = declaredModel(declaration);
    const rows = await database.rowCounts(Object.keys(live.tables));
    const up = planMigration(database.dialect, live, declared, rows);
    const down = planMigration(database.dialect, declared, live, {});
    if (up.steps.length === 0) {
      o.out('no differences: the database already matches the declared schema; no file written');
      return 0;
    }
    const destructive = up.steps.filter((s) => s.destructive);
    for (const s of destructive) o.out(`  ⚠ destructive: ${s.destructive}`);
    if (destructive.length && !args.allowDestructive) {
      o.err(
        `refused: ${destructive.length} step(s) can lose data (listed above). Check them, then rerun with --allow-destructive (they are marked in the file), or change the declaration.`,
      );
      return 1;
    }
    writeFileSync(
      file,
      renderMigrationFile({
        message: args.message,
        helpersImport: rel,
        generated: { up, down, source: tools.target.replace(/ \(user .*\)$/, '') },
      }),
    );
    o.out(`wrote ${file}: ${up.steps.length} step(s) up, ${down.steps.length} down`);
    o.out('next: review it, then  npm run db -- upgrade head  &&  npm run schema:check  and commit the file');
    return 0;
  } finally {
    await database.close();
  }
}
