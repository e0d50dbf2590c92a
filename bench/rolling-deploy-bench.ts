/**
 * What a rolling deploy costs the people using the site: two instances of staging on one MariaDB
 * database behind HAProxy (checks every 200 ms), `npm run deploy -- --instances …` between two
 * commits, with autocannon on `GET /login` through HAProxy. Alternates a steady phase (no deploy,
 * `--steady` s) with the rolling hand-over of a deploy (load from "switch current" to the deploy's
 * end: drain, hand over, ready, one instance at a time, then the smoke tests) and, for comparison,
 * the same hand-overs without HAProxy's drain (the supervisor's hand-over of each instance in turn,
 * as a deploy without `--instances` would do per port; HAProxy's retry alone covers the gap),
 * `--rounds` times.
 *
 *   npx tsx bench/rolling-deploy-bench.ts [--rounds 3] [--steady 6] [--connections 8]
 *
 * Releases are built by the deploy itself from a clone (test/e2e/deploy/deploy-fixture.ts), so no
 * `npm run build` is needed first. Results: BENCHMARKS.md, "Rolling deploy".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { renderHaproxyConfig } from '../ops/haproxy/haproxy-config.ts';
import { backendServers } from '../ops/haproxy/runtime-api.ts';
import { instanceSpec } from '../ops/deploy/rolling.ts';
import { handover } from '../ops/service/supervisor.ts';
import { deployFixture } from '../test/e2e/deploy/deploy-fixture.ts';
import { freePort } from '../test/helpers/ports.ts';
import { runTs, startTs } from '../test/helpers/processes.ts';
import { hostCheck } from './host-check.ts';

/** autocannon until `stop()`: resolves with its result. */
function loadUntilStopped(url: string, connections: number) {
  let tracker: { stop(): void } | undefined;
  const result = new Promise<autocannon.Result>((resolve, reject) => {
    tracker = autocannon({ url, connections, duration: 3600 }, (error, r) => (error ? reject(error) : resolve(r)));
  });
  return () => (tracker?.stop(), result);
}

/** Runs one deploy; starts the load when the deploy prints its "switch current" step, stops it at the end. */
function deployUnderLoad(
  args: string[],
  url: string,
  connections: number,
): Promise<{ code: number | null; output: string; load: autocannon.Result | null }> {
  return new Promise((resolve, reject) => {
    const child = startTs('ops/deploy.ts', args, {});
    let output = '';
    let stopLoad: (() => Promise<autocannon.Result>) | null = null;
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
      if (!stopLoad && /✅ switch current/.test(output)) stopLoad = loadUntilStopped(url, connections);
    });
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on(
      'close',
      (code) =>
        void (stopLoad ? stopLoad() : Promise.resolve(null)).then((load) => resolve({ code, output, load }), reject),
    );
  });
}

const row = (name: string, r: autocannon.Result, extra = '') =>
  `| ${name} | ${r.requests.total} | ${Math.round(r.requests.average)} | ${r.latency.p50} | ${r.latency.p99} | ${r.latency.max} | ${r.errors + r.timeouts} | ${r.non2xx} | ${extra} |`;

async function main() {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      steady: { type: 'string', default: '6' },
      connections: { type: 'string', default: '8' },
    },
  });
  const connections = Number(values.connections);
  const f = await deployFixture();
  const ports = [f.ports.staging, await freePort()];
  const socket = join(f.dir, 'haproxy.sock');
  const cfg = join(f.dir, 'haproxy.cfg');
  const front = await freePort();
  let haproxy: ChildProcess | null = null;
  try {
    writeFileSync(
      cfg,
      renderHaproxyConfig({
        bind: `127.0.0.1:${front}`,
        instances: ports.map((p) => `127.0.0.1:${p}`),
        statsSocket: socket,
        checkIntervalMs: 200,
      }),
    );
    haproxy = spawn('haproxy', ['-db', '-f', cfg], { stdio: 'ignore' });
    for (let i = 0; i < 100 && (await backendServers(socket, 'app').catch(() => null)) === null; i++) await sleep(100);
    const c0 = f.head();
    const c1 = f.commit('bench-1', c0, 'bench: another commit', { 'README.md': (old) => `${old}\n` });
    const deployArgs = (commit: string) => [
      '--env',
      'staging',
      '--root',
      f.root,
      '--source',
      f.source,
      '--commit',
      commit,
      '--min-free-mb',
      '1',
      '--instances',
      ports.join(','),
      '--haproxy-socket',
      socket,
    ];
    const first = await runTs('ops/deploy.ts', deployArgs(c0), {}, { timeoutMs: 300_000 });
    if (first.code !== 0) throw new Error(`first deploy failed:\n${first.stdout}${first.stderr}`);
    const url = `http://127.0.0.1:${front}/login`;
    console.log(
      `${await hostCheck()}\nnode ${process.version}; 2 instances behind HAProxy (checks every 200 ms); ${connections} connections on GET /login`,
    );
    console.log(
      '| phase | requests | req/s | p50 ms | p99 ms | max ms | errors | non-2xx | hand-over |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (let round = 1; round <= Number(values.rounds); round++) {
      const steady = await autocannon({ url, connections, duration: Number(values.steady) });
      console.log(row('steady, no deploy', steady));
      const d = await deployUnderLoad(deployArgs(round % 2 === 1 ? c1 : c0), url, connections);
      const handoverMs = /✅ rolling hand-over[^:]*\((\d+) ms\)/.exec(d.output)?.[1];
      if (d.code !== 0 || !d.load) throw new Error(`deploy failed:\n${d.output}`);
      console.log(row('rolling hand-over of a deploy', d.load, `${handoverMs} ms`));
      const stopLoad = loadUntilStopped(url, connections);
      const started = performance.now();
      const base = {
        releaseDir: realpathSync(join(f.root, 'staging', 'current')),
        appEnv: 'staging',
        stateDir: join(f.root, 'staging', 'state'),
        healthUrl: '',
        env: f.sharedEnv('staging'),
      };
      for (const port of ports) {
        await handover(instanceSpec(base, port), { waitMs: 60_000, graceMs: 5000 });
        for (
          let i = 0;
          i < 600 && (await backendServers(socket, 'app')).get(`app${ports.indexOf(port) + 1}`)?.status !== 'UP';
          i++
        )
          await sleep(100);
      }
      const naive = Math.round(performance.now() - started);
      console.log(row('same hand-overs, no drain', await stopLoad(), `${naive} ms`));
    }
  } finally {
    await f.stopStagingInstances(ports);
    haproxy?.kill('SIGKILL');
    await f.drop();
    rmSync(f.dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
