import { existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { planMigration } from '../src/adapters/schema-check/autogenerate.ts';
import { declaredModel } from '../src/adapters/schema-check/declared-model.ts';
import { introspectDatabase } from '../src/adapters/schema-check/introspect.ts';
import { migrationName, renderMigrationFile } from '../src/adapters/schema-check/migration-file.ts';
import type { Config } from '../src/app/config.ts';
import { describeTarget, loadDeclaration, openDatabase, readStatus, UsageError, type DbArgs } from './db-commands.ts';
import type { Output } from './db-output.ts';

const HELPERS = fileURLToPath(new URL('../db/helpers/migration-helpers.ts', import.meta.url));

/** `revision -m "..." [--autogenerate] [--allow-destructive]`: writes `<migrations>/<UTC timestamp>_<slug>.ts`. */
export async function revision(config: Config, args: DbArgs, o: Output): Promise<number> {
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
  const declaration = await loadDeclaration(args.schemaModule);
  const handle = await openDatabase(config, false);
  try {
    const status = await readStatus(handle, args.migrationsDir);
    if (status.pending.length || status.unknown.length) {
      o.err(`cannot autogenerate: the database must be at head first (${status.pending.length} pending, ${status.unknown.length} unknown). Run: npm run db -- upgrade head`);
      return 1;
    }
    o.out(`comparing the declared schema with ${describeTarget(config.database)}`);
    const live = await introspectDatabase(handle.db, handle.dialect);
    const declared = declaredModel(declaration);
    const rows: Record<string, number> = {};
    for (const t of Object.keys(live.tables)) {
      const { rows: r } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(t)}`.execute(handle.db);
      rows[t] = Number(r[0]?.n ?? 0);
    }
    const up = planMigration(handle.dialect, live, declared, rows);
    const down = planMigration(handle.dialect, declared, live, {});
    if (up.steps.length === 0) {
      o.out('no differences: the database already matches the declared schema; no file written');
      return 0;
    }
    const destructive = up.steps.filter((s) => s.destructive);
    for (const s of destructive) o.out(`  ⚠ destructive: ${s.destructive}`);
    if (destructive.length && !args.allowDestructive) {
      o.err(`refused: ${destructive.length} step(s) can lose data (listed above). Check them, then rerun with --allow-destructive (they are marked in the file), or change the declaration.`);
      return 1;
    }
    writeFileSync(file, renderMigrationFile({ message: args.message, helpersImport: rel, generated: { up, down, source: describeTarget(config.database).replace(/ \(user .*\)$/, '') } }));
    o.out(`wrote ${file}: ${up.steps.length} step(s) up, ${down.steps.length} down`);
    o.out('next: review it, then  npm run db -- upgrade head  &&  npm run schema:check  and commit the file');
    return 0;
  } finally {
    await handle.close();
  }
}
