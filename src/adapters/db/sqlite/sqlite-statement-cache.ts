import type { Database as SqliteConnection, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** How many distinct statements one connection keeps prepared (least recently used go first). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The connection as Kysely's SQLite driver sees it, with its prepared statements kept by SQL
 * text. Kysely prepares every query anew, which costs about as much as running a short one;
 * the same few statements serve every page, so each is prepared once. A statement still being
 * iterated (a streamed query) is busy and cannot run twice at once: that query gets a fresh one.
 * SQLite re-prepares a cached statement by itself when the schema changes under it.
 */
export function withStatementCache(conn: SqliteConnection, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, Statement>();
  return {
    prepare(sql: string): Statement {
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        // Re-inserted so that the Map's order stays least recently used first.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = conn.prepare(sql);
      if (cached) return statement;
      if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      cache.set(sql, statement);
      return statement;
    },
    close() {
      cache.clear();
      conn.close();
    },
  };
}
