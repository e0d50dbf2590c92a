/**
 * What a client sees when the Galera writer node dies under HTTP load: a real 3-node cluster on
 * loopback (test/helpers/galera.ts), HAProxy in front of it (`listen galera`: node 1 the writer,
 * 2 and 3 backups) and in front of two compiled app instances, both from
 * `ops/haproxy/haproxy-config.ts` (checks every 200 ms). Load: autocannon on the signed-in list
 * page `/?page=1..50` through HAProxy. Per round: a steady phase, then a phase in which node 1 is
 * killed (SIGKILL) at 3 s; node 1 is restarted (it rejoins) and the instances are restarted
 * (their pools reconnect to node 1) before the next round.
 *
 *   npm run build && npx tsx bench/galera-kill-bench.ts [--rounds 2] [--duration 12] [--connections 8] [--forms 2000]
 * [--trace] [--without-check-timeout]
 *
 * Results: BENCHMARKS.md, "Scale-out".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { Test } from 'tap';
import { renderHaproxyConfig } from '../ops/haproxy/haproxy-config.ts';
import { backendServers } from '../ops/haproxy/runtime-api.ts';
import { seedDatabase } from '../src/adapters/db/seed/seed-database.ts';
import { SERVER_NODE_FLAGS } from '../ops/service/server-flags.ts';
import { connectDatabase, type DatabaseSettings } from '../src/adapters/db/connection/connect.ts';
import { migrateToLatest } from '../src/adapters/db/migrator/migrations.ts';
import { galeraUnavailableReason, startGalera } from '../test/helpers/galera.ts';
import { freePort } from '../test/helpers/ports.ts';
import { hostCheck } from './host-check.ts';
import { serverEnv, waitForHealth } from './server.ts';
import { signIn } from './sign-in.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

async function main() {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '2' },
      duration: { type: 'string', default: '12' },
      connections: { type: 'string', default: '8' },
      forms: { type: 'string', default: '2000' },
      trace: { type: 'boolean', default: false },
      'without-check-timeout': { type: 'boolean', default: false },
    },
  });
  const unavailable = galeraUnavailableReason();
  if (unavailable) throw new Error(`Galera is not available: ${unavailable}`);
  if (!existsSync(join(ROOT, 'dist/src/app/server.js')))
    throw new Error('run `npm run build` first: the instances run the compiled server');
  const dir = mkdtempSync(join(tmpdir(), 'tf-galera-bench-'));
  // startGalera stops the cluster in a tap test's teardown: here, the bench's own.
  const teardowns: (() => Promise<void> | void)[] = [];
  const children: ChildProcess[] = [];
  try {
    const g = await startGalera({
      teardown: (fn: () => Promise<void> | void) => void teardowns.push(fn),
    } as unknown as Test);
    await g.createDatabase('tf_bench');
    const [dbFront, front, ...ports] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const cfg = join(dir, 'haproxy.cfg');
    const rendered = renderHaproxyConfig({
      bind: `127.0.0.1:${front}`,
      instances: ports.map((p) => `127.0.0.1:${p}`),
      statsSocket: join(dir, 'haproxy.sock'),
      checkIntervalMs: 200,
      database: { bind: `127.0.0.1:${dbFront}`, nodes: g.nodes.map((n) => `127.0.0.1:${n.port}`) },
    });
    // --without-check-timeout: the configuration before `timeout check` (a check then times out after `inter`).
    writeFileSync(cfg, values['without-check-timeout'] ? rendered.replace(/^ *timeout check .*\n/m, '') : rendered);
    children.push(spawn('haproxy', ['-db', '-f', cfg], { stdio: 'ignore' }));
    await sleep(1000);
    const n = g.nodes[0];
    const settings: DatabaseSettings = {
      dialect: 'mariadb',
      host: '127.0.0.1',
      port: dbFront as number,
      user: n.user,
      password: n.password,
      database: 'tf_bench',
      connectionLimit: 10,
      connectTimeoutMs: 5000,
    };
    const handle = connectDatabase(settings);
    await migrateToLatest(handle.db);
    await seedDatabase(handle.db, { forms: Number(values.forms), employees: 200, randomSeed: 1, now: new Date() });
    await handle.close();
    // Fresh instances each round: their pools then connect through HAProxy to the writer, node 1
    // (after node 1 rejoins, connections opened meanwhile would stay on node 2).
    let instances: ChildProcess[] = [];
    const startInstances = async () => {
      for (const c of instances) c.kill('SIGKILL');
      await sleep(300);
      instances = ports.map((port) =>
        spawn(process.execPath, [...SERVER_NODE_FLAGS, join(ROOT, 'dist/src/app/server.js')], {
          cwd: ROOT,
          env: { PATH: process.env.PATH ?? '', ...serverEnv(settings, port as number, join(dir, 'uploads')) },
          stdio: 'ignore',
        }),
      );
      children.push(...instances);
      await Promise.all(ports.map((p) => waitForHealth(`http://127.0.0.1:${p}`)));
    };
    await startInstances();
    await sleep(1000);
    const lb = `http://127.0.0.1:${front}`;
    const cookie = await signIn(lb);
    const requests = Array.from({ length: 50 }, (_, i) => ({ method: 'GET' as const, path: `/?page=${i + 1}` }));
    const socket = join(dir, 'haproxy.sock');
    const timeline: string[] = [];
    /**
     * Every 250 ms until `done`: HAProxy's view of the instances and nodes, and instance 1's /health; printed on
     * change.
     */
    const trace = async (from: number, done: () => boolean) => {
      let last = '';
      while (!done()) {
        const apps = [...(await backendServers(socket, 'app')).values()].map((x) => x.status).join('/');
        const nodes = [...(await backendServers(socket, 'galera')).values()].map((x) => x.status).join('/');
        const h = await fetch(`http://127.0.0.1:${ports[0]}/health`, { signal: AbortSignal.timeout(2000) }).then(
          async (r) =>
            `${r.status} ${JSON.stringify(((await r.json()) as { database?: unknown }).database).slice(0, 160)}`,
          (e: Error) => e.message,
        );
        const line = `instances ${apps}; nodes ${nodes}; instance 1 /health ${h}`;
        if (line !== last) timeline.push(`  ${Math.round(performance.now() - from)} ms: ${line}`);
        last = line;
        await sleep(250);
      }
    };
    const run = async (killAtMs?: number) => {
      const r = autocannon({
        url: lb,
        connections: Number(values.connections),
        duration: Number(values.duration),
        headers: { cookie },
        requests,
      });
      if (killAtMs === undefined) return r;
      let finished = false;
      const from = performance.now();
      const traced = values.trace ? trace(from, () => finished) : Promise.resolve();
      setTimeout(
        () => void g.kill(0).then(() => timeline.push(`  ${Math.round(performance.now() - from)} ms: node 1 killed`)),
        killAtMs,
      );
      const result = await r;
      finished = true;
      await traced;
      return result;
    };
    console.log(
      `${await hostCheck()}\nnode ${process.version}; 3-node Galera behind HAProxy, 2 instances behind HAProxy; ${values.forms} forms; ${values.connections} connections; ${values.duration} s a phase; GET /?page=1..50 signed in; ${values['without-check-timeout'] ? 'WITHOUT' : 'with'} timeout check`,
    );
    console.log(
      '| phase | requests | req/s | p50 ms | p99 ms | max ms | errors | non-2xx |\n| --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    const row = (name: string, r: autocannon.Result) =>
      console.log(
        `| ${name} | ${r.requests.total} | ${Math.round(r.requests.average)} | ${r.latency.p50} | ${r.latency.p99} | ${r.latency.max} | ${r.errors + r.timeouts} | ${r.non2xx}${
          r.non2xx
            ? ` (${Object.entries(r.statusCodeStats ?? {})
                .filter(([c]) => !c.startsWith('2'))
                .map(([c, v]) => `${v.count} × ${c}`)
                .join(', ')})`
            : ''
        } |`,
      );
    for (let round = 1; round <= Number(values.rounds); round++) {
      row('steady, 3 nodes', await run());
      row('writer node 1 killed at 3 s', await run(3000));
      if (timeline.length) console.log(timeline.splice(0).join('\n'));
      const started = performance.now();
      await g.restart(0);
      console.log(
        `|   node 1 restarted and Synced again in ${Math.round(performance.now() - started)} ms | | | | | | | |`,
      );
      await startInstances();
      await sleep(1000);
    }
  } finally {
    for (const c of children) c.kill('SIGKILL');
    for (const fn of teardowns.reverse()) await fn();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
