import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, MysqlDialect, SqliteDialect } from 'kysely';
import { createPool } from 'mysql2';
import type { Database } from '../../schema/declared-schema.ts';
import { CHARACTER_SET } from '../../schema/define.ts';
import { preparingPool } from './mariadb-prepared-pool.ts';
import { withStatementCache } from './sqlite-statement-cache.ts';

/** Where the database is; built from the validated configuration. */
export type DatabaseSettings =
  | { readonly dialect: 'sqlite'; readonly path: string }
  | {
      readonly dialect: 'mariadb';
      readonly host: string;
      readonly port: number;
      readonly database: string;
      readonly user: string;
      readonly password: string;
      readonly connectionLimit: number;
      readonly connectTimeoutMs: number;
    };

export type Dialect = DatabaseSettings['dialect'];

/** An open database: the Kysely instance and which dialect it speaks. */
export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** Calls `listener` after every query that succeeded (so an outage's end is seen at once). */
  onQuerySucceeded(listener: () => void): void;
  /** Closes every connection; the handle is unusable afterwards. */
  close(): Promise<void>;
}

/**
 * Opens the database. SQLite runs in WAL mode with foreign keys on and keeps its statements
 * prepared (see {@link withStatementCache}); MariaDB connections speak
 * UTC (`time_zone = '+00:00'`) and return dates as strings, so times round-trip identically, and
 * run the hot fixed-text statements as prepared statements (see {@link preparingPool}).
 */
export function connectDatabase(settings: DatabaseSettings): DatabaseHandle {
  const listeners: (() => void)[] = [];
  const db = new Kysely<Database>({
    dialect: settings.dialect === 'sqlite' ? sqliteDialect(settings.path) : mariadbDialect(settings),
    log: (event) => {
      if (event.level === 'query') for (const listener of listeners) listener();
    },
  });
  return { db, dialect: settings.dialect, onQuerySucceeded: (listener) => void listeners.push(listener), close: () => db.destroy() };
}

function sqliteDialect(path: string): SqliteDialect {
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

function mariadbDialect(s: Extract<DatabaseSettings, { dialect: 'mariadb' }>): MysqlDialect {
  return new MysqlDialect({
    pool: preparingPool(createPool({
      host: s.host,
      port: s.port,
      database: s.database,
      user: s.user,
      password: s.password,
      connectionLimit: s.connectionLimit,
      connectTimeout: s.connectTimeoutMs,
      charset: CHARACTER_SET.collation,
      dateStrings: true,
      timezone: 'Z',
      supportBigNumbers: true,
      enableKeepAlive: true,
    })),
    onCreateConnection: async (conn) => {
      await conn.executeQuery(CompiledQuery.raw("SET time_zone = '+00:00'"));
    },
  });
}
