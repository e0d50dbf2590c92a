/**
 * What a deploy's hand-over costs the people using the site: the built-in supervisor replaces a
 * running server with a new process of the same build (what `npm run deploy` does in its
 * "restart and wait for /health" step), while autocannon keeps a page under load and a poller
 * asks `/health` every 10 ms. Reports, per hand-over, failed requests of each and the longest
 * stretch in which `/health` did not answer 200.
 *
 *   npm run build && npx tsx bench/deploy-handover.ts [--handovers 5] [--connections 8]
 *
 * SQLite in a temporary folder (the hand-over does not depend on the dialect: the gap is the port
 * changing hands). Results: BENCHMARKS.md, "Deploy downtime".
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { handover, start, stop, type ServiceSpec } from '../ops/service/supervisor.ts';
import { hostCheck } from './host-check.ts';
import { freePort } from '../test/helpers/ports.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));

/** Polls /health every 10 ms until stopped; counts failures and the longest gap between 200s. */
function poller(url: string) {
  let polling = true;
  let polls = 0;
  let failed = 0;
  let longestGapMs = 0;
  let lastOk = performance.now();
  const done = (async () => {
    while (polling) {
      const ok = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) }).then(
        (r) => (void r.body?.cancel(), r.status === 200),
        () => false,
      );
      const now = performance.now();
      polls++;
      if (ok) {
        longestGapMs = Math.max(longestGapMs, now - lastOk);
        lastOk = now;
      } else failed++;
      await sleep(10);
    }
  })();
  return {
    async stop() {
      polling = false;
      await done;
      return { polls, failed, longestGapMs: Math.round(longestGapMs) };
    },
  };
}

async function main() {
  const { values } = parseArgs({
    options: { handovers: { type: 'string', default: '5' }, connections: { type: 'string', default: '8' } },
  });
  if (!existsSync(join(REPO, 'dist/src/app/server.js')))
    throw new Error('run `npm run build` first: the supervisor runs the compiled server');
  const dir = mkdtempSync(join(tmpdir(), 'tf-handover-'));
  const port = await freePort();
  const spec: ServiceSpec = {
    releaseDir: REPO,
    appEnv: 'test',
    stateDir: join(dir, 'state'),
    healthUrl: `http://127.0.0.1:${port}`,
    env: {
      HOST: '127.0.0.1',
      PORT: String(port),
      DB_PATH: join(dir, 'app.db'),
      UPLOAD_FOLDER: join(dir, 'uploads'),
      BACKUP_FOLDER: join(dir, 'backups'),
      LOG_LEVEL: 'warn',
      SHUTDOWN_TIMEOUT_MS: '5000',
    },
  };
  console.log(
    `${await hostCheck()}\nnode ${process.version}; ${values.connections} connections on GET /login; /health polled every 10 ms`,
  );
  try {
    await start(spec, { waitMs: 30_000 });
    for (let i = 1; i <= Number(values.handovers); i++) {
      const load = autocannon({ url: `${spec.healthUrl}/login`, connections: Number(values.connections), duration: 6 });
      const poll = poller(spec.healthUrl);
      await sleep(1500);
      const started = performance.now();
      await handover(spec, { waitMs: 30_000, graceMs: 7000 });
      const handoverMs = Math.round(performance.now() - started);
      const result = await load;
      const health = await poll.stop();
      console.log(
        `hand-over ${i}: ${handoverMs} ms | load: ${result.requests.total} requests, ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx` +
          ` | /health: ${health.polls} polls, ${health.failed} failed, longest gap between 200s ${health.longestGapMs} ms`,
      );
    }
  } finally {
    await stop(spec, { graceMs: 5000 });
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
