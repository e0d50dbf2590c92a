/** Formatting shared by the admin pages (home, jobs, deployments, audit log), for people; every time is UTC. */
import type { JobCounts, JobName } from '../../domain/job-run.ts';

/** `YYYY-MM-DD HH:MM:SS` in UTC (the pages label the columns "(UTC)"). */
export function utcTime(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/** `YYYY-MM-DD HH:MM UTC`: a date and time for people (the page keeps it on one line). */
export function when(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** How long before `now`: `just now`, `12 min ago`, `7 h ago`, `3 days ago` (`in 5 h` for a time still to come). */
export function ago(d: Date, now: Date): string {
  const ms = now.getTime() - d.getTime();
  const future = ms < 0;
  const min = Math.floor(Math.abs(ms) / 60_000);
  const text =
    min < 1
      ? null
      : min < 60
        ? `${min} min`
        : min < 48 * 60
          ? `${Math.floor(min / 60)} h`
          : `${Math.floor(min / (24 * 60))} days`;
  if (text === null) return 'just now';
  return future ? `in ${text}` : `${text} ago`;
}

/** A short human duration: `850 ms`, `12.4 s`, `3 min 05 s`, `2 h 04 min`; `''` when unfinished. */
export function duration(start: Date, end: Date | null): string {
  if (end === null) return '';
  return durationMs(end.getTime() - start.getTime());
}

export function durationMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** A size for people: `512 B`, `3.4 KB`, `2.5 MB`, `1.2 GB` (1 KB = 1024 B). */
export function bytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '';
  if (n < 1024) return `${Math.round(n)} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** A whole number with thousands separators: `12,345`. */
export function num(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** `1 file`, `48 files`: a count with its noun (`many` when the plural is not `one` + s). */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${num(n)} ${n === 1 ? one : many}`;
}

/** The first 10 characters of a commit id (enough to be unique in practice). */
export function shortCommit(sha: string | null): string {
  return sha === null ? '' : sha.slice(0, 10);
}

/** The CSS modifier for a job status or deploy outcome: good, bad, warn or neutral. */
export function tone(result: string): 'good' | 'bad' | 'warn' | 'neutral' {
  if (result === 'succeeded') return 'good';
  if (['failed', 'rollback-failed', 'interrupted'].includes(result)) return 'bad';
  if (['rolled-back', 'refused', 'cancelled', 'running'].includes(result)) return 'warn';
  return 'neutral';
}

/** Each job's name for people, in the order of `JOB_NAMES`. */
export const JOB_LABELS: Readonly<Record<JobName, string>> = {
  backup: 'Backup',
  cleanup: 'Cleanup',
  'sync-employees': 'Employee directory sync',
};

/** What each job does, in a sentence. */
export const JOB_PURPOSES: Readonly<Record<JobName, string>> = {
  backup:
    'Copies the database and the uploaded files into the backup folder, then removes backups past their keeping time.',
  cleanup:
    'Purges forms long in the trash, unused upload files, expired sessions and old backups, then checks the sealed audit trail.',
  'sync-employees': 'Copies the employees from the company directory (Microsoft Entra ID) into the employee list.',
};

/** A job's name for people (an unknown name is shown as it is). */
export function jobLabel(name: string): string {
  return (JOB_LABELS as Readonly<Record<string, string>>)[name] ?? name;
}

const STATUS_LABELS: Readonly<Record<string, string>> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  skipped: 'Skipped: already running',
  cancelled: 'Cancelled: the server stopped',
  interrupted: 'Interrupted: its process ended',
};

/** A run's status for people. */
export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status;
}

/** Who asked for a run: `scheduled` or `started by hand`. */
export function triggerLabel(trigger: string): string {
  return trigger === 'schedule' ? 'scheduled' : 'started by hand';
}

/** The host of a `job_runs.instance` (`host:pid:tag`). */
export function hostOf(instance: string): string {
  return instance.split(':')[0] || instance;
}

/**
 * A backup's size from its counts: the database dump plus every upload file in it (`uploadBytes`;
 * backups recorded before that count existed: the files copied, a lower bound). Null without counts.
 */
export function backupBytes(counts: JobCounts | null): number | null {
  if (counts === null || typeof counts.databaseBytes !== 'number') return null;
  return counts.databaseBytes + (counts.uploadBytes ?? counts.bytesCopied ?? 0);
}

/**
 * What a run did, in words: a backup `2.5 MB, 48 files, 2.4 s`; a cleanup `3 forms purged, 12 files
 * removed; audit trail intact (1,234 events checked)`; a sync `1,200 people in the directory: 3 added,
 * 5 updated, 1 deactivated`. Counts it does not know are listed by name, words apart. `''` without counts.
 */
export function runResult(jobName: string, counts: JobCounts | null): string {
  if (counts === null) return '';
  const c = (key: string) => counts[key] ?? 0;
  const dry = c('dryRun') > 0 ? 'Dry run: ' : '';
  const known = new Set(['dryRun']);
  const use = (...keys: string[]) => keys.forEach((k) => known.add(k));
  const parts: string[] = [];
  if (jobName === 'backup') {
    use('databaseBytes', 'uploadBytes', 'bytesCopied', 'filesCopied', 'filesLinked', 'databaseMs', 'filesMs');
    const size = backupBytes(counts);
    if (size !== null) parts.push(bytes(size));
    parts.push(count(c('filesCopied') + c('filesLinked'), 'file'));
    if ('databaseMs' in counts || 'filesMs' in counts) parts.push(durationMs(c('databaseMs') + c('filesMs')));
    use('backupsRemoved');
    if (c('backupsRemoved') > 0) parts.push(`${count(c('backupsRemoved'), 'old backup')} removed`);
  } else if (jobName === 'cleanup') {
    use('formsPurged', 'attachmentFilesRemoved', 'orphanFilesRemoved', 'tempFilesRemoved');
    use('sessionsRemoved', 'signInFailuresRemoved', 'backupsRemoved', 'auditEventsVerified', 'auditChainBroken');
    const files = c('attachmentFilesRemoved') + c('orphanFilesRemoved') + c('tempFilesRemoved');
    const removed = [
      c('formsPurged') && `${count(c('formsPurged'), 'form')} purged`,
      files && `${count(files, 'file')} removed`,
      c('sessionsRemoved') && `${count(c('sessionsRemoved'), 'expired session')} removed`,
      c('signInFailuresRemoved') && `${count(c('signInFailuresRemoved'), 'old failed sign-in')} removed`,
      c('backupsRemoved') && `${count(c('backupsRemoved'), 'old backup')} removed`,
    ].filter((p): p is string => typeof p === 'string');
    parts.push(removed.length ? removed.join(', ') : 'nothing to remove');
    if ('auditChainBroken' in counts)
      parts.push(
        c('auditChainBroken') > 0
          ? 'audit trail BROKEN'
          : `audit trail intact (${count(c('auditEventsVerified'), 'event')} checked)`,
      );
    use('trainingSummaryPairs', 'trainingSummaryDrift');
    if ('trainingSummaryDrift' in counts)
      parts.push(
        c('trainingSummaryDrift') > 0
          ? `training summary DRIFTED on ${count(c('trainingSummaryDrift'), 'pair')}`
          : `training summary matches (${count(c('trainingSummaryPairs'), 'pair')})`,
      );
  } else if (jobName === 'sync-employees') {
    use('listed', 'added', 'updated', 'deactivated', 'unchanged');
    const changes = [
      c('added') && `${num(c('added'))} added`,
      c('updated') && `${num(c('updated'))} updated`,
      c('deactivated') && `${num(c('deactivated'))} deactivated`,
    ].filter((p): p is string => typeof p === 'string');
    parts.push(`${count(c('listed'), 'person', 'people')} in the directory: ${changes.join(', ') || 'no changes'}`);
  }
  const others = Object.entries(counts)
    .filter(([k]) => !known.has(k))
    .map(([k, v]) => `${words(k)} ${num(v)}`);
  const text = [parts.join(', '), others.join(', ')].filter(Boolean).join('; ');
  return `${dry}${text}`;
}

/** `filesCopied` → `files copied`. */
function words(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

const ACTION_LABELS: Readonly<Record<string, string>> = {
  create: 'created',
  update: 'edited',
  delete: 'moved to the trash',
  restore: 'restored from the trash',
  purge: 'deleted permanently',
  sign: 'signed',
  'sign-refused': 'signature refused (password not accepted)',
  attach: 'attached a file',
  detach: 'removed a file',
  revise: 'issued a new revision',
  retire: 'retired',
  require: 'added a training requirement',
  unrequire: 'removed a training requirement',
  'sign-in': 'signed in',
  'sign-in-failed': 'sign-in failed',
  'sign-in-throttled': 'sign-in refused: too many attempts',
  'sign-out': 'signed out',
  'admin-add': 'made an administrator',
  'admin-remove': 'removed from the administrators',
  'run-job': 'started by hand (Run now)',
};

/** An audit action for people (an unknown one is shown as it is). */
export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

/** What an audit event is about, for people: `Form 7: Gowning`, `Document 3`, `Backup job`. */
export function entityLabel(e: {
  readonly entityType: string;
  readonly entityId: string | null;
  readonly details: Readonly<Record<string, unknown>> | null;
}): string {
  const id = e.entityId ?? '';
  const title = typeof e.details?.title === 'string' ? `: ${e.details.title}` : '';
  switch (e.entityType) {
    case 'training_form':
      return `Form ${id}${title}`;
    case 'controlled_document':
      return `Document ${id}`;
    case 'admin_user':
      return `Administrator ${id}`;
    case 'user':
      return `User ${id}`;
    case 'job':
      return `${jobLabel(id)} job`;
    default:
      return `${e.entityType} ${id}`.trim();
  }
}

/** Where an audit event's entity is shown, or null: a form opens where it now is (its page, the trash, its history). */
export function entityHref(e: { readonly entityType: string; readonly entityId: string | null }): string | null {
  const id = e.entityId ?? '';
  const numeric = /^[0-9]{1,9}$/.test(id);
  switch (e.entityType) {
    case 'training_form':
      return numeric ? `/admin/audit/forms/${id}` : null;
    case 'controlled_document':
      return numeric ? `/documents/${id}` : null;
    case 'admin_user':
      return '/admin/users';
    case 'job':
      return '/admin/jobs';
    default:
      return null;
  }
}

export const adminFormat = {
  actionLabel,
  entityLabel,
  entityHref,
  utcTime,
  when,
  ago,
  duration,
  durationMs,
  bytes,
  num,
  count,
  shortCommit,
  tone,
  jobLabel,
  statusLabel,
  triggerLabel,
  hostOf,
  runResult,
  backupBytes,
  JOB_PURPOSES,
};
