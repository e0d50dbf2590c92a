import { join } from 'node:path';
import type { DatabaseSettings } from '../../src/adapters/db/connection/connect.ts';

/** Where a database is, as the app's environment names it: `DatabaseSettings` without the pool's settings. */
export type DatabaseLocation =
  | Extract<DatabaseSettings, { dialect: 'sqlite' }>
  | Omit<Extract<DatabaseSettings, { dialect: 'mariadb' }>, 'connectionLimit' | 'connectTimeoutMs'>;

/**
 * The environment variables that point the app (`loadConfig`, the server, the CLIs) at `db`, with
 * APP_ENV=test. With `dir`, the app also gets its own upload and backup folders under it and a
 * silent log. `extra` comes last and wins.
 */
export function envFor(db: DatabaseLocation, dir?: string, extra: Record<string, string> = {}): Record<string, string> {
  const database: Record<string, string> =
    db.dialect === 'sqlite'
      ? { USE_SQLITE: 'true', DB_PATH: db.path }
      : {
          USE_SQLITE: 'false',
          DB_HOST: db.host,
          DB_PORT: String(db.port),
          DB_NAME: db.database,
          DB_USER: db.user,
          DB_PASSWORD: db.password,
        };
  const folders: Record<string, string> =
    dir === undefined
      ? {}
      : { LOG_LEVEL: 'silent', UPLOAD_FOLDER: join(dir, 'uploads'), BACKUP_FOLDER: join(dir, 'backups') };
  return { APP_ENV: 'test', ...folders, ...database, ...extra };
}

/**
 * A child process's environment: this process's (PATH and the like) without anything that could
 * point the child at another database or mode (DB_*, USE_SQLITE, APP_ENV, CI), then `vars`.
 */
export function processEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(DB_|USE_SQLITE|APP_ENV|CI$)/.test(k)) env[k] = v;
  return { ...env, ...vars };
}
