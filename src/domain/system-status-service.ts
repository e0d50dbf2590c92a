import type { Deployment } from './deployment.ts';
import { isJobName, JOB_NAMES, type JobName, type JobRun } from './job-run.ts';
import type { Clock } from './ports/clock.ts';
import type { DeploymentHistory } from './ports/deployment-history.ts';
import type { JobRunRepository } from './ports/job-run-repository.ts';
import type { JobSchedule } from './ports/job-schedule.ts';

/**
 * A backup is stale when no backup has succeeded for more than this many hours. The backup runs
 * nightly (`JOBS_SCHEDULE`, 03:00 by default): one day plus two hours' grace for a run that starts
 * late (a deploy, a daylight-saving change) or takes long, so a healthy schedule never raises it and
 * one missed night does, the morning after.
 */
export const STALE_BACKUP_HOURS = 26;

const HOUR_MS = 3_600_000;

/** Something an administrator should look at, shown as a banner on every admin page. */
export type AdminAlert =
  /** The newest run (skips aside) of a job failed, or its process died (`interrupted`). */
  | { readonly kind: 'job-failed'; readonly jobName: JobName; readonly run: JobRun }
  /**
   * No backup succeeded for more than {@link STALE_BACKUP_HOURS} (`lastGood` null: none ever did).
   * Raised only where the jobs are scheduled: elsewhere backups are taken by hand, when wanted.
   */
  | { readonly kind: 'backup-stale'; readonly lastGood: JobRun | null; readonly ageHours: number | null };

/** One job at a glance: its newest run (skips aside) and its next scheduled start. */
export interface JobAtAGlance {
  readonly jobName: JobName;
  readonly latest: JobRun | null;
  /** Null when the jobs are not scheduled in this environment. */
  readonly nextRun: Date | null;
}

/** The jobs' schedule in this environment, and their next start. */
export interface ScheduleStatus {
  readonly enabled: boolean;
  readonly cron: string;
  readonly timezone: string;
  /** Null when the jobs are not scheduled here. */
  readonly nextRun: Date | null;
}

/** The jobs' side of the admin home. */
export interface SystemStatus {
  /** When this status was read (ages are counted to it). */
  readonly at: Date;
  readonly jobs: readonly JobAtAGlance[];
  /** Whether this environment runs the jobs on a schedule, which, and when next. */
  readonly schedule: ScheduleStatus;
  /** The newest successful backup, its age in hours (null: none), and whether that is stale. */
  readonly backup: { readonly lastGood: JobRun | null; readonly ageHours: number | null; readonly stale: boolean };
  /** The directory sync's newest run (skips aside). */
  readonly sync: JobRun | null;
  readonly deployments: readonly Deployment[];
  readonly alerts: readonly AdminAlert[];
}

export interface SystemStatusDeps {
  readonly runs: JobRunRepository;
  readonly deployments: DeploymentHistory;
  readonly schedule: JobSchedule;
  readonly clock: Clock;
}

/** What the admin home and the admin pages' banner show about the jobs, backups and deploys. */
export class SystemStatusService {
  constructor(private readonly deps: SystemStatusDeps) {}

  /**
   * The banner of every admin page: a failed job, a stale backup. Cheap enough for every admin
   * request: the newest run of each job, and (where backups are scheduled) the newest good backup.
   */
  async alerts(): Promise<AdminAlert[]> {
    const latest = await this.deps.runs.latestPerJob();
    const lastGood = this.deps.schedule.enabled ? await this.lastGoodBackup(latest) : null;
    return adminAlerts({ latest, lastGoodBackup: lastGood, now: this.deps.clock.now(), schedule: this.deps.schedule });
  }

  /** Whether and when the jobs run on their own here. */
  schedule(): ScheduleStatus {
    const { schedule, clock } = this.deps;
    return {
      enabled: schedule.enabled,
      cron: schedule.cron,
      timezone: schedule.timezone,
      nextRun: schedule.enabled ? schedule.nextRun(clock.now()) : null,
    };
  }

  /** The admin home's jobs, backup, directory sync and the newest `deployLimit` deploys. */
  async status(deployLimit = 5): Promise<SystemStatus> {
    const { schedule, clock } = this.deps;
    const now = clock.now();
    const [latest, deployments] = await Promise.all([
      this.deps.runs.latestPerJob(),
      this.deps.deployments.recent(Math.min(Math.max(Math.trunc(deployLimit), 1), 50)),
    ]);
    const lastGood = await this.lastGoodBackup(latest);
    const byName = new Map(latest.map((r) => [r.jobName, r]));
    const nextRun = schedule.enabled ? schedule.nextRun(now) : null;
    const ageHours = lastGood ? hoursBetween(lastGood.startedAt, now) : null;
    return {
      at: now,
      jobs: JOB_NAMES.map((jobName) => ({ jobName, latest: byName.get(jobName) ?? null, nextRun })),
      schedule: { enabled: schedule.enabled, cron: schedule.cron, timezone: schedule.timezone, nextRun },
      backup: { lastGood, ageHours, stale: isStale(lastGood, now) },
      sync: byName.get('sync-employees') ?? null,
      deployments,
      alerts: adminAlerts({ latest, lastGoodBackup: lastGood, now, schedule }),
    };
  }

  /** The newest successful backup: the newest backup run when it succeeded, else asked for. */
  private async lastGoodBackup(latest: readonly JobRun[]): Promise<JobRun | null> {
    const newest = latest.find((r) => r.jobName === 'backup');
    if (!newest) return null;
    if (newest.status === 'succeeded') return newest;
    const [good] = await this.deps.runs.recent(1, 'backup', { status: 'succeeded' });
    return good ?? null;
  }
}

/** Whether a backup last succeeding at `lastGood` (null: never) is stale at `now`. */
export function isStale(lastGood: JobRun | null, now: Date): boolean {
  return lastGood === null || now.getTime() - lastGood.startedAt.getTime() > STALE_BACKUP_HOURS * HOUR_MS;
}

/**
 * The alerts for these newest runs (one per job, skips aside): each known job whose newest run
 * `failed` or was `interrupted`, in {@link JOB_NAMES} order; then a stale backup, where the jobs
 * are scheduled (`lastGoodBackup`: the newest successful backup run, null when none).
 */
export function adminAlerts(input: {
  readonly latest: readonly JobRun[];
  readonly lastGoodBackup: JobRun | null;
  readonly now: Date;
  readonly schedule: Pick<JobSchedule, 'enabled'>;
}): AdminAlert[] {
  const alerts: AdminAlert[] = [];
  for (const jobName of JOB_NAMES) {
    const run = input.latest.find((r) => r.jobName === jobName && isJobName(r.jobName));
    if (run && (run.status === 'failed' || run.status === 'interrupted'))
      alerts.push({ kind: 'job-failed', jobName, run });
  }
  const { lastGoodBackup: lastGood, now } = input;
  if (input.schedule.enabled && isStale(lastGood, now))
    alerts.push({
      kind: 'backup-stale',
      lastGood,
      ageHours: lastGood ? hoursBetween(lastGood.startedAt, now) : null,
    });
  return alerts;
}

/** Whole hours from `a` to `b` (rounded down, never negative). */
function hoursBetween(a: Date, b: Date): number {
  return Math.max(0, Math.floor((b.getTime() - a.getTime()) / HOUR_MS));
}
