import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { backendServers, serverStat, setServerState } from '../haproxy/runtime-api.ts';
import { probeHealth, type ServiceSpec } from '../service/supervisor.ts';
import type { RollingPlan } from './rolling-flags.ts';
import type { ServiceControl } from './service-control.ts';

/** What a rolling hand-over needs from the deploy. */
export interface RollingContext {
  readonly plan: RollingPlan;
  readonly service: ServiceControl;
  /** The deploy's service spec of a release (its port and state folder are replaced per instance). */
  readonly specOf: (release: string) => ServiceSpec;
  readonly waitMs: number;
  readonly graceMs: number;
  readonly note: (line: string) => void;
}

type Instance = RollingPlan['instances'][number];

/**
 * One instance's service spec: its own port (`PORT` over the shared settings) and its own state
 * folder `<state>/instance-<port>/` (pidfile and log).
 */
export function instanceSpec(base: ServiceSpec, port: number): ServiceSpec {
  return {
    ...base,
    stateDir: join(base.stateDir, `instance-${port}`),
    healthUrl: `http://127.0.0.1:${port}`,
    env: { ...base.env, PORT: String(port) },
  };
}

/**
 * Preflight: HAProxy's runtime API answers, and each instance's server exists in the backend at
 * the instance's port. Throws one line naming what does not match.
 */
export async function checkRollingTargets(plan: RollingPlan): Promise<string> {
  const servers = await backendServers(plan.haproxySocket, plan.backend);
  if (servers.size === 0)
    throw new Error(`HAProxy has no backend "${plan.backend}" with servers (see --haproxy-backend)`);
  for (const { port, server } of plan.instances) {
    const s = servers.get(server);
    if (!s)
      throw new Error(
        `HAProxy backend ${plan.backend} has no server ${server} for port ${port} (it has ${[...servers.keys()].join(', ')}; list --instances in the order of the configuration)`,
      );
    if (!s.address.endsWith(`:${port}`))
      throw new Error(
        `HAProxy server ${plan.backend}/${server} is ${s.address}, not port ${port} (list --instances in the order of the configuration)`,
      );
  }
  return `HAProxy ${plan.backend}: ${plan.instances.map((i) => `${i.server} (${i.port}) ${servers.get(i.server)?.status}`).join(', ')}`;
}

/**
 * Hands every instance over to `release`, one at a time, and records in `touched` each instance it
 * has begun on (a rollback returns exactly those). Per instance: drain in HAProxy, wait for its
 * sessions to end (bounded), hand over, wait for `/health` 200 reporting `commit`, back to `ready`,
 * wait until HAProxy has it UP again; only then the next one, so one instance is out at a time.
 */
export async function rollOut(
  c: RollingContext,
  release: string,
  commit: string,
  touched: Instance[],
): Promise<number> {
  const started = performance.now();
  for (const instance of c.plan.instances) {
    touched.push(instance);
    await handOverInstance(c, instance, release, commit);
  }
  return Math.round(performance.now() - started);
}

/** Rollback: the touched instances, last one first, back to `previous`, one at a time as in {@link rollOut}. */
export async function rollBack(c: RollingContext, previous: string, touched: readonly Instance[]): Promise<void> {
  for (const instance of [...touched].reverse()) await handOverInstance(c, instance, previous, null);
}

/** First deploy's rollback (no previous release): stops the touched instances. */
export async function stopInstances(c: RollingContext, release: string, touched: readonly Instance[]): Promise<void> {
  for (const { port } of touched) await c.service.stop(instanceSpec(c.specOf(release), port), c.graceMs);
}

async function handOverInstance(
  c: RollingContext,
  instance: Instance,
  release: string,
  commit: string | null,
): Promise<void> {
  const { haproxySocket: socket, backend } = c.plan;
  const name = `${instance.server} (port ${instance.port})`;
  await setServerState(socket, backend, instance.server, 'drain');
  try {
    await drained(c, instance);
    await c.service.replace(instanceSpec(c.specOf(release), instance.port), c.waitMs, c.graceMs);
    if (commit !== null) await servesCommit(instance.port, commit);
  } finally {
    // Back in rotation even when the hand-over failed: HAProxy's own checks then keep a dead instance out.
    await setServerState(socket, backend, instance.server, 'ready');
  }
  await untilUp(c, instance);
  c.note(`${name}: drained, handed over${commit ? ` to ${commit.slice(0, 12)}` : ''}, back in rotation`);
}

/** Waits until the drained server has no session, at most the plan's drain timeout. */
async function drained(c: RollingContext, instance: Instance): Promise<void> {
  const deadline = Date.now() + c.plan.drainTimeoutMs;
  for (;;) {
    const { currentSessions } = await serverStat(c.plan.haproxySocket, c.plan.backend, instance.server);
    if (currentSessions === 0) return;
    if (Date.now() >= deadline) {
      c.note(
        `${instance.server}: ${currentSessions} session(s) still open after ${c.plan.drainTimeoutMs} ms; handing over anyway (they finish within the shutdown grace)`,
      );
      return;
    }
    await sleep(50);
  }
}

async function servesCommit(port: number, commit: string): Promise<void> {
  const h = await probeHealth(`http://127.0.0.1:${port}`);
  const body = h?.body as { status?: string; commit?: string | null } | undefined;
  if (h?.status !== 200 || body?.status !== 'ok')
    throw new Error(`instance on port ${port}: /health is not ok: ${JSON.stringify(h)}`);
  if (body.commit !== commit)
    throw new Error(
      `instance on port ${port}: /health reports commit ${body.commit ?? '(none)'}, not the deployed ${commit}`,
    );
}

async function untilUp(c: RollingContext, instance: Instance): Promise<void> {
  const deadline = Date.now() + c.waitMs;
  let status = '';
  while (Date.now() < deadline) {
    status = (await serverStat(c.plan.haproxySocket, c.plan.backend, instance.server)).status;
    if (status === 'UP' || status === 'no check') return;
    await sleep(100);
  }
  throw new Error(
    `HAProxy did not put ${c.plan.backend}/${instance.server} back UP within ${c.waitMs} ms (status ${status})`,
  );
}
