import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { JobCounts, JobRun, JobRunStatus, JobTrigger } from '../../domain/job-run.ts';
import type { Clock } from '../../domain/ports/clock.ts';
import type { JobLock } from '../../domain/ports/job-lock.ts';
import type { ProgressListener } from '../../domain/ports/progress-listener.ts';
import type { JobRunRepository } from '../../domain/ports/job-run-repository.ts';

/** The slice of a pino logger the jobs use. */
export interface JobLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * What a job gets: a signal that fires on cancel (server shutdown), dry-run, a logger, and (run by
 * hand from a terminal) a listener for its progress.
 */
export interface JobContext {
  readonly signal: AbortSignal;
  readonly dryRun: boolean;
  readonly log: JobLogger;
  readonly onProgress?: ProgressListener;
}

/** What a job reports: counts for `job_runs`, and (for people) the items it touched or would touch. */
export interface JobResult {
  readonly counts: JobCounts;
  readonly items?: readonly string[];
  /** The work finished but found a problem (e.g. a broken audit chain): recorded as `failed`, with the counts. */
  readonly failure?: string;
}

/** One job: its name, its work, and the locks it shares with other jobs. */
export interface JobDefinition {
  readonly name: string;
  /**
   * Locks taken (waiting up to `sharedLockWaitMs`) after the job's own, e.g. `files` shared by backup
   * and cleanup so a purge never removes files a backup is copying.
   */
  readonly sharedLocks?: readonly string[];
  run(ctx: JobContext): Promise<JobResult>;
}

export interface JobRunnerDeps {
  readonly runs: JobRunRepository;
  readonly lock: JobLock;
  readonly clock: Clock;
  readonly log: JobLogger;
  /** Names this process in `job_runs.instance`. */
  readonly instance?: string;
  readonly sharedLockWaitMs?: number;
}

/** How a run ended. `run` is null only when even recording it failed (database down). */
export interface JobOutcome {
  readonly status: Exclude<JobRunStatus, 'running' | 'interrupted'>;
  readonly run: JobRun | null;
  readonly result: JobResult | null;
  readonly error: string | null;
}

export const defaultInstance = (): string => `${hostname()}:${process.pid}:${randomBytes(2).toString('hex')}`;

/**
 * Runs `job` once: takes the job's database lock (another instance holding it means `skipped`),
 * records the run in `job_runs`, and records how it ended. Never throws: a failing job, a failing
 * lock or a database that is down all come back as an outcome, so a scheduler or server never
 * crashes because of a job.
 */
export async function runJob(
  job: JobDefinition,
  deps: JobRunnerDeps,
  options: { trigger: JobTrigger; signal?: AbortSignal; dryRun?: boolean; onProgress?: ProgressListener },
): Promise<JobOutcome> {
  const instance = deps.instance ?? defaultInstance();
  const signal = options.signal ?? new AbortController().signal;
  const log = deps.log;
  const started = deps.clock.now();
  try {
    const locked = await deps.lock.withLock(`job:${job.name}`, async () => {
      const id = await deps.runs.start({ jobName: job.name, trigger: options.trigger, instance, startedAt: started });
      const interrupted = await deps.runs.markInterrupted(job.name, id, started);
      if (interrupted > 0)
        log.warn({ job: job.name, interrupted }, 'earlier run(s) of this job never finished; marked interrupted');
      log.info({ job: job.name, runId: id, trigger: options.trigger, dryRun: options.dryRun === true }, 'job started');
      const outcome = await execute(job, deps, {
        signal,
        dryRun: options.dryRun === true,
        log,
        onProgress: options.onProgress,
      });
      await deps.runs.finish(id, {
        status: outcome.status,
        finishedAt: deps.clock.now(),
        counts: outcome.result?.counts ?? null,
        error: outcome.error,
      });
      const level = outcome.status === 'failed' ? 'error' : 'info';
      log[level](
        {
          job: job.name,
          runId: id,
          status: outcome.status,
          counts: outcome.result?.counts,
          error: outcome.error ?? undefined,
        },
        `job ${outcome.status}`,
      );
      return { id, ...outcome };
    });
    if (!locked.acquired) {
      const error = 'Another run of this job holds the lock (on this or another instance).';
      const id = await deps.runs.start({ jobName: job.name, trigger: options.trigger, instance, startedAt: started });
      await deps.runs.finish(id, { status: 'skipped', finishedAt: deps.clock.now(), counts: null, error });
      log.warn({ job: job.name, runId: id }, 'job skipped: already running');
      return { status: 'skipped', run: await findRun(deps.runs, job.name, id), result: null, error };
    }
    const { id, ...outcome } = locked.value;
    return { ...outcome, run: await findRun(deps.runs, job.name, id) };
  } catch (error) {
    const message = describe(error);
    log.error({ job: job.name, error: message }, 'job could not be run or recorded');
    return { status: 'failed', run: null, result: null, error: message };
  }
}

async function execute(job: JobDefinition, deps: JobRunnerDeps, ctx: JobContext) {
  const attempt = async (): Promise<JobResult> => {
    let work = () => job.run(ctx);
    for (const shared of job.sharedLocks ?? []) {
      const inner = work;
      work = async () => {
        const held = await deps.lock.withLock(`shared:${shared}`, inner, {
          waitMs: deps.sharedLockWaitMs ?? 30 * 60_000,
        });
        if (!held.acquired) throw new Error(`Timed out waiting for the shared "${shared}" lock`);
        return held.value;
      };
    }
    return work();
  };
  try {
    const result = await attempt();
    if (result.failure !== undefined) return { status: 'failed' as const, result, error: result.failure };
    return { status: ctx.signal.aborted ? ('cancelled' as const) : ('succeeded' as const), result, error: null };
  } catch (error) {
    if (ctx.signal.aborted)
      return { status: 'cancelled' as const, result: null, error: 'Cancelled before it finished (shutdown).' };
    return { status: 'failed' as const, result: null, error: describe(error) };
  }
}

async function findRun(runs: JobRunRepository, jobName: string, id: number): Promise<JobRun | null> {
  return (await runs.recent(20, jobName)).find((r) => r.id === id) ?? null;
}

/** An error as one operator-facing line: its message, and the cause's message when there is one. */
export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const cause =
    error.cause instanceof Error && error.cause.message !== error.message ? ` (cause: ${error.cause.message})` : '';
  return `${typeof code === 'string' ? `${code}: ` : ''}${error.message}${cause}`;
}
