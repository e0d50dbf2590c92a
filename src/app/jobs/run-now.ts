import { setTimeout as sleep } from 'node:timers/promises';
import type { JobName } from '../../domain/job-run.ts';
import type { JobLaunchResult, JobLauncher } from '../../domain/ports/job-launcher.ts';
import { runNamedJob, type MaintenanceJobs } from './job-definitions.ts';
import type { JobLogger, JobOutcome } from './job-runner.ts';

/** How long "Run now" waits for a job before answering that it goes on in the background. */
export const RUN_NOW_WAIT_MS = 5000;

/** {@link JobLauncher} for the web server, and how to stop what it started. */
export interface RunNowLauncher extends JobLauncher {
  /**
   * Cancels the runs still going (each stops at its next check and is recorded `cancelled`, as on a
   * scheduler stop) and waits for them to be recorded, at most `timeoutMs`.
   */
  close(timeoutMs?: number): Promise<void>;
}

/**
 * "Run now" in the web server's process: the job runs through {@link runNamedJob} (the runner and
 * the job's lock, exactly as a scheduled worker and `npm run job`), trigger `manual`. The request
 * waits up to `waitMs`; a job still running then goes on in the background (`job_runs` shows it
 * `running`) and is cancelled when the server stops. A run that finds the job's lock held is
 * recorded `skipped` and comes back so.
 */
export function runNowLauncher(options: {
  jobs: () => MaintenanceJobs;
  log: () => JobLogger;
  waitMs?: number;
}): RunNowLauncher {
  const waitMs = options.waitMs ?? RUN_NOW_WAIT_MS;
  const running = new Set<{ controller: AbortController; done: Promise<JobOutcome> }>();
  let closed = false;
  return {
    async runNow(jobName: JobName): Promise<JobLaunchResult> {
      if (closed) throw new Error('The server is stopping: no job can be started now.');
      const controller = new AbortController();
      const done = runNamedJob(options.jobs(), jobName, {
        trigger: 'manual',
        log: options.log(),
        signal: controller.signal,
      });
      const entry = { controller, done };
      running.add(entry);
      void done.finally(() => running.delete(entry));
      const timer = new AbortController();
      const waited = await Promise.race([
        done,
        sleep(waitMs, 'waiting' as const, { signal: timer.signal }).catch(() => 'waiting' as const),
      ]);
      timer.abort();
      if (waited === 'waiting') return { state: 'running' };
      return { state: 'finished', status: waited.status, runId: waited.run?.id ?? null, error: waited.error };
    },
    async close(timeoutMs = 10_000) {
      closed = true;
      if (running.size === 0) return;
      for (const r of running) r.controller.abort();
      const timer = new AbortController();
      await Promise.race([
        Promise.all([...running].map((r) => r.done)),
        sleep(timeoutMs, undefined, { signal: timer.signal }).catch(() => undefined),
      ]);
      timer.abort();
    },
  };
}
