import { Kysely, sql, type CompiledQuery } from 'kysely';
import type { DatabaseSettings } from '../src/adapters/db/connection/connect.ts';
import { mariadbDialect } from '../src/adapters/db/mariadb/mariadb-dialect.ts';
import { sqliteDialect } from '../src/adapters/db/sqlite/sqlite-dialect.ts';
import type { Database } from '../src/declared-schema/declared-schema.ts';

/**
 * The plan of the first query each call sends (`every`: of each query it sends, numbered), on a
 * seeded database (the benches' `--explain`): SQLite's EXPLAIN QUERY PLAN details, MariaDB's
 * EXPLAIN rows (table, type, key, rows), one line each, under the call's label.
 */
export async function explainCalls(
  settings: DatabaseSettings,
  calls: readonly (readonly [string, (db: Kysely<Database>) => Promise<unknown>])[],
  every = false,
): Promise<string[]> {
  const seen: CompiledQuery[] = [];
  const dialect = settings.dialect === 'sqlite' ? sqliteDialect(settings.path) : mariadbDialect(settings);
  const db = new Kysely<Database>({ dialect, log: (e) => void (e.level === 'query' && seen.push(e.query)) });
  const out: string[] = [];
  try {
    for (const [label, call] of calls) {
      seen.length = 0;
      await call(db);
      // A copy: the EXPLAIN statements are logged into `seen` too.
      for (const [n, query] of (every ? [...seen] : seen.slice(0, 1)).entries())
        out.push(...(await explainOne(db, settings, every ? `${label} #${n + 1}` : label, query)));
    }
  } finally {
    await db.destroy();
  }
  return out;
}

/** One query's plan lines under its label. */
async function explainOne(
  db: Kysely<Database>,
  settings: DatabaseSettings,
  label: string,
  query: CompiledQuery,
): Promise<string[]> {
  const explain =
    settings.dialect === 'sqlite' ? sql`explain query plan ${sql.raw(query.sql)}` : sql`explain ${sql.raw(query.sql)}`;
  const compiled = explain.compile(db);
  const rows = (await db.executeQuery<Record<string, unknown>>({ ...compiled, parameters: query.parameters })).rows;
  return [
    `${settings.dialect} ${label}:`,
    ...rows.map((r) =>
      settings.dialect === 'sqlite'
        ? `  ${String(r.detail)}`
        : `  ${String(r.table)} ${String(r.type)} key=${String(r.key)} rows=${String(r.rows)} ${String(r.Extra ?? '')}`,
    ),
  ];
}
