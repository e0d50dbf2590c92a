/**
 * Scale-out benchmark (on demand): one app instance against two behind HAProxy on the same MariaDB
 * data, and what a client sees while one of the two is killed.
 *
 *   npm run build && npx tsx bench/scale-out-bench.ts [--forms 10000] [--duration 10] [--connections 8]
 *
 * The compiled server (`dist/`), a throwaway MariaDB database at 127.0.0.1:3306 seeded with
 * `--forms`, HAProxy from `ops/haproxy/haproxy-config.ts` (checks every 200 ms). Load: the signed-in
 * list page `/?page=N` with N drawn from the first 50 pages, so the list cache does not serve every
 * request. Phases alternate one / two / one / two, then a kill run. Results: BENCHMARKS.md "Scale-out".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { renderHaproxyConfig } from '../ops/haproxy/haproxy-config.ts';
import { seedDatabase } from '../src/adapters/db/seed/seed-database.ts';
import { SERVER_NODE_FLAGS } from '../ops/service/server-flags.ts';
import { connectDatabase } from '../src/adapters/db/connection/connect.ts';
import { migrateToLatest } from '../src/adapters/db/migrator/migrations.ts';
import { createMariadbDatabase } from '../test/helpers/mariadb.ts';
import { hostCheck } from './host-check.ts';
import { signIn } from './sign-in.ts';
import { freePort } from '../test/helpers/ports.ts';
import { serverEnv, waitForHealth } from './server.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

interface Phase {
  readonly name: string;
  readonly url: string;
  readonly killAfterMs?: number;
}

async function main() {
  const { values } = parseArgs({
    options: {
      forms: { type: 'string', default: '10000' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '8' },
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'tf-scale-bench-'));
  const db = await createMariadbDatabase('tf_scale_bench');
  const children: ChildProcess[] = [];
  try {
    const handle = connectDatabase(db.settings);
    await migrateToLatest(handle.db);
    await seedDatabase(handle.db, { forms: Number(values.forms), employees: 500, randomSeed: 1, now: new Date() });
    await handle.close();
    const ports = [await freePort(), await freePort()];
    const instances = ports.map((port) =>
      spawn(process.execPath, [...SERVER_NODE_FLAGS, join(ROOT, 'dist/src/app/server.js')], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', ...serverEnv(db.settings, port, join(dir, 'uploads')) },
        stdio: 'ignore',
      }),
    );
    children.push(...instances);
    await Promise.all(ports.map((p) => waitForHealth(`http://127.0.0.1:${p}`)));
    const front = await freePort();
    const cfg = join(dir, 'haproxy.cfg');
    writeFileSync(
      cfg,
      renderHaproxyConfig({
        bind: `127.0.0.1:${front}`,
        instances: ports.map((p) => `127.0.0.1:${p}`),
        statsSocket: join(dir, 'haproxy.sock'),
        checkIntervalMs: 200,
      }),
    );
    const haproxy = spawn('haproxy', ['-db', '-f', cfg], { stdio: 'ignore' });
    children.push(haproxy);
    await sleep(1000);
    const lb = `http://127.0.0.1:${front}`;
    const cookie = await signIn(lb);
    const one = `http://127.0.0.1:${ports[0]}`;
    const phases: Phase[] = [
      { name: 'one instance (direct)', url: one },
      { name: 'two behind HAProxy', url: lb },
      { name: 'one instance (direct)', url: one },
      { name: 'two behind HAProxy', url: lb },
      { name: 'two behind HAProxy, one killed at 3 s', url: lb, killAfterMs: 3000 },
    ];
    console.log(
      `${await hostCheck()}\n${values.forms} forms; ${values.connections} connections; ${values.duration} s a phase; GET /?page=1..50 signed in`,
    );
    console.log('| phase | req/s | p50 ms | p99 ms | errors | non-2xx |\n| --- | --- | --- | --- | --- | --- |');
    for (const phase of phases) {
      const requests = Array.from({ length: 50 }, (_, i) => ({ method: 'GET' as const, path: `/?page=${i + 1}` }));
      const run = autocannon({
        url: phase.url,
        connections: Number(values.connections),
        duration: Number(values.duration),
        headers: { cookie },
        requests,
      });
      if (phase.killAfterMs) setTimeout(() => instances[1]?.kill('SIGKILL'), phase.killAfterMs);
      const r = await run;
      console.log(
        `| ${phase.name} | ${Math.round(r.requests.average)} | ${r.latency.p50} | ${r.latency.p99} | ${r.errors + r.timeouts} | ${r.non2xx} |`,
      );
    }
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
