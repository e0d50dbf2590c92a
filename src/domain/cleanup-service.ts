import type { JobCounts } from './job-run.ts';
import { TrainingFormNotDeletedError, TrainingFormNotFoundError } from './errors.ts';
import type { BackupRetention } from './ports/backup-retention.ts';
import type { Clock } from './ports/clock.ts';
import type { MaintenanceQueries } from './ports/maintenance-queries.ts';
import type { UploadFolder } from './ports/upload-folder.ts';
import { DEFAULT_THROTTLE } from './sign-in-throttle.ts';
import type { PurgeResult } from './training-form-service.ts';
import { describeAuditBreak } from './audit-chain-check.ts';
import type { AuditChainReport } from './verify-audit-chain.ts';
import type { TrainingSummaryCheck } from './ports/training-summary.ts';

/** The actor recorded in the audit trail for purges done by the cleanup. */
export const CLEANUP_ACTOR = 'system:cleanup';

/** A temporary upload file untouched this long (at least; see `requestTimeoutMs`) is removed. */
const TEMP_GRACE_MS = 3_600_000;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** How long things are kept (from the validated configuration). */
export interface CleanupPolicy {
  readonly softDeleteRetentionDays: number;
  readonly orphanGraceHours: number;
  readonly backupKeepDays: number;
  /** The longest an upload request may run: a temporary file untouched for twice this is abandoned. */
  readonly requestTimeoutMs: number;
}

/** What the cleanup needs. */
export interface CleanupDeps {
  readonly queries: MaintenanceQueries;
  /** Purges one form in the trash (audited, files removed): `TrainingFormService.purge`. */
  readonly forms: { purge(id: number, actor: string): Promise<PurgeResult> };
  readonly uploads: UploadFolder;
  readonly backups: BackupRetention;
  readonly clock: Clock;
  readonly policy: CleanupPolicy;
  /** Verifies the sealed audit trail (`AuditChainCheck`); a broken chain fails the run, with its counts. */
  readonly auditChain?: { verify(): Promise<AuditChainReport> };
  /**
   * Compares the training matrix's summary with a fresh aggregation of the forms
   * (`TrainingSummaryMaintenance.check`); drift fails the run, with its counts.
   */
  readonly trainingSummary?: { check(): Promise<TrainingSummaryCheck> };
}

/** What one cleanup did (or, with `dryRun`, would do): counts, and one line per item for people. */
export interface CleanupReport {
  readonly counts: JobCounts;
  readonly items: readonly string[];
  /**
   * Set when the work finished but found a problem (a broken audit chain, a training summary that
   * drifted from the forms): the run is recorded as failed.
   */
  readonly failure?: string;
}

/** Something the cleanup wants said but that does not stop it (a file that could not be removed). */
export type CleanupWarning = (detail: { form: number; file: string }, message: string) => void;

/**
 * The nightly cleanup's rules: purges forms in the trash longer than `softDeleteRetentionDays`
 * (audited, files removed), upload files no row references older than `orphanGraceHours` (so never
 * a file being uploaded right now), temporary files of uploads cut off by a hard exit (untouched
 * for an hour, or twice `requestTimeoutMs`), expired sessions, failed sign-ins older than the
 * throttle's window, and backups past `backupKeepDays`. With `dryRun`, lists and counts what it
 * would remove and changes nothing. Stops at the next item once `signal` fires.
 */
export class CleanupService {
  constructor(private readonly deps: CleanupDeps) {}

  async run(options: { signal: AbortSignal; dryRun: boolean; warn: CleanupWarning }): Promise<CleanupReport> {
    const { queries, uploads, policy } = this.deps;
    const { signal, dryRun } = options;
    const now = this.deps.clock.now();
    const items: string[] = [];
    const verb = dryRun ? 'would remove' : 'removed';

    let formsPurged = 0;
    let attachmentFilesRemoved = 0;
    for (const id of await queries.formsDeletedBefore(
      new Date(now.getTime() - policy.softDeleteRetentionDays * DAY_MS),
    )) {
      signal.throwIfAborted();
      if (dryRun) {
        items.push(`${verb} form ${id} (in the trash over ${policy.softDeleteRetentionDays} days)`);
        formsPurged += 1;
        continue;
      }
      try {
        const result = await this.deps.forms.purge(id, CLEANUP_ACTOR);
        formsPurged += 1;
        attachmentFilesRemoved += result.removedFiles;
        items.push(`${verb} form ${id} with ${result.removedFiles} file(s)`);
        for (const f of result.failedFiles)
          options.warn(
            { form: id, file: f.storedName },
            'attachment file could not be removed; a later cleanup retries it as an orphan',
          );
      } catch (error) {
        // Restored or purged by someone else since the query: not ours to remove any more.
        if (error instanceof TrainingFormNotDeletedError || error instanceof TrainingFormNotFoundError) continue;
        throw error;
      }
    }

    // Referenced names are read before the folder is listed: a file saved in between is younger
    // than the grace period and so is kept.
    const referenced = await queries.referencedStoredNames();
    const graceCutoff = now.getTime() - policy.orphanGraceHours * HOUR_MS;
    let orphanFilesRemoved = 0;
    for (const file of await uploads.listStored()) {
      if (referenced.has(file.storedName) || file.modifiedAt.getTime() >= graceCutoff) continue;
      signal.throwIfAborted();
      if (!dryRun) await uploads.remove(file.storedName);
      orphanFilesRemoved += 1;
      items.push(`${verb} unreferenced upload ${file.storedName} (${file.sizeBytes} bytes)`);
    }

    // An upload in progress writes its temporary file all the time (and cannot outlive the
    // request timeout): one untouched for this long was cut off by a hard exit.
    const tempCutoff = now.getTime() - Math.max(TEMP_GRACE_MS, 2 * policy.requestTimeoutMs);
    let tempFilesRemoved = 0;
    for (const file of await uploads.listTemporary()) {
      if (file.modifiedAt.getTime() >= tempCutoff) continue;
      signal.throwIfAborted();
      if (!dryRun) await uploads.removeTemporary(file.name);
      tempFilesRemoved += 1;
      items.push(`${verb} interrupted upload ${file.name} (${file.sizeBytes} bytes)`);
    }

    const sessionsRemoved = await queries.expiredSessions(now, !dryRun);
    if (sessionsRemoved > 0) items.push(`${verb} ${sessionsRemoved} expired session(s)`);

    const signInFailuresRemoved = await queries.signInFailuresUpTo(
      new Date(now.getTime() - DEFAULT_THROTTLE.windowMs),
      !dryRun,
    );
    if (signInFailuresRemoved > 0)
      items.push(`${verb} ${signInFailuresRemoved} failed sign-in(s) older than the throttle window`);

    const backups = await this.deps.backups.prune({ keepDays: policy.backupKeepDays, now, dryRun });
    items.push(...backups.map((n) => `${verb} backup ${n}`));

    const backupsRemoved = backups.length;
    const audit = await this.deps.auditChain?.verify();
    const auditFailure = audit?.broken ? describeAuditBreak(audit.broken) : undefined;
    if (audit) items.push(auditFailure ?? `audit chain intact (${audit.checked} event(s) verified)`);
    const summary = await this.deps.trainingSummary?.check();
    const drift = summary?.differences.length ?? 0;
    const summaryFailure =
      drift > 0
        ? `training summary differs from the forms on ${drift} (employee, document) pair(s): ` +
          'run npm run documents -- rebuild-training-summary'
        : undefined;
    if (summary) items.push(summaryFailure ?? `training summary matches the forms (${summary.pairs} pair(s))`);
    const failure = [auditFailure, summaryFailure].filter((f) => f !== undefined).join('; ') || undefined;
    return {
      counts: {
        formsPurged,
        attachmentFilesRemoved,
        orphanFilesRemoved,
        tempFilesRemoved,
        sessionsRemoved,
        signInFailuresRemoved,
        backupsRemoved,
        dryRun: dryRun ? 1 : 0,
        ...(audit && { auditEventsVerified: audit.checked, auditChainBroken: audit.broken ? 1 : 0 }),
        ...(summary && { trainingSummaryPairs: summary.pairs, trainingSummaryDrift: drift }),
      },
      items,
      ...(failure && { failure }),
    };
  }
}
