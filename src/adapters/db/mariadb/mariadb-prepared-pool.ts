import type { MysqlPool, MysqlPoolConnection, MysqlQueryResult, MysqlStream, MysqlStreamOptions } from 'kysely';
import type { ExecuteValues, Pool, PoolConnection } from 'mysql2';

/** The comment that opens a statement meant to run prepared on MariaDB (see {@link markPrepared}). */
const PREPARED = '/* prepared */ ';

/**
 * Marks `sql` (a statement of fixed text, see `CompiledOnce`) to run as a prepared statement on
 * MariaDB: prepared once per connection, then each use sends only its values. MariaDB then skips
 * parsing and most planning: the detail page's statement cost mariadbd 0.15-0.18 ms instead of
 * 0.30 (BENCHMARKS.md, "Pages", 2026-12-02 10:25-12:00). SQLite prepares every statement anyway
 * and ignores the comment. The mark travels in the statement's own text, so no registry is shared
 * between the query builder and the pool.
 */
export function markPrepared(sql: string): string {
  return sql.startsWith(PREPARED) ? sql : PREPARED + sql;
}

/**
 * The mysql2 pool as Kysely's `MysqlPool`, whose connections run the statements marked by
 * {@link markPrepared} with `execute` (binary protocol, statement cached per connection by mysql2)
 * and everything else with `query` as Kysely would. Each pooled connection keeps one wrapper, so
 * Kysely still recognises it (and runs its connection set-up once).
 */
export function preparingPool(pool: Pool): MysqlPool {
  const wrappers = new WeakMap<PoolConnection, MysqlPoolConnection>();
  return {
    getConnection(callback) {
      pool.getConnection((error, raw) => {
        if (error) return callback(error, undefined as unknown as MysqlPoolConnection);
        let wrapper = wrappers.get(raw);
        if (!wrapper) {
          wrapper = preparing(raw);
          wrappers.set(raw, wrapper);
        }
        callback(null, wrapper);
      });
    },
    end: (callback) => pool.end(callback),
  };
}

type Streamable = { stream: <T>(options: MysqlStreamOptions) => MysqlStream<T> };

function preparing(raw: PoolConnection): MysqlPoolConnection {
  function query(sql: string, parameters: unknown[]): Streamable;
  function query(
    sql: string,
    parameters: unknown[],
    callback: (error: unknown, result: MysqlQueryResult) => void,
  ): void;
  function query(sql: string, parameters: unknown[], callback?: (error: unknown, result: MysqlQueryResult) => void) {
    if (!callback) return raw.query(sql, parameters) as unknown as Streamable;
    const done = (error: unknown, result: unknown) => callback(error, result as MysqlQueryResult);
    if (sql.startsWith(PREPARED)) raw.execute(sql, parameters as ExecuteValues[], done);
    else raw.query(sql, parameters, done);
  }
  return { query, release: () => raw.release() };
}
