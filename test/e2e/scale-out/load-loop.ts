import { setTimeout as sleep } from 'node:timers/promises';

/** What a {@link loadLoop} saw: every request, the failed ones (described), and the commits `/health` reported. */
export interface LoadOutcome {
  readonly requests: number;
  readonly failures: readonly string[];
  /** Responses per commit reported by `/health` (which instance release answered). */
  readonly commits: Readonly<Record<string, number>>;
}

/**
 * A bounded load loop through a load balancer: `workers` clients alternate `GET /health` and
 * `GET /login` (a 10 ms pause between requests) until `stop()` or `maxRequests` in all. A request
 * fails on a connection error or a status other than 200.
 */
export function loadLoop(base: string, options: { workers?: number; maxRequests?: number } = {}) {
  let running = true;
  let requests = 0;
  const failures: string[] = [];
  const commits: Record<string, number> = {};
  const max = options.maxRequests ?? 100_000;
  const worker = async () => {
    for (let i = 0; running && requests < max; i++) {
      const path = i % 2 === 0 ? '/health' : '/login';
      requests++;
      try {
        const r = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(30_000) });
        const text = await r.text();
        if (r.status !== 200) failures.push(`${path} → ${r.status}: ${text.slice(0, 200)}`);
        else if (path === '/health') {
          const commit = String((JSON.parse(text) as { commit?: string | null }).commit);
          commits[commit] = (commits[commit] ?? 0) + 1;
        }
      } catch (error) {
        failures.push(
          `${path} → ${error instanceof Error ? `${error.message} (${String((error as { cause?: unknown }).cause)})` : String(error)}`,
        );
      }
      await sleep(10);
    }
  };
  const done = Promise.all(Array.from({ length: options.workers ?? 3 }, worker));
  return {
    async stop(): Promise<LoadOutcome> {
      running = false;
      await done;
      return { requests, failures, commits };
    },
  };
}
