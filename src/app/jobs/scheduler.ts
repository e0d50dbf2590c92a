import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import Bree from 'bree';
import { JOB_NAMES, type JobName } from '../../domain/job-run.ts';
import type { Config } from '../config.ts';
import type { JobLogger } from './job-runner.ts';

/** The running scheduler. */
export interface Scheduler {
  /** Starts job `name` in a worker now; resolves when that worker has ended. */
  runNow(name: JobName): Promise<void>;
  /**
   * Stops scheduling and cancels running jobs (each stops at its next check and is recorded as
   * cancelled); resolves when every worker has ended, or after `timeoutMs` by terminating them.
   */
  stop(timeoutMs?: number): Promise<void>;
}

/** `./worker.js` next to this file when compiled; `./worker.ts` (run through tsx) in development. */
const compiled = import.meta.url.endsWith('.js');
const WORKER_FILE = fileURLToPath(new URL(compiled ? './worker.js' : './worker.ts', import.meta.url));

/**
 * Node 20 ignores `--import` in a Worker's execArgv, so a `.ts` worker cannot load through tsx that
 * way: in development the worker starts from a tiny bootstrap that registers tsx inside the worker
 * thread, then imports the real entry. Production runs compiled JS and never takes this path.
 */
class TsxAwareBree extends Bree {
  override createWorker = (filename: string, options: Partial<WorkerOptions>): Worker => {
    if (!filename.endsWith('.ts')) return new Worker(filename, options);
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL(`file://${filename}`).href;
    const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(bootstrap, { ...options, eval: true });
  };
}

/**
 * Starts Bree with the three jobs on `JOBS_SCHEDULE` (default 03:00) in `JOBS_TIMEZONE`, each in a
 * worker thread. Errors of a worker are logged, never thrown: a failing job cannot stop the server.
 */
export async function startScheduler(
  config: Config,
  log: JobLogger,
  options: { jobNames?: readonly JobName[]; workerFile?: string } = {},
): Promise<Scheduler> {
  const workerFile = options.workerFile ?? WORKER_FILE;
  const quiet = (level: 'info' | 'warn' | 'error') => (message: unknown) =>
    log[level]({ scheduler: 'bree' }, message instanceof Error ? message.message : String(message));
  const bree = new TsxAwareBree({
    root: false,
    logger: { info: () => undefined, warn: quiet('warn'), error: quiet('error') },
    acceptedExtensions: ['.js', '.mjs', '.ts'],
    defaultExtension: compiled ? 'js' : 'ts',
    // Bree calls this twice for a worker that fails (its error, then its exit code): one log line each.
    errorHandler: (error: unknown, meta: { name: string }) =>
      log.error({ job: meta.name, error: error instanceof Error ? error.message : String(error) }, 'job worker error'),
    workerMessageHandler: (meta: { name: string; message: unknown }) => {
      const m = meta.message as { type?: string; status?: string; runId?: number } | string;
      if (typeof m === 'object' && m?.type === 'outcome')
        log.info({ job: meta.name, status: m.status, runId: m.runId }, 'job worker finished');
    },
    jobs: (options.jobNames ?? JOB_NAMES).map((name) => ({
      name,
      path: workerFile,
      cron: config.jobs.schedule,
      // A 6-field expression has seconds first (used by tests); the default `0 3 * * *` has 5.
      hasSeconds: config.jobs.schedule.trim().split(/\s+/).length === 6,
      timezone: config.jobs.timezone,
      worker: { workerData: { jobName: name } },
    })),
  });
  await bree.start();
  log.info({ schedule: config.jobs.schedule, timezone: config.jobs.timezone }, 'job scheduler started');

  const ended = (name: string) =>
    new Promise<void>((resolve) => {
      const onDeleted = (deleted: string) => {
        if (deleted !== name) return;
        bree.off('worker deleted', onDeleted);
        resolve();
      };
      bree.on('worker deleted', onDeleted);
    });

  return {
    async runNow(name) {
      if (bree.workers.has(name)) throw new Error(`Job "${name}" is already running in this instance`);
      const done = ended(name);
      await bree.run(name);
      await done;
    },
    async stop(timeoutMs = 30_000) {
      const stopped = bree.stop();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
      const result = await Promise.race([stopped.then(() => 'stopped' as const), timeout]);
      clearTimeout(timer);
      if (result === 'timeout') {
        log.warn({ running: [...bree.workers.keys()] }, 'jobs did not stop in time; terminating their workers');
        await Promise.all([...bree.workers.values()].map((w) => w.terminate()));
      }
    },
  };
}
