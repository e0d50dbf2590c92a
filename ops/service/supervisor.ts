import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVER_NODE_FLAGS } from './server-flags.ts';
import { isProcessAlive } from '../cli/process-alive.ts';

/**
 * A small process supervisor for hosts without systemd (the successor of the old PowerShell restart
 * script): one detached `node dist/src/app/server.js` per environment, a pidfile and a log file.
 */
export interface ServiceSpec {
  /** The release folder to run (holds `dist/` and `node_modules/`). */
  readonly releaseDir: string;
  readonly appEnv: string;
  /** Where the pidfile and log live (kept across releases). */
  readonly stateDir: string;
  /** Base URL the instance answers on, for the health wait. */
  readonly healthUrl: string;
  /** Extra environment for the process (e.g. secrets from the deploy pipeline). */
  readonly env?: Readonly<Record<string, string>>;
}

export type ServiceStatus =
  | { readonly running: false }
  | { readonly running: true; readonly pid: number; readonly healthy: boolean; readonly health?: unknown };

const pidFile = (s: ServiceSpec) => join(s.stateDir, `training-forms-${s.appEnv}.pid`);
export const logFile = (s: ServiceSpec) => join(s.stateDir, `training-forms-${s.appEnv}.log`);

function readPid(s: ServiceSpec): number | null {
  if (!existsSync(pidFile(s))) return null;
  const pid = Number(readFileSync(pidFile(s), 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isProcessAlive(pid) ? pid : null;
}

/** GET /health once; `null` when nothing answers. */
export async function probeHealth(url: string, timeoutMs = 2000): Promise<{ status: number; body: unknown } | null> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, body: await res.json().catch(() => null) };
  } catch {
    return null;
  }
}

export async function status(s: ServiceSpec): Promise<ServiceStatus> {
  const pid = readPid(s);
  if (pid === null) return { running: false };
  const health = await probeHealth(s.healthUrl);
  return { running: true, pid, healthy: health?.status === 200, health: health?.body };
}

/** Spawns the release's server detached, logging to the state folder; `extraEnv` over the spec's. */
function launch(s: ServiceSpec, extraEnv: Record<string, string> = {}): number {
  mkdirSync(s.stateDir, { recursive: true });
  const log = openSync(logFile(s), 'a');
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, join(s.releaseDir, 'dist/src/app/server.js')], {
    cwd: s.releaseDir,
    env: { ...process.env, ...s.env, ...extraEnv, APP_ENV: s.appEnv, LOG_PRETTY: 'false' },
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  if (child.pid === undefined) throw new Error('the server process could not be started');
  child.unref();
  return child.pid;
}

/** Waits for `/health` 200 with migrations up to date; stops `pid` and rejects when it exits or times out. */
async function waitHealthy(s: ServiceSpec, pid: number, deadline: number, waitMs: number): Promise<void> {
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) {
      rmSync(pidFile(s), { force: true });
      throw new Error(`the server exited during start-up; see ${logFile(s)}:\n${tail(logFile(s))}`);
    }
    const health = await probeHealth(s.healthUrl, 1000);
    const upToDate = (health?.body as { database?: { migrations?: { upToDate?: boolean } } } | null)?.database
      ?.migrations?.upToDate;
    if (health?.status === 200 && upToDate) return;
    await sleep(25);
  }
  await stop(s);
  throw new Error(`the server did not become healthy within ${waitMs} ms; see ${logFile(s)}:\n${tail(logFile(s))}`);
}

/**
 * Starts the service unless it runs already, then waits until `/health` answers 200 with
 * up-to-date migrations. Rejects (and stops the process) if it exits or is not healthy in time.
 */
export async function start(
  s: ServiceSpec,
  options: { waitMs?: number } = {},
): Promise<{ pid: number; alreadyRunning: boolean }> {
  const running = readPid(s);
  if (running !== null) return { pid: running, alreadyRunning: true };
  const waitMs = options.waitMs ?? 30_000;
  const pid = launch(s);
  writeFileSync(pidFile(s), `${pid}\n`);
  await waitHealthy(s, pid, Date.now() + waitMs, waitMs);
  return { pid, alreadyRunning: false };
}

/**
 * Replaces the running server with the release in `next` with the shortest gap: the new process
 * loads completely while the old one still serves (it announces itself through a ready file and
 * retries `listen` while the port is taken), then the old one is stopped and the new one binds.
 * Without a running server this is {@link start}.
 */
export async function handover(
  next: ServiceSpec,
  options: { waitMs?: number; graceMs?: number } = {},
): Promise<{ pid: number }> {
  const old = readPid(next);
  if (old === null) return start(next, options);
  const waitMs = options.waitMs ?? 30_000;
  const deadline = Date.now() + waitMs;
  const ready = join(next.stateDir, `ready-${process.pid}-${Date.now()}`);
  const pid = launch(next, { READY_FILE: ready, LISTEN_RETRY_MS: String(waitMs) });
  try {
    while (!existsSync(ready)) {
      if (!isProcessAlive(pid))
        throw new Error(
          `the new server exited during start-up (the old one still serves); see ${logFile(next)}:\n${tail(logFile(next))}`,
        );
      if (Date.now() > deadline) {
        process.kill(pid, 'SIGKILL');
        throw new Error(
          `the new server did not load within ${waitMs} ms (the old one still serves); see ${logFile(next)}`,
        );
      }
      await sleep(20);
    }
  } finally {
    rmSync(ready, { force: true });
  }
  await stop(next, { graceMs: options.graceMs });
  writeFileSync(pidFile(next), `${pid}\n`);
  await waitHealthy(next, pid, deadline, waitMs);
  return { pid };
}

/** SIGTERM (in-flight requests finish), then SIGKILL after `graceMs`. Returns whether it was running. */
export async function stop(s: ServiceSpec, options: { graceMs?: number } = {}): Promise<boolean> {
  const pid = readPid(s);
  if (pid === null) {
    rmSync(pidFile(s), { force: true });
    return false;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + (options.graceMs ?? 15_000);
  while (isProcessAlive(pid) && Date.now() < deadline) await sleep(50);
  if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
  while (isProcessAlive(pid)) await sleep(20);
  rmSync(pidFile(s), { force: true });
  return true;
}

/** The last lines of a log, for error messages. */
export function tail(path: string, lines = 20): string {
  if (!existsSync(path)) return '(no log)';
  return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
