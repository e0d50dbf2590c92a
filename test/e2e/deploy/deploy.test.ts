import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { deployLayout } from '../../../ops/deploy/layout.ts';
import { switchCurrent } from '../../../ops/deploy/release.ts';
import { SERVER_NODE_FLAGS } from '../../../ops/service/server-flags.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';
import { ldapEnv, slapdUnavailableReason, startSlapd, TEST_DIRECTORY } from '../../helpers/slapd.ts';
import { deployFixture, fingerprint } from './deploy-fixture.ts';
import { requireTarget } from '../../helpers/targets.ts';

// The deploy pipeline end to end on this machine: two MariaDB databases as staging and production,
// release folders in a temp dir, the built-in supervisor. Each deploy builds a real release.

// Ten deploys, most building a release: ~90 s on a quiet host, over 300 s (tap's limit per file,
// package.json) on a slow one (2026-12-02: the file was cut off at 300 s, every step passing). In CI,
// beside the Node 20 run on two cores, it took 858 s on 2026-12-03 (builds 30-40 s each): a limit,
// not a target.
t.setTimeout(1_500_000);

const NEW_TABLE_MIGRATION = `import type { Kysely } from 'kysely';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('deploy_probes').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()).addColumn('note', 'varchar(50)', (c) => c.notNull()).execute();
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('deploy_probes').execute();
}
`;
// Creates its table, then changes the data: on the rehearsal's copy (no rows) it succeeds; on
// production's audit rows it fails (actor is NOT NULL), after the table exists (MariaDB DDL commits).
const DATA_FAILING_MIGRATION = `import { sql, type Kysely } from 'kysely';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('half_done').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()).addColumn('note', 'varchar(50)', (c) => c.notNull()).execute();
  await sql\`update audit_events set actor = null\`.execute(db);
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('half_done').execute();
}
`;
const declareTable = (name: string) => (text: string) =>
  text.replace(
    /\n\} as const;/,
    `\n  ${name}: table({ columns: { id: integer().autoIncrement(), note: varchar(50) }, primaryKey: ['id'] }),\n} as const;`,
  );
const declareProbe = declareTable('deploy_probes');
/** Commit B's change: a new column in the declaration, and no migration. */
const declareDeliveryRoom = (text: string) =>
  text.replace(
    '      location: varchar(120).nullable(),\n',
    '      location: varchar(120).nullable(),\n      delivery_room: varchar(60).nullable(),\n',
  );

t.test('deploy pipeline on MariaDB staging and production, with sign-in against a real slapd', async (t) => {
  if (!(await requireTarget(t, 'mariadb'))) return;
  if (!requireOrSkip(t, 'slapd', slapdUnavailableReason())) return;
  const slapd = await startSlapd(t);
  const bob = TEST_DIRECTORY.users.bob; // a member of Training Admins
  const f = await deployFixture({
    env: ldapEnv(slapd),
    integrationUser: { username: bob.username, password: bob.password },
  });
  t.teardown(async () => {
    await f.stopAll();
    await f.drop();
  });
  const c0 = f.head();
  type Health = {
    status: string;
    commit: string | null;
    schema: { matches: boolean | null; differences?: string[] };
    database: { migrations: { current: string } };
  };
  const health = async (env: 'staging' | 'production') => {
    const r = await fetch(`${f.url(env)}/health`).catch(() => null);
    return r ? { status: r.status, body: (await r.json()) as Health } : null;
  };
  const current = (env: string) => readlinkSync(join(f.root, env, 'current'));
  const { createConnection } = await import('mysql2/promise');
  const sqlOn = async (env: 'staging' | 'production', text: string) => {
    const s = f.databases[env].settings;
    const conn = await createConnection({
      host: s.host,
      port: s.port,
      user: s.user,
      password: s.password,
      database: s.database,
    });
    try {
      const [rows] = await conn.query(text);
      return rows as Record<string, unknown>[];
    } finally {
      await conn.end();
    }
  };
  const traineeRow =
    "INSERT INTO employees (directory_id, display_name, email, active, last_synced_at) VALUES ('dir-it', 'Integration Trainee', 'trainee@example.test', 1, NULL)";

  await t.test('A: first deploy to staging', async (t) => {
    const r = await f.deploy('staging', c0);
    t.equal(r.code, 0, r.stdout + r.stderr);
    for (const step of [
      'preflight',
      'build release',
      'schema check',
      'backup',
      'migrate (upgrade head)',
      'schema check after upgrade',
      'switch current',
      'restart and wait for /health',
      'smoke tests',
    ])
      t.match(r.stdout, new RegExp(`✅ ${step.replace(/[()]/g, '\\$&')}`), step);
    t.match(
      r.stdout,
      /✅ schema check \(\d+ ms\): rehearsed on a scratch copy: after \d+ migration\(s\) the database matches the new release/,
    );
    t.match(r.stdout, /Outcome: SUCCEEDED/);
    t.match(r.stdout, /dependencies hard-linked from /, 'the first release of a commit is built from source');
    t.match((await health('staging'))?.body, { status: 'ok', commit: c0, schema: { matches: true } });
    const pid = readFileSync(join(f.root, 'staging', 'state', 'training-forms-staging.pid'), 'utf8').trim();
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    t.same(
      argv.slice(1, 1 + SERVER_NODE_FLAGS.length),
      SERVER_NODE_FLAGS,
      'the server runs with the production node flags',
    );
    // Only this database's copy: another suite's deploy may be rehearsing on the same server.
    const copy = `${f.databases.staging.settings.database}_rehearsal`.replaceAll('_', '\\_');
    t.same(await sqlOn('staging', `SHOW DATABASES LIKE '${copy}'`), [], 'the rehearsal copy is dropped');
    await sqlOn('staging', traineeRow);
  });

  await t.test('dry run changes nothing', async (t) => {
    const before = current('staging');
    const r = await f.deploy('staging', c0, '--dry-run');
    t.equal(r.code, 0, r.stdout + r.stderr);
    t.match(r.stdout, /Outcome: DRY-RUN/);
    t.equal(current('staging'), before);
  });

  await t.test('A: production refuses it without a staging pass; accepts it after the integration tests', async (t) => {
    const refused = await f.deploy('production', c0);
    t.equal(refused.code, 2);
    t.match(refused.stdout, /❌ production gate.*integration tests have not passed/);
    t.notOk(existsSync(join(f.root, 'production', 'current')), 'nothing deployed');
    const integration = await f.integration('staging', c0);
    t.equal(integration.code, 0, integration.stdout + integration.stderr);
    for (const page of [
      'Sign in: signed in as bob',
      'Form list',
      'Create a form',
      'Open the form',
      'Delete the form',
      'Purge it from the trash',
      'Release commit',
    ])
      t.match(integration.stdout, new RegExp(`✅ ${page}`), page);
    const r = await f.deploy('production', c0);
    t.equal(r.code, 0, r.stdout + r.stderr);
    t.match(
      r.stdout,
      new RegExp(
        `reused the build of ${c0.slice(0, 12)} in \\S+/staging/releases/\\S+ \\(hard-linked, not built again\\)`,
      ),
      'production runs the files staging was tested with',
    );
    t.notMatch(r.stdout, /dependencies hard-linked from /);
    t.equal((await health('production'))?.body.commit, c0, 'and reports its own commit');
    t.equal((await health('production'))?.status, 200);
    await sqlOn('production', traineeRow);
  });

  // Production data that every failure below must leave exactly as it is.
  const prodSettings = f.databases.production.settings;
  const prod = {
    host: prodSettings.host,
    port: prodSettings.port,
    user: prodSettings.user,
    password: prodSettings.password,
    database: prodSettings.database,
  };
  const uploads = join(f.dir, 'production-uploads');
  writeFileSync(join(uploads, '0123456789abcdef0123456789abcdef.bin'), Buffer.from('%PDF-1.4 signed sheet'));
  await sqlOn(
    'production',
    "INSERT INTO audit_events (occurred_at, actor, action, entity_type, entity_id) VALUES ('2026-01-01 00:00:00.000', 'tester', 'create', 'training_form', '1')",
  );

  // Newer than every committed migration, older than C's, which is generated below (its time: now).
  const probe = `${new Date(Date.now() - 60_000).toISOString().replace(/\D/g, '').slice(0, 14)}_deploy_probes`;
  const c1 = f.commit('release-1', c0, 'Add deploy_probes', {
    [`db/migrations/${probe}.ts`]: NEW_TABLE_MIGRATION,
    'src/declared-schema/declared-schema.ts': declareProbe,
  });

  await t.test('a release with a new migration goes through staging to production; downtime measured', async (t) => {
    t.equal((await f.deploy('staging', c1)).code, 0);
    t.equal((await f.integration('staging', c1)).code, 0);
    let longestGap = 0;
    let failedPolls = 0;
    let gapStart: number | null = null;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const ok = (await health('production'))?.status === 200;
        const now = performance.now();
        if (!ok) failedPolls++;
        if (!ok && gapStart === null) gapStart = now;
        if (ok && gapStart !== null) {
          longestGap = Math.max(longestGap, now - gapStart);
          gapStart = null;
        }
        await sleep(10);
      }
    })();
    const r = await f.deploy('production', c1);
    polling = false;
    await poller;
    t.equal(r.code, 0, r.stdout + r.stderr);
    t.match(r.stdout, new RegExp(`applied ${probe}`));
    t.equal((await health('production'))?.body.database.migrations.current, probe);
    // Recorded in docs/deployment.md and BENCHMARKS.md; never asserted (no timed assertions in tests).
    t.comment(
      `production downtime during the deploy, /health polled every 10 ms: ${failedPolls} failed poll(s), longest gap ${Math.round(longestGap)} ms (hand-over step: ${/service restart (\d+) ms/.exec(r.stdout)?.[1]} ms)`,
    );
  });

  // B: the story of the forgotten migration. A column is declared, no migration written.
  const b = f.commit('release-b', c1, 'B: delivery room (migration forgotten)', {
    'src/declared-schema/declared-schema.ts': declareDeliveryRoom,
  });

  await t.test(
    'B without its migration: staging refuses it before changing anything, and says how to fix it',
    async (t) => {
      const serving = current('staging');
      const r = await f.deploy('staging', b);
      t.equal(r.code, 2, r.stdout + r.stderr);
      t.match(r.stdout, /❌ schema check .*the new release does not match what its migrations produce/);
      t.match(r.stdout, /Nothing live was changed \(rehearsed on a scratch copy\); the live release keeps serving/);
      t.match(r.stdout, /❌ SCHEMA MISMATCH DETECTED!/);
      t.match(r.stdout, /missing column training_forms\.delivery_room: expected varchar\(60\), found nothing/);
      t.match(r.stdout, /npm run db -- revision --autogenerate -m/);
      t.match(r.stdout, /npm run deploy -- --env staging --commit <the fixed commit>/);
      t.notMatch(r.stdout, /✅ backup|migrate \(upgrade head\)/, 'no backup, no migration');
      t.match(r.stdout, /Outcome: REFUSED/);
      t.equal(current('staging'), serving, 'current did not move');
      t.match((await health('staging'))?.body, { status: 'ok', commit: c1 }, 'the live release keeps serving');
      t.same(await sqlOn('staging', "SHOW COLUMNS FROM training_forms LIKE 'delivery_room'"), []);
    },
  );

  await t.test('B: no staging pass can be recorded for it, and production refuses it', async (t) => {
    const integration = await f.integration('staging', b);
    t.equal(integration.code, 1, 'staging runs another commit');
    t.match(integration.stdout, new RegExp(`❌ Release commit: runs ${c1}, not ${b}`));
    const r = await f.deploy('production', b);
    t.equal(r.code, 2);
    t.match(r.stdout, /❌ production gate.*failed its last staging deploy/);
    t.match((await health('production'))?.body, { status: 'ok', commit: c1 });
  });

  await t.test(
    'B put live by hand (as the old deploy did): /health says so, and the integration checks fail',
    async (t) => {
      const releaseB = readdirSync(join(f.root, 'staging', 'releases')).find((d) => d.endsWith(b.slice(0, 12)));
      t.ok(releaseB, 'the refused release folder stays for inspection');
      await f.service('staging', 'stop');
      switchCurrent(deployLayout(f.root, 'staging'), join(f.root, 'staging', 'releases', releaseB as string));
      const started = await f.service('staging', 'start');
      t.equal(started.code, 1, 'the supervisor does not call a release healthy that does not match its database');
      t.match(started.stdout + started.stderr, /did not become healthy/);
      // Run it anyway, as a deploy that did not check would have.
      const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, 'dist/src/app/server.js'], {
        cwd: join(f.root, 'staging', 'current'),
        env: { PATH: process.env.PATH, APP_ENV: 'staging', ...f.sharedEnv('staging'), LOG_PRETTY: 'false' },
        detached: true,
        stdio: 'ignore',
      });
      server.unref();
      writeFileSync(join(f.root, 'staging', 'state', 'training-forms-staging.pid'), `${server.pid}\n`);
      let h = await health('staging');
      for (let i = 0; i < 200 && !h; i++) h = (await sleep(50), await health('staging'));
      t.equal(h?.status, 503, '503, so a load balancer and the deploy see it');
      t.match(h?.body, {
        status: 'degraded',
        commit: b,
        schema: { matches: false, differences: [/missing column training_forms\.delivery_room/] },
      });
      const integration = await f.integration('staging', b);
      t.equal(integration.code, 1);
      t.match(
        integration.stdout,
        /❌ Schema matches the release: differs: missing column training_forms\.delivery_room/,
      );
      t.match(
        integration.stdout,
        /❌ (Form list|Create a form|Open the form): .*→ 500/,
        'the pages fail, as /health says',
      );
    },
  );

  await t.test('B again over broken B: refused, with the way to recover', async (t) => {
    const r = await f.deploy('staging', b);
    t.equal(r.code, 2, r.stdout + r.stderr);
    t.match(r.stdout, /The live release .* does not match its database either/);
    t.match(r.stdout, /To recover, deploy a release whose rehearsal is clean/);
  });

  // C: the developer follows the printed steps: autogenerate, review, commit.
  const scratch = mkdtempSync(join(f.dir, 'autogen-'));
  const dev = { APP_ENV: 'test', USE_SQLITE: 'true', DB_PATH: join(scratch, 'dev.db') };
  const c = f.commitWith('release-c', b, 'C: the migration for the delivery room', () => {
    t.equal(f.db(['upgrade', 'head'], dev).code, 0);
    const generated = f.db(['revision', '--autogenerate', '-m', 'delivery room'], dev);
    t.equal(generated.code, 0, generated.output);
  });

  await t.test('C with the autogenerated migration deploys over broken B, then to production', async (t) => {
    const r = await f.deploy('staging', c);
    t.equal(r.code, 0, r.stdout + r.stderr);
    t.match(r.stdout, /✅ schema check .*it also repairs the live release .* which does not match its database/);
    t.match(r.stdout, /applied \d{14}_delivery_room/);
    t.match((await health('staging'))?.body, { status: 'ok', commit: c, schema: { matches: true } });
    const integration = await f.integration('staging', c);
    t.equal(integration.code, 0, integration.stdout);
    const p = await f.deploy('production', c);
    t.equal(p.code, 0, p.stdout + p.stderr);
    t.match((await health('production'))?.body, { status: 'ok', commit: c });
    t.equal((await sqlOn('production', "SHOW COLUMNS FROM training_forms LIKE 'delivery_room'")).length, 1);
  });

  await t.test(
    'D: a migration that passes the rehearsal but fails on production data rolls back: rows and upload bytes exactly as before',
    async (t) => {
      const before = await fingerprint(prod, uploads);
      const serving = current('production');
      const d = f.commit('release-d', c, 'D: a migration that fails on real data', {
        'db/migrations/20991231000000_half_done.ts': DATA_FAILING_MIGRATION,
        'src/declared-schema/declared-schema.ts': declareTable('half_done'),
      });
      const r = await f.deploy('production', d, '--emergency', 'testing the automatic rollback');
      t.equal(r.code, 1, r.stdout + r.stderr);
      t.match(r.stdout, /EMERGENCY deploy without a staging pass/);
      t.match(r.stdout, /✅ schema check/, 'the rehearsal (no rows) passes');
      t.match(r.stdout, /❌ migrate \(upgrade head\)/);
      t.match(r.stdout, /✅ rollback: restore database and uploads from backup/);
      t.match(r.stdout, /Outcome: ROLLED-BACK/);
      const after = await fingerprint(prod, uploads);
      t.notOk(after.tables.includes('half_done'), 'the half-applied table is gone');
      t.same(after.tables, before.tables);
      t.same(after.files, before.files);
      t.equal(after.digest, before.digest, 'every row and every upload byte as before');
      t.equal(current('production'), serving, 'the previous release is current');
      t.match((await health('production'))?.body, { status: 'ok', commit: c }, 'and serves');
    },
  );

  await t.test('a release that does not become healthy rolls back to the previous one', async (t) => {
    const serving = current('production');
    const before = await fingerprint(prod, uploads);
    const c3 = f.commit('release-3', c, 'A server that cannot start', {
      'src/app/server.ts': (old) =>
        old.replace(
          '  const web = await composeWebServer(config);',
          "  if (config.appEnv !== 'test') throw new Error('release 3 cannot start');\n  const web = await composeWebServer(config);",
        ),
    });
    const r = await f.deploy('production', c3, '--emergency', 'testing the health rollback');
    t.equal(r.code, 1, r.stdout + r.stderr);
    t.match(r.stdout, /❌ restart and wait for \/health.*exited during start-up/s);
    t.match(r.stdout, /release 3 cannot start/);
    t.match(r.stdout, /✅ rollback: switch current back/);
    t.match(r.stdout, /✅ rollback: restart previous release/);
    t.equal(current('production'), serving);
    t.equal((await health('production'))?.body.status, 'ok');
    t.equal((await fingerprint(prod, uploads)).digest, before.digest, 'no migration ran: data untouched');
  });

  await t.test('two deploys of one environment at once: the second is refused', async (t) => {
    const first = f.deploy('staging', c);
    // Start the second once the first holds the lock (a fixed pause lost the race on a loaded host).
    const lock = deployLayout(f.root, 'staging').lockFile;
    for (let i = 0; i < 1200 && !existsSync(lock); i++) await sleep(50);
    t.ok(existsSync(lock), 'the first deploy holds the lock');
    const second = await f.deploy('staging', c);
    t.equal(second.code, 2);
    t.match(second.stdout, /another deploy \(pid \d+\) is running/);
    t.equal((await first).code, 0);
  });

  await t.test('every deploy is recorded', async (t) => {
    const lines = readFileSync(join(f.root, 'production', 'deployments.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { outcome: string; rolledBack: boolean; emergencyReason: string | null });
    t.same(
      lines.map((l) => l.outcome),
      ['refused', 'succeeded', 'succeeded', 'refused', 'succeeded', 'rolled-back', 'rolled-back'],
    );
    t.equal(lines[5]?.emergencyReason, 'testing the automatic rollback');
    t.equal(lines[6]?.rolledBack, true);
    const rows = (await sqlOn(
      'production',
      'SELECT outcome, rolled_back, emergency_reason FROM deployments ORDER BY id',
    )) as { outcome: string; rolled_back: number; emergency_reason: string | null }[];
    t.same(
      rows.map((r) => [r.outcome, r.rolled_back]),
      [
        ['succeeded', 0],
        ['succeeded', 0],
        ['refused', 0],
        ['succeeded', 0],
        ['rolled-back', 1],
        ['rolled-back', 1],
      ],
      'and in the database for the admin page (the refused first one found no table yet)',
    );
    t.equal(rows[4]?.emergency_reason, 'testing the automatic rollback');
  });
});
