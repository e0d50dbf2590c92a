import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { connectDatabase, type DatabaseSettings } from '../src/adapters/db/connection/connect.ts';
import { migrateToLatest } from '../src/adapters/db/migrator/migrations.ts';
import { createMariadbDatabase } from '../test/helpers/mariadb.ts';
import { envFor } from '../test/helpers/env.ts';

/**
 * `node --import tsx bench/jobs-sync.ts [users]`: `npm run job -- sync-employees` (as a child under
 * /usr/bin/time -v; `--compiled` for the built JS) against the Graph stand-in in another process, on SQLite and
 * MariaDB: the
 * first sync (everyone added) and a second one (nothing changes). Prints wall time and peak RSS.
 */
const users = Number(process.argv[2] ?? 100_000);
// `--compiled`: run the built CLI (`npm run build` first), as production does; otherwise through tsx.
const compiled = process.argv.includes('--compiled');
const jobCli = compiled ? ['dist/ops/job.js'] : ['--import', 'tsx', 'ops/job.ts'];
const standIn = spawn(process.execPath, ['--import', 'tsx', 'bench/graph-stand-in-server.ts', String(users)], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const standInLines = createInterface({ input: standIn.stdout })[Symbol.asyncIterator]();
const [line] = await standInLines.next().then((r) => [r.value as string]);
const azure = JSON.parse(line ?? '{}') as Record<string, string>;

function timed(env: Record<string, string>) {
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, ...jobCli, 'sync-employees'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)/.exec(r.stderr)?.[1] ?? '?';
  const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? 0);
  const counts = /counts: (.*)/.exec(r.stdout)?.[1] ?? r.stdout + r.stderr.slice(0, 500);
  const [m, s] = wall.split(':');
  return { seconds: Number(m) * 60 + Number(s), rssMb: Math.round(rssKb / 1024), counts, code: r.status };
}

const dir = mkdtempSync(join(tmpdir(), 'tf-bench-sync-'));
const maria = await createMariadbDatabase('tf_bench_sync');
try {
  const targets: DatabaseSettings[] = [{ dialect: 'sqlite', path: join(dir, 'bench.db') }, maria.settings];
  console.log(`${users} users, ${compiled ? 'compiled JS' : 'tsx'}\n`);
  console.log(`| dialect | run | wall s | peak RSS MB | counts |\n| --- | --- | --- | --- | --- |`);
  for (const settings of targets) {
    const h = connectDatabase(settings);
    await migrateToLatest(h.db);
    await h.close();
    const env = { ...envFor(settings, dir, azure), LOG_LEVEL: 'warn' };
    for (const run of ['first (all added)', 'second (unchanged)']) {
      const r = timed(env);
      console.log(`| ${settings.dialect} | ${run} | ${r.seconds.toFixed(1)} | ${r.rssMb} | ${r.counts} |`);
      if (r.code !== 0) process.exitCode = 1;
    }
  }
} finally {
  await maria.drop();
  rmSync(dir, { recursive: true, force: true });
  standIn.kill('SIGTERM');
}
