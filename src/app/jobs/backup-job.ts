import type { BackupDatabase } from '../../adapters/backup/database-dumper.ts';
import { FsBackupStore } from '../../adapters/backup/fs-backup-store.ts';
import type { Composition } from '../compose.ts';
import type { JobDefinition } from './job-runner.ts';

/**
 * The running database as the backup adapter needs it: SQLite through the open connection; MariaDB
 * with the backup account (BACKUP_DB_USER) when one is set.
 */
export function backupDatabaseOf(c: Pick<Composition, 'config' | 'database'>): BackupDatabase {
  const s = c.config.database;
  if (s.dialect === 'sqlite') {
    if (s.path === ':memory:') throw new Error('An in-memory SQLite database cannot be backed up or restored (set DB_PATH)');
    return { dialect: 'sqlite', path: s.path, db: c.database.db };
  }
  const { backupDbUser, backupDbPassword } = c.config.jobs;
  return {
    dialect: 'mariadb',
    host: s.host,
    port: s.port,
    user: backupDbUser ?? s.user,
    password: backupDbUser ? (backupDbPassword ?? '') : s.password,
    database: s.database,
  };
}

/** `backup`: a consistent database copy plus the uploads into BACKUP_FOLDER, then retention. */
export function backupJob(c: Composition): JobDefinition {
  return {
    name: 'backup',
    sharedLocks: ['files'],
    async run(ctx) {
      if (ctx.dryRun) throw new Error('backup has no --dry-run (it only adds a folder; cleanup removes old ones)');
      const store = new FsBackupStore(c.config.jobs.backupFolder);
      const report = await store.create({ database: backupDatabaseOf(c), uploadsDir: c.config.uploadFolder, now: c.clock.now(), signal: ctx.signal });
      const removed = await store.prune({ keepDays: c.config.jobs.backupKeepDays, now: c.clock.now() });
      return {
        counts: {
          databaseBytes: report.databaseBytes,
          filesCopied: report.filesCopied,
          filesLinked: report.filesLinked,
          bytesCopied: report.bytesCopied,
          databaseMs: report.databaseMs,
          filesMs: report.filesMs,
          backupsRemoved: removed.length,
        },
        items: [`backup created: ${report.dir}`, ...removed.map((n) => `removed backup ${n}`)],
      };
    },
  };
}
