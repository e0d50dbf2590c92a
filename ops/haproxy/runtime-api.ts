import { connect } from 'node:net';

/**
 * HAProxy's runtime API (`stats socket <path> level admin`, docs/scale-out.md), spoken over its
 * unix socket with Node's `net` module: one command per connection, as `socat` would send it.
 */

/** One server of a backend as `show stat` reports it. */
export interface ServerStat {
  /** `UP`, `DOWN`, `DRAIN`, `MAINT`, `no check`, or a transition such as `UP 1/2`. */
  readonly status: string;
  /** Sessions (requests in progress) on the server now. */
  readonly currentSessions: number;
  /** The server's `host:port`. */
  readonly address: string;
}

/** The runtime API could not be reached, or refused a command; the message says which and why. */
export class HaproxyRuntimeError extends Error {
  override name = 'HaproxyRuntimeError';
}

/** Sends one command and resolves with HAProxy's whole answer (rejects after `timeoutMs`). */
export function runtimeCommand(socket: string, command: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const c = connect(socket, () => c.end(`${command}\n`));
    c.setTimeout(timeoutMs, () => c.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    c.on('data', (d: Buffer) => (out += d.toString()));
    c.on('end', () => resolve(out));
    c.on('error', (e) =>
      reject(new HaproxyRuntimeError(`HAProxy runtime API at ${socket}: "${command}" failed: ${e.message}`)),
    );
  });
}

/**
 * Sets a server's administrative state: `drain` (no new requests, in-flight ones finish, health
 * checks go on), `ready` (back in rotation once its checks pass) or `maint`. Rejects with HAProxy's
 * own answer when it refuses (e.g. `No such server.`).
 */
export async function setServerState(
  socket: string,
  backend: string,
  server: string,
  state: 'ready' | 'drain' | 'maint',
): Promise<void> {
  const answer = (await runtimeCommand(socket, `set server ${backend}/${server} state ${state}`)).trim();
  if (answer !== '')
    throw new HaproxyRuntimeError(`HAProxy refused "set server ${backend}/${server} state ${state}": ${answer}`);
}

/** Every server of `backend` by name, from `show stat` (the backend's own summary row left out). */
export async function backendServers(socket: string, backend: string): Promise<Map<string, ServerStat>> {
  const [header, ...rows] = (await runtimeCommand(socket, 'show stat')).trim().split('\n');
  if (!header?.startsWith('# pxname,'))
    throw new HaproxyRuntimeError(
      `HAProxy runtime API at ${socket}: unexpected answer to "show stat": ${header ?? '(nothing)'}`,
    );
  const cols = header.slice(2).split(',');
  const col = (row: string[], name: string) => row[cols.indexOf(name)] ?? '';
  const servers = new Map<string, ServerStat>();
  for (const row of rows.map((r) => r.split(','))) {
    const name = col(row, 'svname');
    if (col(row, 'pxname') !== backend || name === 'BACKEND' || name === 'FRONTEND') continue;
    servers.set(name, {
      status: col(row, 'status'),
      currentSessions: Number(col(row, 'scur')),
      address: col(row, 'addr'),
    });
  }
  return servers;
}

/** One server's {@link ServerStat}; rejects when HAProxy has no such server in that backend. */
export async function serverStat(socket: string, backend: string, server: string): Promise<ServerStat> {
  const stat = (await backendServers(socket, backend)).get(server);
  if (!stat) throw new HaproxyRuntimeError(`HAProxy has no server ${backend}/${server}`);
  return stat;
}
