/**
 * Pages benchmark (on demand, not part of `npm test`): seeds 100,000 forms, starts the production
 * build (`node dist/src/app/server.js`, with the production node flags) as its own process, signs
 * in, and loads the list page, a deep search page, a detail page and /health with wrk (else
 * autocannon; `--load wrk|autocannon` picks) from a second process. After seeding MariaDB it waits until the database
 * server is quiet (InnoDB
 * flushes and purges the bulk load for a while), so that work is not measured as the pages'.
 *
 *   npm run build && npx tsx bench/pages-bench.ts [--dialect sqlite|mariadb|both] [--forms 100000]
 *     [--employees 2000] [--duration 10] [--connections 10] [--cpu-prof DIR]
 *
 * `--only PREFIX` (repeatable) runs only the targets whose name starts with one of them (`list`, `search`, `detail`,
 * `/health`, `record`, `employee`, `matrix`);
 * `--node-option FLAG` (repeatable) passes a flag to the server's node, for experiments;
 * `--cpu-prof DIR` writes a V8 CPU profile of the server (one per dialect) into DIR.
 *
 * Prints one Markdown table row per target (requests/s, p50/p99 latency, errors, non-2xx, and the
 * server's CPU time per request — the figure that stays meaningful on a busy machine) and the
 * server's peak RSS, and a host check before and after the runs (`host-check.ts`: the host's speed
 * varies between hours); results go to BENCHMARKS.md (section "Pages") by hand, with the machine and date.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectDatabase, type DatabaseSettings } from '../src/adapters/db/connection/connect.ts';
import { migrateToLatest } from '../src/adapters/db/migrator/migrations.ts';
import { seedDatabase } from '../src/adapters/db/seed/seed-database.ts';
import { signIn } from './sign-in.ts';
import { SERVER_NODE_FLAGS } from '../ops/service/server-flags.ts';
import { hostCheck } from './host-check.ts';
import { defaultLoadTool, generateLoad, type LoadTool } from './load-generator.ts';
import { createMariadbDatabase, MARIADB } from '../test/helpers/mariadb.ts';
import { freePort } from '../test/helpers/ports.ts';
import { serverEnv, waitForHealth } from './server.ts';
import { seedRegister } from './register-seed.ts';
import { cpuMs, databaseCpuMs, rssMb, waitForQuietDatabase } from './process-stats.ts';

const ROOT = new URL('../', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'both' },
    forms: { type: 'string', default: '100000' },
    employees: { type: 'string', default: '2000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    'cpu-prof': { type: 'string' },
    only: { type: 'string', multiple: true, default: [] },
    'node-option': { type: 'string', multiple: true, default: [] },
    load: { type: 'string' },
  },
});

function rssPeakMb(pid: number): number {
  return rssMb(pid, 'VmHWM');
}

async function benchDialect(dialect: 'sqlite' | 'mariadb', tool: LoadTool) {
  const dir = mkdtempSync(join(tmpdir(), 'tf-bench-'));
  let drop = async () => {};
  let settings: DatabaseSettings;
  if (dialect === 'sqlite') settings = { dialect: 'sqlite', path: join(dir, 'bench.db') };
  else {
    const created = await createMariadbDatabase('tf_bench');
    settings = created.settings;
    drop = created.drop;
  }
  const handle = connectDatabase(settings);
  let server: ChildProcess | undefined;
  try {
    await migrateToLatest(handle.db);
    const seeded = performance.now();
    const result = await seedDatabase(handle.db, {
      forms: Number(values.forms),
      employees: Number(values.employees),
      randomSeed: 1,
      now: new Date(),
    });
    process.stderr.write(
      `${dialect}: seeded ${result.forms} forms, ${result.trainees} trainee links in ${((performance.now() - seeded) / 1000).toFixed(1)} s\n`,
    );
    // The register of the matrix benchmark: 60 documents, 70 % of the forms linked to a revision.
    await seedRegister(handle.db, { documents: 60, share: 0.7, randomSeed: 1, now: new Date() });
    // The required document with the most people in scope, and the department with the most people.
    const requiredDocument = await handle.db
      .selectFrom('training_requirements')
      .select((eb) => ['document_id', eb.fn.countAll().as('n')])
      .where('scope_kind', '=', 'department')
      .groupBy('document_id')
      .orderBy('n', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const department = await handle.db
      .selectFrom('employees')
      .select((eb) => ['department', eb.fn.countAll().as('n')])
      .where('active', '=', 1)
      .groupBy('department')
      .orderBy('n', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const detail = await handle.db
      .selectFrom('training_forms')
      .select('id')
      .where('deleted', '=', 0)
      .orderBy('id')
      .offset(5000)
      .limit(1)
      .executeTakeFirstOrThrow();
    // The employee with the most trainings: the longest training record.
    const busiest = await handle.db
      .selectFrom('training_form_trainees')
      .select((eb) => ['employee_id', eb.fn.countAll().as('n')])
      .groupBy('employee_id')
      .orderBy('n', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    await handle.close();
    await waitForQuietDatabase(dialect);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const profile = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']] : [];
    server = spawn(
      process.execPath,
      [...SERVER_NODE_FLAGS, ...values['node-option'], ...profile, join(ROOT, 'dist/src/app/server.js')],
      {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', ...serverEnv(settings, port, join(dir, 'uploads')), ADMIN_USERS: 'bench' },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    await waitForHealth(base);
    // "bench" is an administrator (ADMIN_USERS above): the matrix pages are admin-only.
    const cookie = await signIn(base);
    const targets = [
      ['list page', '/'],
      ['search "records", page 500', '/?q=records&page=500'],
      ['detail page', `/forms/${detail.id}`],
      ['/health', '/health'],
      ['record page (busiest employee)', `/employees/${busiest.employee_id}/record`],
      ['employee search "schmidt"', '/employees?q=schmidt'],
      ['matrix, one document', `/documents/${requiredDocument.document_id}/matrix`],
      [
        `matrix, department "${department.department}"`,
        `/matrix?department=${encodeURIComponent(String(department.department))}`,
      ],
    ] as const;
    const rows: string[] = [];
    for (const [name, path] of targets) {
      if (values.only.length && !values.only.some((prefix) => name.startsWith(prefix))) continue;
      // Warm-up, then the measured run.
      await generateLoad(tool, { url: base + path, connections: 2, durationS: 2, headers: { cookie } });
      const cpuBefore = cpuMs(server.pid!);
      const dbCpuBefore = databaseCpuMs(dialect);
      const r = await generateLoad(tool, {
        url: base + path,
        connections: Number(values.connections),
        durationS: Number(values.duration),
        headers: { cookie },
      });
      const perRequest = (ms: number) => (ms / Math.max(1, r.requests)).toFixed(2);
      const serverCpu = perRequest(cpuMs(server.pid!) - cpuBefore);
      const dbCpuAfter = databaseCpuMs(dialect);
      const dbCpu = dbCpuBefore === null || dbCpuAfter === null ? '–' : perRequest(dbCpuAfter - dbCpuBefore);
      rows.push(
        `| ${dialect} | ${name} | ${Math.round(r.perSecond)} | ${r.p50Ms.toFixed(1)} | ${r.p99Ms.toFixed(1)} | ${r.errors} | ${r.non2xx} | ${serverCpu} | ${dbCpu} |`,
      );
      process.stderr.write(`${rows.at(-1)}\n`);
    }
    return { rows, rssMb: rssPeakMb(server.pid!) };
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    }
    rmSync(dir, { recursive: true, force: true });
    await drop();
  }
}

async function main() {
  if (!existsSync(join(ROOT, 'dist/src/app/server.js')))
    throw new Error('run `npm run build` first (the benchmark measures the production build)');
  const dialects =
    values.dialect === 'both' ? (['sqlite', 'mariadb'] as const) : ([values.dialect as 'sqlite' | 'mariadb'] as const);
  const tool = values.load === 'wrk' || values.load === 'autocannon' ? values.load : await defaultLoadTool();
  const hostBefore = await hostCheck();
  const out: string[] = [];
  const rss: string[] = [];
  for (const d of dialects) {
    const { rows, rssMb } = await benchDialect(d, tool);
    out.push(...rows);
    rss.push(`${d}: ${rssMb} MB`);
  }
  console.log(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}; ${new Date().toISOString().slice(0, 16)} UTC`,
  );
  console.log(
    `${values.forms} forms, ${values.employees} employees; ${tool} ${values.connections} connections × ${values.duration} s per target; MariaDB at ${MARIADB.host}:${MARIADB.port}`,
  );
  console.log('');
  console.log(
    '| dialect | target | req/s | p50 ms | p99 ms | errors | non-2xx | server CPU ms/req | mariadbd CPU ms/req |',
  );
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of out) console.log(row);
  console.log('');
  console.log(`Server peak RSS (VmHWM): ${rss.join(', ')}`);
  console.log(
    `Host check (bench/host-check.ts; lower is faster): before the runs ${hostBefore}; after ${await hostCheck()}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
