import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { DatabaseReachability } from './app-services.ts';

/**
 * Keeps the log readable while the database is down: one `database unreachable` line when the
 * outage starts, one short line per failed request (request id, code, message; no stack), and
 * one `database reachable again after N s` line when a query succeeds again.
 */
export class DatabaseOutageLog {
  #downSince: number | null = null;

  constructor(
    private readonly log: FastifyBaseLogger,
    private readonly reachability: DatabaseReachability,
    private readonly now: () => number = Date.now,
  ) {
    reachability.onQuerySucceeded(() => this.#reachable());
  }

  /** Logs a failed request when its error says the database is unreachable; false otherwise. */
  failed(request: FastifyRequest, error: unknown): boolean {
    if (!this.reachability.isUnreachable(error)) return false;
    const { code, message } = summary(error);
    if (this.#downSince === null) {
      this.#downSince = this.now();
      this.log.error({ code, error: message }, 'database unreachable');
    }
    request.log.error({ code, error: message }, 'request failed: database unreachable');
    return true;
  }

  #reachable(): void {
    if (this.#downSince === null) return;
    const downSeconds = Math.round((this.now() - this.#downSince) / 1000);
    this.#downSince = null;
    this.log.warn({ downSeconds }, `database reachable again after ${downSeconds} s`);
  }
}

/** The code and message of the error or the first cause that has a code. */
function summary(error: unknown): { code: string; message: string } {
  for (
    let e: unknown = error, depth = 0;
    e !== null && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string')
      return { code, message: typeof message === 'string' && message !== '' ? message : code };
  }
  return { code: 'UNKNOWN', message: error instanceof Error ? error.message : String(error) };
}
