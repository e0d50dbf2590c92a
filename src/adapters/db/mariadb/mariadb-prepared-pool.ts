import type { MysqlPool, MysqlPoolConnection, MysqlQueryResult, MysqlStream, MysqlStreamOptions } from 'kysely';
import type { ExecuteValues, Pool, PoolConnection } from 'mysql2';

/**
 * SQL texts that run as server-side prepared statements on MariaDB. Kept by text: any query with
 * the same text runs prepared too, which gives the same rows.
 */
const preparedSql = new Set<string>();

/**
 * Marks `sql` (a statement of fixed text, see `CompiledOnce`) to run as a prepared statement on
 * MariaDB: prepared once per connection, then each use sends only its values. MariaDB then skips
 * parsing and most planning: the detail page's statement cost mariadbd 0.15-0.18 ms instead of
 * 0.30 (BENCHMARKS.md, "Pages", 2026-12-02 10:25-12:00). SQLite prepares every statement anyway.
 */
export function runPrepared(sql: string): void {
  preparedSql.add(sql);
}

/**
 * The mysql2 pool as Kysely's `MysqlPool`, whose connections run the statements marked by
 * {@link runPrepared} with `execute` (binary protocol, statement cached per connection by mysql2)
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
  function query(sql: string, parameters: unknown[], callback: (error: unknown, result: MysqlQueryResult) => void): void;
  function query(sql: string, parameters: unknown[], callback?: (error: unknown, result: MysqlQueryResult) => void) {
    if (!callback) return raw.query(sql, parameters) as unknown as Streamable;
    const done = (error: unknown, result: unknown) => callback(error, result as MysqlQueryResult);
    if (preparedSql.has(sql)) raw.execute(sql, parameters as ExecuteValues[], done);
    else raw.query(sql, parameters, done);
  }
  return { query, release: () => raw.release() };
}
