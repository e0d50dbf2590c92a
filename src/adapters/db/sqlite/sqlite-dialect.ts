import SQLite from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import { withStatementCache } from './sqlite-statement-cache.ts';

/** Kysely's SQLite dialect over one better-sqlite3 file: WAL, foreign keys on, statements kept prepared. */
export function sqliteDialect(path: string): SqliteDialect {
  return new SqliteDialect({
    database: async () => {
      const conn = new SQLite(path);
      if (path !== ':memory:') conn.pragma('journal_mode = WAL');
      conn.pragma('foreign_keys = ON');
      conn.pragma('busy_timeout = 5000');
      conn.pragma('synchronous = NORMAL');
      return withStatementCache(conn);
    },
  });
}
