import { resolve } from 'node:path';
import { APP_BACKEND, instanceServerName } from '../haproxy/haproxy-config.ts';

/**
 * The instances of one environment behind HAProxy that a rolling deploy hands over one at a time
 * (docs/deployment.md, "Several instances: the rolling deploy").
 */
export interface RollingPlan {
  /**
   * In hand-over order; `server` is the instance's name in the HAProxy backend (`app1`, `app2`, … as rendered by
   * ops/haproxy/haproxy-config.ts).
   */
  readonly instances: readonly { readonly port: number; readonly server: string }[];
  /** HAProxy's runtime API (`stats socket … level admin`). */
  readonly haproxySocket: string;
  readonly backend: string;
  /** How long to wait for a drained instance's sessions to reach 0 before handing it over anyway. */
  readonly drainTimeoutMs: number;
}

/** The CLI flags of a rolling deploy, as `parseArgs` gives them. */
export interface RollingFlags {
  readonly instances?: string;
  readonly 'haproxy-socket'?: string;
  readonly 'haproxy-backend'?: string;
  readonly 'drain-timeout-ms'?: string;
}

/** A bad flag; the message is one line naming it. */
export class RollingFlagError extends Error {
  override name = 'RollingFlagError';
}

/**
 * `--instances 5000,5001 --haproxy-socket <path> [--haproxy-backend app] [--drain-timeout-ms 30000]`
 * → a {@link RollingPlan}; null without `--instances` (the single-instance deploy). The n-th port is
 * server `app<n>` of the backend, the order ops/haproxy/haproxy-config.ts renders them in.
 */
export function parseRollingFlags(f: RollingFlags): RollingPlan | null {
  if (f.instances === undefined) {
    const stray = (['haproxy-socket', 'haproxy-backend', 'drain-timeout-ms'] as const).find((k) => f[k] !== undefined);
    if (stray) throw new RollingFlagError(`--${stray} needs --instances <port,port,…>`);
    return null;
  }
  const ports = f.instances.split(',').map((p) => p.trim());
  for (const p of ports)
    if (!/^\d+$/.test(p) || Number(p) < 1 || Number(p) > 65535)
      throw new RollingFlagError(
        `--instances: "${p}" is not a port (1-65535); give ports separated by commas, e.g. --instances 5000,5001`,
      );
  if (new Set(ports).size !== ports.length)
    throw new RollingFlagError(`--instances: a port is listed twice (${f.instances})`);
  const socket = f['haproxy-socket'];
  if (!socket)
    throw new RollingFlagError("--instances needs --haproxy-socket <path of HAProxy's stats socket, level admin>");
  const backend = f['haproxy-backend'] ?? APP_BACKEND;
  if (!/^[A-Za-z0-9_.:-]+$/.test(backend))
    throw new RollingFlagError(`--haproxy-backend: "${backend}" is not an HAProxy backend name`);
  const drain = f['drain-timeout-ms'] ?? '30000';
  if (!/^\d+$/.test(drain) || Number(drain) > 3_600_000)
    throw new RollingFlagError(`--drain-timeout-ms: "${drain}" is not a number of milliseconds (0-3600000)`);
  return {
    instances: ports.map((p, i) => ({ port: Number(p), server: instanceServerName(i) })),
    haproxySocket: resolve(socket),
    backend,
    drainTimeoutMs: Number(drain),
  };
}
