import { Kysely, sql, type CompiledQuery } from 'kysely';
import type { DatabaseSettings } from '../src/adapters/db/connection/connect.ts';
import { mariadbDialect } from '../src/adapters/db/mariadb/mariadb-dialect.ts';
import { sqliteDialect } from '../src/adapters/db/sqlite/sqlite-dialect.ts';
import { KyselyTrainingMatrixQueries } from '../src/adapters/db/repositories/kysely-training-matrix-queries.ts';
import type { Database } from '../src/declared-schema/declared-schema.ts';

/**
 * The plans of the two matrix queries on a seeded database (`matrix-bench.ts --explain`): SQLite's
 * EXPLAIN QUERY PLAN details, MariaDB's EXPLAIN rows (table, type, key, rows), one line each.
 */
export async function explainMatrix(
  settings: DatabaseSettings,
  documentId: number,
  department: string,
): Promise<string[]> {
  const seen: CompiledQuery[] = [];
  const dialect = settings.dialect === 'sqlite' ? sqliteDialect(settings.path) : mariadbDialect(settings);
  const db = new Kysely<Database>({ dialect, log: (e) => void (e.level === 'query' && seen.push(e.query)) });
  const queries = new KyselyTrainingMatrixQueries(db);
  const out: string[] = [];
  try {
    for (const [name, call] of [
      [`document ${documentId}`, () => queries.documentTraining(documentId)],
      [`department ${department}`, () => queries.departmentTraining(department)],
    ] as const) {
      seen.length = 0;
      await call();
      const query = seen[0];
      if (!query) continue;
      const explain =
        settings.dialect === 'sqlite'
          ? sql`explain query plan ${sql.raw(query.sql)}`
          : sql`explain ${sql.raw(query.sql)}`;
      const rows = (
        await db.executeQuery<Record<string, unknown>>({ ...explain.compile(db), parameters: query.parameters })
      ).rows;
      out.push(`${settings.dialect} ${name}:`);
      for (const r of rows)
        out.push(
          settings.dialect === 'sqlite'
            ? `  ${String(r.detail)}`
            : `  ${String(r.table)} ${String(r.type)} key=${String(r.key)} rows=${String(r.rows)} ${String(r.Extra ?? '')}`,
        );
    }
  } finally {
    await db.destroy();
  }
  return out;
}
