/** What the benchmarks read about a process from /proc (Linux): CPU time and memory. */
import { readFileSync, writeFileSync } from 'node:fs';

/** User + system CPU time of a process so far, in milliseconds (from /proc; clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU time of the local MariaDB server so far (ms), or null for SQLite or when it cannot be read. */
export function databaseCpuMs(dialect: 'sqlite' | 'mariadb'): number | null {
  if (dialect === 'sqlite') return null;
  for (const pidFile of ['/run/mysqld/mysqld.pid', '/var/run/mysqld/mysqld.pid']) {
    try {
      return cpuMs(Number(readFileSync(pidFile, 'utf8').trim()));
    } catch {
      /* not this file, or not readable */
    }
  }
  return null;
}

/** Waits (at most a minute) until the MariaDB server uses under 5 % of a core for a second. */
export async function waitForQuietDatabase(dialect: 'sqlite' | 'mariadb'): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const before = databaseCpuMs(dialect);
    if (before === null) return;
    await new Promise((r) => setTimeout(r, 1000));
    if ((databaseCpuMs(dialect) ?? before) - before < 50) return;
  }
}

/**
 * Waits (at most `maxS` seconds) until a process uses under 10 % of a core for half a second: a
 * server still answering the requests a load run left queued would be measured against the next run.
 */
export async function waitForIdle(pid: number, maxS = 120): Promise<void> {
  for (let i = 0; i < maxS * 2; i++) {
    const before = cpuMs(pid);
    await new Promise((r) => setTimeout(r, 500));
    if (cpuMs(pid) - before < 50) return;
  }
}

/** A process's resident memory now (`VmRSS`) or its peak (`VmHWM`), in MB. */
export function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024);
}

/** Sets a process's `VmHWM` back to its current RSS (`/proc/<pid>/clear_refs`, 5): a later peak is this run's. */
export function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** Samples `VmRSS` every `everyMs` until `stop()`, which returns the highest sample (MB). */
export function sampleRss(pid: number, everyMs = 50): { stop: () => number } {
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid));
    } catch {
      /* the process has gone */
    }
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}
