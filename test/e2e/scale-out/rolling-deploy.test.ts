import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { renderHaproxyConfig } from '../../../ops/haproxy/haproxy-config.ts';
import { backendServers } from '../../../ops/haproxy/runtime-api.ts';
import { mariadbUnavailableReason } from '../../helpers/mariadb.ts';
import { freePort } from '../../helpers/ports.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';
import { deployFixture } from '../deploy/deploy-fixture.ts';
import { loadLoop } from './load-loop.ts';

// The rolling deploy (npm run deploy -- --instances …): two real instances of staging on one
// MariaDB database behind a real HAProxy; a deploy with a migration under load, then one whose
// release cannot start on the second instance, rolled back under load. No request may fail.

t.setTimeout(600_000); // three release builds; on a busy 2-core host a build alone can take a minute

const HAPROXY = '/usr/sbin/haproxy';
const NEW_TABLE_MIGRATION = `import type { Kysely } from 'kysely';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('rolling_probes').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()).addColumn('note', 'varchar(50)', (c) => c.notNull()).execute();
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rolling_probes').execute();
}
`;
const declareProbe = (text: string) =>
  text.replace(
    /\n\} as const;/,
    `\n  rolling_probes: table({ columns: { id: integer().autoIncrement(), note: varchar(50) }, primaryKey: ['id'] }),\n} as const;`,
  );

t.test('rolling deploy across two instances behind HAProxy, under load', async (t) => {
  if (!requireOrSkip(t, 'MariaDB', await mariadbUnavailableReason())) return;
  if (
    !requireOrSkip(
      t,
      'HAProxy',
      spawnSync(HAPROXY, ['-v']).status === 0 ? null : `${HAPROXY} not found (apt-get install haproxy)`,
    )
  )
    return;
  const f = await deployFixture();
  const ports = [f.ports.staging, await freePort()] as const;
  const socket = join(f.dir, 'haproxy.sock');
  const children: ChildProcess[] = [];
  t.teardown(async () => {
    await f.stopStagingInstances(ports);
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await f.drop();
  });
  const front = await freePort();
  const cfg = join(f.dir, 'haproxy.cfg');
  writeFileSync(
    cfg,
    renderHaproxyConfig({
      bind: `127.0.0.1:${front}`,
      instances: ports.map((p) => `127.0.0.1:${p}`),
      statsSocket: socket,
      checkIntervalMs: 200,
    }),
  );
  children.push(spawn(HAPROXY, ['-db', '-f', cfg], { stdio: 'ignore' }));
  for (let i = 0; i < 100 && (await backendServers(socket, 'app').catch(() => null)) === null; i++) await sleep(100);
  const base = `http://127.0.0.1:${front}`;
  const rolling = ['--instances', ports.join(','), '--haproxy-socket', socket];
  const commitOn = async (port: number) =>
    ((await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { commit: string }).commit;
  const haproxyStatus = async () => [...(await backendServers(socket, 'app')).values()].map((s) => s.status);
  const c0 = f.head();

  await t.test('bad flags are refused with one line, before anything runs', async (t) => {
    for (const [args, message] of [
      [['--instances', `${ports[0]},http`, '--haproxy-socket', socket], /^--instances: "http" is not a port/],
      [['--instances', String(ports[0])], /^--instances needs --haproxy-socket/],
      [[...rolling, '--drain-timeout-ms', 'soon'], /^--drain-timeout-ms: "soon" is not a number/],
    ] as const) {
      const r = await f.deploy('staging', c0, ...args);
      t.equal(r.code, 2, args.join(' '));
      t.match(r.stderr, message);
      t.equal(r.stderr.trim().split('\n').length, 1, 'one line');
    }
    const swapped = await f.deploy(
      'staging',
      c0,
      '--instances',
      [...ports].reverse().join(','),
      '--haproxy-socket',
      socket,
    );
    t.equal(swapped.code, 2, 'ports in another order than the HAProxy configuration: refused at preflight');
    t.match(swapped.stdout, /❌ preflight.*HAProxy server app\/app1 is 127\.0\.0\.1:\d+, not port \d+/);
    const noSocket = await f.deploy(
      'staging',
      c0,
      '--instances',
      ports.join(','),
      '--haproxy-socket',
      join(f.dir, 'no-such.sock'),
    );
    t.equal(noSocket.code, 2, 'no HAProxy on that socket: refused at preflight');
    t.match(
      noSocket.stdout,
      /❌ preflight.*HAProxy runtime API at \S+no-such\.sock: "show stat" failed: connect ENOENT/,
    );
  });

  await t.test('first rolling deploy starts both instances', async (t) => {
    const r = await f.deploy('staging', c0, ...rolling);
    t.equal(r.code, 0, r.stdout + r.stderr);
    t.match(r.stdout, /✅ rolling hand-over .*2 instance\(s\) on the new release/);
    t.same([await commitOn(ports[0]), await commitOn(ports[1])], [c0, c0]);
    t.same(await haproxyStatus(), ['UP', 'UP']);
  });

  const probe = `${new Date(Date.now() - 60_000).toISOString().replace(/\D/g, '').slice(0, 14)}_rolling_probes`;
  const b = f.commit('rolling-b', c0, 'B: a new table', {
    [`db/migrations/${probe}.ts`]: NEW_TABLE_MIGRATION,
    'src/declared-schema/declared-schema.ts': declareProbe,
  });

  await t.test('a release with a migration rolls through both instances under load: no request fails', async (t) => {
    const load = loadLoop(base);
    const r = await f.deploy('staging', b, ...rolling);
    const seen = await load.stop();
    t.equal(r.code, 0, r.stdout + r.stderr);
    t.equal(r.stdout.match(/✅ migrate \(upgrade head\).*applied/g)?.length, 1, 'migrated once');
    t.match(
      r.stdout,
      new RegExp(
        `app1 \\(port ${ports[0]}\\): drained, handed over to ${b.slice(0, 12)}, back in rotation[\\s\\S]*app2 \\(port ${ports[1]}\\): drained`,
      ),
    );
    t.same(seen.failures, [], `no failed request of ${seen.requests}`);
    t.ok(
      (seen.commits[c0] ?? 0) > 0 && (seen.commits[b] ?? 0) > 0,
      `load answered by the old and the new release: ${JSON.stringify(seen.commits)}`,
    );
    t.same([await commitOn(ports[0]), await commitOn(ports[1])], [b, b], 'both instances run the new commit');
    t.same(await haproxyStatus(), ['UP', 'UP'], 'both back in rotation');
  });

  await t.test(
    'a release that cannot start on the second instance: every instance back on the old one, under load',
    async (t) => {
      const c = f.commit('rolling-c', b, 'C: cannot start on the second port', {
        'src/app/server.ts': (old) =>
          old.replace(
            '  const web = await composeWebServer(config);',
            `  if (config.port === ${ports[1]}) throw new Error('release C cannot start on port ${ports[1]}');\n  const web = await composeWebServer(config);`,
          ),
      });
      const load = loadLoop(base);
      const r = await f.deploy('staging', c, ...rolling);
      const seen = await load.stop();
      t.equal(r.code, 1, r.stdout + r.stderr);
      t.match(r.stdout, /❌ rolling hand-over.*exited during start-up/s);
      t.match(r.stdout, new RegExp(`release C cannot start on port ${ports[1]}`));
      t.match(
        r.stdout,
        /✅ rollback: previous release on each instance handed over, one at a time.*2 instance\(s\) back on/,
      );
      t.match(r.stdout, /state: database unchanged \(no migration ran\)/);
      t.notMatch(r.stdout, /restore database/, 'no migration ran: no restore');
      t.same(seen.failures, [], `no failed request of ${seen.requests}`);
      t.comment(`answers per commit during the failed deploy: ${JSON.stringify(seen.commits)}`);
      t.same([await commitOn(ports[0]), await commitOn(ports[1])], [b, b], 'both instances back on the old commit');
      t.same(await haproxyStatus(), ['UP', 'UP'], 'both in rotation');
    },
  );
});
