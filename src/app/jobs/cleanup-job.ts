import { FsBackupStore } from '../../adapters/backup/fs-backup-store.ts';
import { KyselyMaintenanceQueries } from '../../adapters/db/repositories/kysely-maintenance-queries.ts';
import { TrainingFormNotDeletedError, TrainingFormNotFoundError } from '../../domain/errors.ts';
import { DEFAULT_THROTTLE } from '../../domain/sign-in-throttle.ts';
import type { Composition } from '../compose.ts';
import type { JobDefinition } from './job-runner.ts';

/** The actor recorded in the audit trail for purges done by the cleanup job. */
export const CLEANUP_ACTOR = 'system:cleanup';

/** A temporary upload file untouched this long (at least; see REQUEST_TIMEOUT_MS) is removed. */
const TEMP_GRACE_MS = 3_600_000;

/**
 * `cleanup`: purges forms in the trash longer than SOFT_DELETE_RETENTION_DAYS through the domain
 * service (audited, files removed), removes upload files no row references that are older than
 * ORPHAN_GRACE_HOURS (so never a file being uploaded right now), temporary files of uploads cut off
 * by a hard exit (untouched for an hour, or twice REQUEST_TIMEOUT_MS), expired sessions, failed
 * sign-ins older than the throttle's window (of keys never seen again: a key's own old rows go when
 * it fails again) and backups past BACKUP_KEEP_DAYS. With `dryRun`, lists and counts what it would remove and changes nothing.
 */
export function cleanupJob(c: Composition): JobDefinition {
  return {
    name: 'cleanup',
    sharedLocks: ['files'],
    async run(ctx) {
      const { jobs } = c.config;
      const queries = new KyselyMaintenanceQueries(c.database.db);
      const now = c.clock.now();
      const items: string[] = [];
      const verb = ctx.dryRun ? 'would remove' : 'removed';

      let formsPurged = 0;
      let attachmentFilesRemoved = 0;
      for (const id of await queries.formsDeletedBefore(new Date(now.getTime() - jobs.softDeleteRetentionDays * 86_400_000))) {
        ctx.signal.throwIfAborted();
        if (ctx.dryRun) {
          items.push(`${verb} form ${id} (in the trash over ${jobs.softDeleteRetentionDays} days)`);
          formsPurged += 1;
          continue;
        }
        try {
          const result = await c.forms.purge(id, CLEANUP_ACTOR);
          formsPurged += 1;
          attachmentFilesRemoved += result.removedFiles;
          items.push(`${verb} form ${id} with ${result.removedFiles} file(s)`);
          for (const f of result.failedFiles) ctx.log.warn({ form: id, file: f.storedName }, 'attachment file could not be removed; a later cleanup retries it as an orphan');
        } catch (error) {
          // Restored or purged by someone else since the query: not ours to remove any more.
          if (error instanceof TrainingFormNotDeletedError || error instanceof TrainingFormNotFoundError) continue;
          throw error;
        }
      }

      // Referenced names are read before the folder is listed: a file saved in between is younger
      // than the grace period and so is kept.
      const referenced = await queries.referencedStoredNames();
      const graceCutoff = now.getTime() - jobs.orphanGraceHours * 3_600_000;
      let orphanFilesRemoved = 0;
      for (const file of await c.files.listStored()) {
        if (referenced.has(file.storedName) || file.modifiedAt.getTime() >= graceCutoff) continue;
        ctx.signal.throwIfAborted();
        if (!ctx.dryRun) await c.files.remove(file.storedName);
        orphanFilesRemoved += 1;
        items.push(`${verb} unreferenced upload ${file.storedName} (${file.sizeBytes} bytes)`);
      }

      // An upload in progress writes its temporary file all the time (and cannot outlive
      // REQUEST_TIMEOUT_MS): one untouched for this long was cut off by a hard exit.
      const tempCutoff = now.getTime() - Math.max(TEMP_GRACE_MS, 2 * c.config.server.requestTimeoutMs);
      let tempFilesRemoved = 0;
      for (const file of await c.files.listTemporary()) {
        if (file.modifiedAt.getTime() >= tempCutoff) continue;
        ctx.signal.throwIfAborted();
        if (!ctx.dryRun) await c.files.removeTemporary(file.name);
        tempFilesRemoved += 1;
        items.push(`${verb} interrupted upload ${file.name} (${file.sizeBytes} bytes)`);
      }

      const sessionsRemoved = await queries.expiredSessions(now, !ctx.dryRun);
      if (sessionsRemoved > 0) items.push(`${verb} ${sessionsRemoved} expired session(s)`);

      const signInFailuresRemoved = await queries.signInFailuresUpTo(new Date(now.getTime() - DEFAULT_THROTTLE.windowMs), !ctx.dryRun);
      if (signInFailuresRemoved > 0) items.push(`${verb} ${signInFailuresRemoved} failed sign-in(s) older than the throttle window`);

      const backups = await new FsBackupStore(jobs.backupFolder).prune({ keepDays: jobs.backupKeepDays, now, dryRun: ctx.dryRun });
      items.push(...backups.map((n) => `${verb} backup ${n}`));

      return {
        counts: { formsPurged, attachmentFilesRemoved, orphanFilesRemoved, tempFilesRemoved, sessionsRemoved, signInFailuresRemoved, backupsRemoved: backups.length, dryRun: ctx.dryRun ? 1 : 0 },
        items,
      };
    },
  };
}
