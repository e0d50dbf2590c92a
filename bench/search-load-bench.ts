/**
 * Search and list under a varied workload (issue 14, on demand): a database of N forms and 10,000
 * employees (seeded once, `--reuse`d after: see search-load-database.ts), the production build as
 * its own process with the list caches on (`LIST_CACHE_SECONDS=5`) and off (`0`), and from a second
 * process (wrk, else autocannon) requests drawn at random, one per request, from:
 * - `search`: ≥ 1,000 distinct queries of the seeded text (bench/search-queries.ts), a fifth with a
 *   filter (type or date range) and a fifth on page 2-10;
 * - `list`: ≥ 1,000 distinct filter combinations (trainee, date range, type, SOP reference), some paged;
 * - `detail`: the pages of random active forms;
 * - `home`: the list page without filters, the one URL every visitor opens (what the caches were for).
 * Before those, on the fresh server, `csv`: the export of every active form (`/forms.csv`): its
 * wall time, and the server's RSS sampled every 50 ms (and VmHWM, reset first) against its idle RSS.
 *
 *   npm run build && npx tsx bench/search-load-bench.ts [--dialect sqlite|mariadb|both]
 *     [--forms 100000] [--employees 10000] [--dir /tmp/tf-search-load] [--reuse] [--seed-only]
 *     [--cache off,on] [--only search,list,detail,home,csv] [--duration 10] [--connections 10] [--urls 1200]
 *     [--csv-timeout 600] [--drop] [--database tf_…]
 *
 * `--cache off,on,off,on` alternates server starts; `--drop` removes the databases afterwards.
 * Prints Markdown rows with the load average of each; results go to BENCHMARKS.md by hand.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectDatabase, type DatabaseSettings } from '../src/adapters/db/connection/connect.ts';
import { SERVER_NODE_FLAGS } from '../ops/service/server-flags.ts';
import { freePort } from '../test/helpers/ports.ts';
import { hostCheck } from './host-check.ts';
import { defaultLoadTool, generateLoad, type LoadTool } from './load-generator.ts';
import {
  cpuMs,
  databaseCpuMs,
  resetPeakRss,
  rssMb,
  sampleRss,
  waitForIdle,
  waitForQuietDatabase,
} from './process-stats.ts';
import { benchDatabase, prepareDatabase } from './search-load-database.ts';
import { drawLoadUrls, type LoadUrls } from './search-load-urls.ts';
import { serverEnv, waitForHealth } from './server.ts';
import { signIn } from './sign-in.ts';

const ROOT = new URL('../', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'both' },
    forms: { type: 'string', default: '100000' },
    employees: { type: 'string', default: '10000' },
    dir: { type: 'string', default: join(tmpdir(), 'tf-search-load') },
    reuse: { type: 'boolean', default: false },
    'seed-only': { type: 'boolean', default: false },
    cache: { type: 'string', default: 'off,on' },
    only: { type: 'string' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    urls: { type: 'string', default: '1200' },
    'csv-timeout': { type: 'string', default: '600' },
    drop: { type: 'boolean', default: false },
    /** The MariaDB database (default `tf_search_load_<N>`). */
    database: { type: 'string' },
  },
});
const forms = Number(values.forms);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const wanted = (target: string) => !values.only || values.only.split(',').includes(target);

/** The server and (MariaDB) the database server idle: nothing a previous run left queued still runs. */
async function settle(pid: number, dialect: 'sqlite' | 'mariadb'): Promise<void> {
  await waitForIdle(pid);
  await waitForQuietDatabase(dialect);
}

/** Streams `/forms.csv` to nowhere: wall time, lines, and the server's RSS during it. */
async function csvExport(base: string, cookie: string, pid: number): Promise<string> {
  const idle = rssMb(pid);
  resetPeakRss(pid);
  const sampler = sampleRss(pid);
  const started = performance.now();
  let lines = 0;
  let bytes = 0;
  let outcome = 'complete';
  try {
    const res = await fetch(`${base}/forms.csv`, {
      headers: { cookie },
      signal: AbortSignal.timeout(Number(values['csv-timeout']) * 1000),
    });
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) lines++;
    }
  } catch (error) {
    outcome = `stopped after ${values['csv-timeout']} s (${error instanceof Error ? error.name : 'error'})`;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const peak = sampler.stop();
  const hwm = rssMb(pid, 'VmHWM');
  return `${seconds} s, ${outcome}: ${(lines - 1).toLocaleString('en-US')} rows, ${Math.round(bytes / 2 ** 20)} MB | ${idle} | ${peak} | ${hwm} | +${Math.max(peak, hwm) - idle}`;
}

async function runServer(settings: DatabaseSettings, cache: 'on' | 'off', urls: LoadUrls, tool: LoadTool) {
  const dialect = settings.dialect;
  const dir = mkdtempSync(join(tmpdir(), 'tf-search-load-server-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, join(ROOT, 'dist/src/app/server.js')], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      ...serverEnv(settings, port, join(dir, 'uploads')),
      LIST_CACHE_SECONDS: cache === 'on' ? '5' : '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const rows: string[] = [];
  try {
    // Start-up checks the schema and its full-text index against the table: slower with 1M forms.
    await waitForHealth(base, 300_000);
    const cookie = await signIn(base);
    const pid = server.pid!;
    const head = `| ${dialect} | ${forms.toLocaleString('en-US')} | ${cache}`;
    if (wanted('csv')) {
      rows.push(`${head} | csv export | ${await csvExport(base, cookie, pid)} | ${load()} |`);
      process.stderr.write(`${rows.at(-1)}\n`);
    }
    for (const target of ['search', 'list', 'detail', 'home'] as const) {
      if (!wanted(target)) continue;
      const paths = target === 'home' ? ['/'] : urls[target];
      await settle(pid, dialect);
      await generateLoad(tool, { url: base, paths, connections: 2, durationS: 2, headers: { cookie } });
      await settle(pid, dialect);
      const cpuBefore = cpuMs(pid);
      const dbBefore = databaseCpuMs(dialect);
      const r = await generateLoad(tool, {
        url: base,
        paths,
        connections: Number(values.connections),
        durationS: Number(values.duration),
        headers: { cookie },
      });
      const perRequest = (ms: number) => (ms / Math.max(1, r.requests)).toFixed(2);
      const dbAfter = databaseCpuMs(dialect);
      const dbCpu = dbBefore === null || dbAfter === null ? '–' : perRequest(dbAfter - dbBefore);
      rows.push(
        `${head} | ${target} (${paths.length} URLs) | ${Math.round(r.perSecond)} | ${r.p50Ms.toFixed(1)} | ${r.p99Ms.toFixed(1)} | ${r.errors} | ${r.non2xx} | ${perRequest(cpuMs(pid) - cpuBefore)} | ${dbCpu} | ${load()} |`,
      );
      process.stderr.write(`${rows.at(-1)}\n`);
    }
    return rows;
  } finally {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  if (!values['seed-only'] && !existsSync(join(ROOT, 'dist/src/app/server.js')))
    throw new Error('run `npm run build` first (the benchmark measures the production build)');
  const dialects = values.dialect === 'both' ? (['sqlite', 'mariadb'] as const) : [values.dialect as 'sqlite'];
  const caches = values.cache.split(',').map((c) => (c === 'on' ? 'on' : 'off'));
  const tool = await defaultLoadTool();
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  const loadRows: string[] = [];
  const csvRows: string[] = [];
  const hostBefore = values['seed-only'] ? '' : await hostCheck();
  if (hostBefore) log(`host check before: ${hostBefore}; load average ${load()}`);
  for (const dialect of dialects) {
    const target = benchDatabase(dialect, forms, values.dir, values.database);
    await prepareDatabase(target, { forms, employees: Number(values.employees), reuse: values.reuse, log });
    if (values['seed-only']) continue;
    const handle = connectDatabase(target.settings);
    const urls = await drawLoadUrls(handle.db, Number(values.urls)).finally(() => handle.close());
    await waitForQuietDatabase(dialect);
    try {
      for (const cache of caches)
        for (const row of await runServer(target.settings, cache, urls, tool))
          (row.includes('csv export') ? csvRows : loadRows).push(row);
    } finally {
      if (values.drop) await target.drop();
    }
  }
  if (values['seed-only']) return;
  console.log(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}; ${new Date().toISOString().slice(0, 16)} UTC`,
  );
  console.log(`${tool}, ${values.connections} connections × ${values.duration} s per target (2 s warm-up)\n`);
  console.log(
    '| dialect | forms | cache | target | req/s | p50 ms | p99 ms | errors | non-2xx | server CPU ms/req | mariadbd CPU ms/req | load average |',
  );
  console.log('| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const row of loadRows) console.log(row);
  if (csvRows.length) {
    console.log(
      '\n| dialect | forms | cache | export | result | idle RSS MB | peak RSS MB (50 ms samples) | VmHWM MB | growth MB | load average |',
    );
    console.log('| --- | ---: | --- | --- | --- | ---: | ---: | ---: | ---: | --- |');
    for (const row of csvRows) console.log(row);
  }
  console.log(`\nHost check (bench/host-check.ts): before ${hostBefore}; after ${await hostCheck()}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
