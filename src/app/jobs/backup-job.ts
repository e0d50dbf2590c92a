import type { BackupDatabase } from '../../adapters/backup/database-dumper.ts';
import type { FsBackupStore } from '../../adapters/backup/fs-backup-store.ts';
import type { AuditChainHead } from '../../domain/audit-seal.ts';
import type { Clock } from '../../domain/ports/clock.ts';
import type { JobDefinition } from './job-runner.ts';

/** What the backup job uses. */
export interface BackupJobPorts {
  readonly store: Pick<FsBackupStore, 'create' | 'prune'>;
  /** The running database as the backup adapter needs it (see `backupDatabase`). */
  database(): BackupDatabase;
  readonly uploadsDir: string;
  readonly keepDays: number;
  readonly clock: Clock;
  /** The audit chain's head (null: nothing sealed yet), recorded in the manifest as an anchor. */
  auditChainHead(): Promise<AuditChainHead | null>;
}

/** `backup`: a consistent database copy plus the uploads into BACKUP_FOLDER, then retention. */
export function backupJob(ports: BackupJobPorts): JobDefinition {
  return {
    name: 'backup',
    sharedLocks: ['files'],
    async run(ctx) {
      if (ctx.dryRun) throw new Error('backup has no --dry-run (it only adds a folder; cleanup removes old ones)');
      const { store, clock } = ports;
      const head = await ports.auditChainHead();
      const report = await store.create({
        database: ports.database(),
        uploadsDir: ports.uploadsDir,
        now: clock.now(),
        signal: ctx.signal,
        onProgress: ctx.onProgress,
        auditChainHead: head,
      });
      const removed = await store.prune({ keepDays: ports.keepDays, now: clock.now() });
      return {
        counts: {
          databaseBytes: report.databaseBytes,
          filesCopied: report.filesCopied,
          filesLinked: report.filesLinked,
          bytesCopied: report.bytesCopied,
          uploadBytes: report.uploadBytes,
          databaseMs: report.databaseMs,
          filesMs: report.filesMs,
          backupsRemoved: removed.length,
          ...(head && { auditChainSeq: head.seq }),
        },
        items: [
          `backup created: ${report.dir}`,
          // The form `npm run audit -- verify --anchor` takes.
          ...(head ? [`audit chain head: ${head.seq}:${head.hash}`] : []),
          ...removed.map((n) => `removed backup ${n}`),
        ],
      };
    },
  };
}
