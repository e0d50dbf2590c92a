import { resolve } from 'node:path';
import { CliError, UsageError, wholeNumber } from './cli/cli-errors.ts';
import { EXIT } from './cli/exit-codes.ts';
import { runCli } from './cli/run-cli.ts';
import { deploy } from './deploy/deployer.ts';
import { deployLayout } from './deploy/layout.ts';
import { builtinServiceControl, systemdServiceControl } from './deploy/service-control.ts';
import { cliReleaseTools } from './deploy/release-tools.ts';
import { parseRollingFlags as rollingPlan, RollingFlagError } from './deploy/rolling-flags.ts';

/**
 * `npm run deploy -- --env <development|staging|production> [--commit <ref>] [--root <dir>]
 *  [--source <git repo>] [--dry-run] [--emergency "<reason>"] [--service-manager builtin|systemd]
 *  [--min-free-mb <MB>] [--health-wait-ms <ms>]
 *  [--instances <port,port,…> --haproxy-socket <path> [--haproxy-backend app] [--drain-timeout-ms
 * 30000]]`: one deploy, step by step, with automatic
 * rollback. Exit 0 only when the new release serves; 1 on failure (rolled back or not); 2 on a
 * wrong command line or when refused before anything changed (gate, lock, preflight).
 */
runCli({
  name: 'deploy',
  usage:
    'usage: npm run deploy -- --env <development|staging|production> [--commit <ref>] [--root <deploy root>] [--source <git repo>] [--dry-run] [--emergency "<reason>"] [--service-manager builtin|systemd] [--min-free-mb <MB>] [--health-wait-ms <ms>] [--instances <port,port,…> --haproxy-socket <path> [--haproxy-backend app] [--drain-timeout-ms 30000]]',
  async run(ctx) {
    const { values } = ctx.parse({
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
    if (env !== 'development' && env !== 'staging' && env !== 'production')
      throw new UsageError('--env is development, staging or production');
    if (values.emergency !== undefined && values.emergency.trim().length < 10)
      throw new CliError(
        EXIT.USAGE,
        '--emergency needs a reason of at least 10 characters (it is logged and recorded)',
      );
    const manager = values['service-manager'];
    if (manager !== 'builtin' && manager !== 'systemd')
      throw new CliError(EXIT.USAGE, '--service-manager is builtin (npm run service) or systemd');
    const minFreeMb = wholeNumber('min-free-mb', values['min-free-mb']);
    const healthWaitMs = wholeNumber('health-wait-ms', values['health-wait-ms'], 1);
    const rolling = rollingPlan(values);
    if (rolling && manager === 'systemd')
      throw new CliError(
        EXIT.USAGE,
        '--instances needs --service-manager builtin (one systemd unit runs one instance)',
      );
    const root = resolve(values.root);
    ctx.out.out(`Deploying ${values.commit} to ${env} (root ${root})${values['dry-run'] ? ' — DRY RUN' : ''}`);
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
      minFreeBytes: minFreeMb * 1024 * 1024,
      healthWaitMs,
      rolling,
    });
    ctx.out.out(
      `\nOutcome: ${result.outcome.toUpperCase()}${result.restartMs !== null ? ` (service restart ${result.restartMs} ms)` : ''}`,
    );
    return result.outcome === 'succeeded' || result.outcome === 'dry-run'
      ? EXIT.OK
      : result.outcome === 'refused'
        ? EXIT.USAGE
        : EXIT.FAILED;
  },
  mapError(error, out) {
    if (error instanceof RollingFlagError) {
      out.err(error.message);
      return EXIT.USAGE;
    }
    if (error instanceof UsageError || error instanceof CliError) return undefined;
    out.err(`deploy crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT.FAILED;
  },
});
