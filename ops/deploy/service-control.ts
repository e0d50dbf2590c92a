import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { handover, probeHealth, stop, type ServiceSpec } from '../service/supervisor.ts';

/** How a deploy stops and starts the environment's server. */
export interface ServiceControl {
  stop(spec: ServiceSpec, graceMs: number): Promise<void>;
  /**
   * Replaces the running release by `next` (or starts it) and resolves once `/health` is 200 with
   * migrations up to date.
   */
  replace(next: ServiceSpec, waitMs: number, graceMs: number): Promise<void>;
}

/** The built-in supervisor (`npm run service`): hosts without systemd, and the tests. */
export const builtinServiceControl: ServiceControl = {
  stop: async (spec, graceMs) => void (await stop(spec, { graceMs })),
  replace: async (next, waitMs, graceMs) => void (await handover(next, { waitMs, graceMs })),
};

/** systemd: `training-forms@<env>` runs `<root>/<env>/current` (ops/systemd/training-forms@.service). */
export const systemdServiceControl: ServiceControl = {
  stop: async (spec) => systemctl('stop', spec.appEnv),
  // systemd runs one process per unit: the unit restarts onto the `current` link.
  async replace(next, waitMs) {
    systemctl('stop', next.appEnv);
    systemctl('start', next.appEnv);
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      const h = await probeHealth(next.healthUrl, 1000);
      if (
        h?.status === 200 &&
        (h.body as { database?: { migrations?: { upToDate?: boolean } } }).database?.migrations?.upToDate
      )
        return;
      await sleep(200);
    }
    throw new Error(
      `training-forms@${next.appEnv} did not become healthy within ${waitMs} ms (journalctl -u training-forms@${next.appEnv})`,
    );
  },
};

function systemctl(verb: string, env: string) {
  const r = spawnSync('systemctl', [verb, `training-forms@${env}`], { encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(`systemctl ${verb} training-forms@${env} failed: ${(r.stderr || r.stdout).trim()}`);
}
