import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { composeJobs } from '../composition/jobs.ts';
import { loadConfig } from '../config.ts';
import { loggerOptions } from '../logger.ts';
import { runNamedJob } from './job-definitions.ts';

/**
 * The Bree worker: runs one job (named in `workerData.jobName`) through the same runner as
 * `npm run job`, then posts `done`. A `cancel` message (server shutdown) aborts the job's signal;
 * the job stops at its next check, is recorded as `cancelled`, and the worker still ends with
 * `done` (replying `cancelled` would make Bree report a spurious failure).
 */
async function main(): Promise<pino.Logger> {
  const data = workerData as { jobName?: unknown } | null;
  const jobName = typeof data?.jobName === 'string' ? data.jobName : '';
  const controller = new AbortController();
  parentPort?.on('message', (message) => {
    if (message === 'cancel') controller.abort();
  });
  const config = loadConfig();
  const log = pino(loggerOptions(config)).child({ worker: 'bree' });
  const jobs = await composeJobs(config);
  try {
    const outcome = await runNamedJob(jobs, jobName, { trigger: 'schedule', log, signal: controller.signal });
    parentPort?.postMessage({ type: 'outcome', jobName, status: outcome.status, runId: outcome.run?.id ?? null });
  } finally {
    await jobs.close();
  }
  return log;
}

main().then(
  // Bree terminates the worker on `done`: flush the log first or its last lines are lost.
  (log) => log.flush(() => parentPort?.postMessage('done')),
  (error: unknown) => {
    // Only start-up failures land here (configuration, database unreachable): the runner itself
    // never throws. A non-zero exit makes Bree call its error handler; the server keeps running.
    process.stderr.write(`job worker failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1); // in a worker thread this ends the worker only
  },
);
