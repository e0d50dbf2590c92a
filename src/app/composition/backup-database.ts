import type { BackupDatabase } from '../../adapters/backup/database-dumper.ts';
import type { DatabaseHandle } from '../../adapters/db/connection/connect.ts';
import { ConfigError, type Config } from '../config.ts';

/**
 * The configured database as the backup adapter needs it, for a backup or a restore: SQLite by its
 * file (through `open`, the running connection, when given); MariaDB with the backup account
 * (BACKUP_DB_USER) when one is set, else the application's. An in-memory SQLite database is a
 * {@link ConfigError}: there is nothing to back up or restore into.
 */
export function backupDatabase(config: Config, open?: DatabaseHandle): BackupDatabase {
  const s = config.database;
  if (s.dialect === 'sqlite') {
    if (s.path === ':memory:')
      throw new ConfigError(
        'Invalid configuration: DB_PATH is :memory:; an in-memory SQLite database cannot be backed up or restored',
      );
    return open ? { dialect: 'sqlite', path: s.path, db: open.db } : { dialect: 'sqlite', path: s.path };
  }
  const { backupDbUser, backupDbPassword } = config.jobs;
  return {
    dialect: 'mariadb',
    host: s.host,
    port: s.port,
    user: backupDbUser ?? s.user,
    password: backupDbUser ? (backupDbPassword ?? '') : s.password,
    database: s.database,
  };
}
