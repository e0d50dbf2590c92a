/** Formatting shared by the admin status pages (job runs, deployments); every time is UTC. */

/** `YYYY-MM-DD HH:MM:SS` in UTC (the pages label the columns "(UTC)"). */
export function utcTime(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
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

/** `filesCopied 12, bytes 3400` in the job's own order; `''` for no counts. */
export function countsText(counts: Readonly<Record<string, number>> | null): string {
  return counts === null
    ? ''
    : Object.entries(counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
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

export const adminFormat = { utcTime, duration, durationMs, countsText, shortCommit, tone };
