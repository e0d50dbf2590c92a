import { join } from 'node:path';

/**
 * Where one environment lives on a server:
 * `<root>/<env>/releases/<id>/` (one folder per release), `current` (a link to the live release),
 * `shared/.env.<env>` (settings kept across releases), `state/` (pidfile, logs), `backups/`,
 * `deployments.jsonl` (every deploy); `<root>/gate/` records staging passes for the production gate.
 */
export function deployLayout(root: string, env: string) {
  const base = join(root, env);
  return {
    root,
    env,
    base,
    releases: join(base, 'releases'),
    current: join(base, 'current'),
    shared: join(base, 'shared'),
    envFile: join(base, 'shared', `.env.${env}`),
    state: join(base, 'state'),
    backups: join(base, 'backups'),
    lockFile: join(base, 'deploy.lock'),
    history: join(base, 'deployments.jsonl'),
    gate: join(root, 'gate'),
  };
}

export type DeployLayout = ReturnType<typeof deployLayout>;
