import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, APP_ENVS } from '../src/app/config.ts';
import { logFile, start, status, stop, type ServiceSpec } from './service/supervisor.ts';

/**
 * `npm run service -- start|stop|status|restart --env <env> [--dir <release>] [--state-dir <dir>]`:
 * runs the compiled server in the background for hosts without systemd.
 */
const USAGE = 'usage: npm run service -- start|stop|status|restart --env <development|test|staging|production> [--dir <release folder>] [--state-dir <folder>]';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { env: { type: 'string' }, dir: { type: 'string' }, 'state-dir': { type: 'string' } },
  });
  const command = positionals[0];
  const appEnv = values.env;
  if (!command || !['start', 'stop', 'status', 'restart'].includes(command) || !appEnv || !(APP_ENVS as readonly string[]).includes(appEnv)) {
    console.error(USAGE);
    return 2;
  }
  const releaseDir = resolve(values.dir ?? process.cwd());
  const config = loadConfig({ ...process.env, APP_ENV: appEnv }, releaseDir);
  const spec: ServiceSpec = {
    releaseDir,
    appEnv,
    stateDir: resolve(values['state-dir'] ?? resolve(releaseDir, 'run')),
    healthUrl: `http://127.0.0.1:${config.port}`,
  };
  if (command === 'status') {
    const s = await status(spec);
    console.log(s.running ? `running (pid ${s.pid}), ${s.healthy ? 'healthy' : 'NOT healthy'} at ${spec.healthUrl}/health` : 'not running');
    return s.running && s.healthy ? 0 : 3;
  }
  if (command === 'stop' || command === 'restart') {
    console.log((await stop(spec, { graceMs: config.server.shutdownTimeoutMs + 2000 })) ? 'stopped' : 'was not running');
    if (command === 'stop') return 0;
  }
  const started = await start(spec);
  console.log(started.alreadyRunning ? `already running (pid ${started.pid})` : `started (pid ${started.pid}), healthy at ${spec.healthUrl}/health; log: ${logFile(spec)}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : `service: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
