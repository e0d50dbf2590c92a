import { resolve } from 'node:path';
import { APP_ENVS } from '../../src/app/config.ts';
import { UsageError } from '../cli/cli-errors.ts';
import { EXIT } from '../cli/exit-codes.ts';
import type { CliCommand } from '../cli/run-cli.ts';
import { logFile, start, status, stop, type ServiceSpec } from './supervisor.ts';

const VERBS = ['start', 'stop', 'status', 'restart'];

/**
 * `npm run service -- start|stop|status|restart --env <env> [--dir <release>] [--state-dir <dir>]`:
 * runs the compiled server in the background for hosts without systemd. `status` exits 0 when it
 * runs and is healthy, 3 (declined) otherwise.
 */
export const serviceCommand: CliCommand = {
  name: 'service',
  usage:
    'usage: npm run service -- start|stop|status|restart --env <development|test|staging|production> [--dir <release folder>] [--state-dir <folder>]',
  async run(ctx) {
    const { positionals, values } = ctx.parse({
      allowPositionals: true,
      options: { env: { type: 'string' }, dir: { type: 'string' }, 'state-dir': { type: 'string' } },
    });
    const command = positionals[0];
    const appEnv = values.env;
    if (!command || !VERBS.includes(command)) throw new UsageError(`the command is one of ${VERBS.join(', ')}`);
    if (!appEnv || !(APP_ENVS as readonly string[]).includes(appEnv))
      throw new UsageError(`--env is one of ${APP_ENVS.join(', ')}`);
    const releaseDir = resolve(values.dir ?? process.cwd());
    const config = ctx.config({ ...process.env, APP_ENV: appEnv }, releaseDir);
    const spec: ServiceSpec = {
      releaseDir,
      appEnv,
      stateDir: resolve(values['state-dir'] ?? resolve(releaseDir, 'run')),
      healthUrl: `http://127.0.0.1:${config.port}`,
    };
    const o = ctx.out;
    if (command === 'status') {
      const s = await status(spec);
      o.out(
        s.running
          ? `running (pid ${s.pid}), ${s.healthy ? 'healthy' : 'NOT healthy'} at ${spec.healthUrl}/health`
          : 'not running',
      );
      return s.running && s.healthy ? EXIT.OK : EXIT.DECLINED;
    }
    if (command === 'stop' || command === 'restart') {
      o.out((await stop(spec, { graceMs: config.server.shutdownTimeoutMs + 2000 })) ? 'stopped' : 'was not running');
      if (command === 'stop') return EXIT.OK;
    }
    const started = await start(spec);
    o.out(
      started.alreadyRunning
        ? `already running (pid ${started.pid})`
        : `started (pid ${started.pid}), healthy at ${spec.healthUrl}/health; log: ${logFile(spec)}`,
    );
    return EXIT.OK;
  },
};
