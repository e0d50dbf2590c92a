import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { deploy } from './deploy/deployer.ts';
import { deployLayout } from './deploy/layout.ts';
import { builtinServiceControl, systemdServiceControl } from './deploy/service-control.ts';
import { cliReleaseTools } from './deploy/release-tools.ts';
import { parseRollingFlags, RollingFlagError, type RollingPlan } from './deploy/rolling-flags.ts';

/**
 * `npm run deploy -- --env <development|staging|production> [--commit <ref>] [--root <dir>]
 *  [--source <git repo>] [--dry-run] [--emergency "<reason>"] [--service-manager builtin|systemd]
 *  [--instances <port,port,…> --haproxy-socket <path> [--haproxy-backend app] [--drain-timeout-ms 30000]]`: one deploy, step by step, with
 * automatic rollback. Exit 0 only when the new release serves; 1 on failure (rolled back or not);
 * 2 when refused before anything changed (gate, lock, preflight).
 */
const USAGE =
  'usage: npm run deploy -- --env <development|staging|production> [--commit <ref>] [--root <deploy root>] [--source <git repo>] [--dry-run] [--emergency "<reason>"] [--instances <port,port,…> --haproxy-socket <path> [--haproxy-backend app] [--drain-timeout-ms 30000]]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      env: { type: 'string' },
      commit: { type: 'string', default: 'HEAD' },
      root: { type: 'string', default: '/srv/training-forms' },
      source: { type: 'string', default: process.cwd() },
      'dry-run': { type: 'boolean', default: false },
      emergency: { type: 'string' },
      'min-free-mb': { type: 'string', default: '1024' },
      'health-wait-ms': { type: 'string', default: '60000' },
      'service-manager': { type: 'string', default: 'builtin' },
      instances: { type: 'string' },
      'haproxy-socket': { type: 'string' },
      'haproxy-backend': { type: 'string' },
      'drain-timeout-ms': { type: 'string' },
    },
  });
  const env = values.env;
  if (env !== 'development' && env !== 'staging' && env !== 'production') {
    console.error(USAGE);
    return 2;
  }
  if (values.emergency !== undefined && values.emergency.trim().length < 10) {
    console.error('--emergency needs a reason of at least 10 characters (it is logged and recorded)');
    return 2;
  }
  const manager = values['service-manager'];
  if (manager !== 'builtin' && manager !== 'systemd') {
    console.error('--service-manager is builtin (npm run service) or systemd');
    return 2;
  }
  let rolling: RollingPlan | null;
  try {
    rolling = parseRollingFlags(values);
  } catch (error) {
    if (!(error instanceof RollingFlagError)) throw error;
    console.error(error.message);
    return 2;
  }
  if (rolling && manager === 'systemd') {
    console.error('--instances needs --service-manager builtin (one systemd unit runs one instance)');
    return 2;
  }
  const root = resolve(values.root);
  console.log(`Deploying ${values.commit} to ${env} (root ${root})${values['dry-run'] ? ' — DRY RUN' : ''}`);
  const result = await deploy({
    layout: deployLayout(root, env),
    env,
    source: resolve(values.source),
    ref: values.commit,
    dryRun: values['dry-run'],
    emergencyReason: values.emergency?.trim() ?? null,
    // The deploy passes the pipeline's settings (secrets) on to the release it starts.
    env_: process.env,
    tools: cliReleaseTools,
    service: manager === 'systemd' ? systemdServiceControl : builtinServiceControl,
    minFreeBytes: Number(values['min-free-mb']) * 1024 * 1024,
    healthWaitMs: Number(values['health-wait-ms']),
    rolling,
  });
  console.log(`\nOutcome: ${result.outcome.toUpperCase()}${result.restartMs !== null ? ` (service restart ${result.restartMs} ms)` : ''}`);
  return result.outcome === 'succeeded' || result.outcome === 'dry-run' ? 0 : result.outcome === 'refused' ? 2 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`deploy crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
