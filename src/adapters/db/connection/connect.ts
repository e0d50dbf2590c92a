import { Kysely } from 'kysely';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { mariadbDialect } from '../mariadb/mariadb-dialect.ts';
import { sqliteDialect } from '../sqlite/sqlite-dialect.ts';

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
 * prepared (see `sqlite/`); MariaDB connections speak
 * UTC (`time_zone = '+00:00'`) and return dates as strings, so times round-trip identically, and
 * run the hot fixed-text statements as prepared statements (see `mariadb/`).
 */
export function connectDatabase(settings: DatabaseSettings): DatabaseHandle {
  const listeners: (() => void)[] = [];
  const db = new Kysely<Database>({
    dialect: settings.dialect === 'sqlite' ? sqliteDialect(settings.path) : mariadbDialect(settings),
    log: (event) => {
      if (event.level === 'query') for (const listener of listeners) listener();
    },
  });
  return {
    db,
    dialect: settings.dialect,
    onQuerySucceeded: (listener) => void listeners.push(listener),
    close: () => db.destroy(),
  };
}
