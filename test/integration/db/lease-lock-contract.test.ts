import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import t from 'tap';
import { KyselyJobLock } from '../../../src/adapters/db/locks/kysely-job-lock.ts';
import { LeaseLock, type LeaseTiming } from '../../../src/adapters/db/locks/lease-lock.ts';
import { MigrationLockedError, withMigrationLock } from '../../../src/adapters/db/locks/migration-lock.ts';
import { listMigrationFiles } from '../../../src/adapters/db/migrator/migration-files.ts';
import { runMigrations } from '../../../src/adapters/db/migrator/migration-runner.ts';
import { CONTRACT_DATABASES, forEachDatabase } from '../../helpers/targets.ts';
import { scratchProject } from '../schema/schema-test-kit.ts';

// The lease-row locks (jobs and migrations) on each dialect: what a second holder sees, release,
// takeover of an expired lease, the heartbeat. Short leases keep it fast.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A promise the test settles by hand, to keep a holder inside its work. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

t.test('job locks (lease rows in job_locks)', async (t) => {
  await forEachDatabase(t, CONTRACT_DATABASES, async (t, handle, ctx) => {
    const other = ctx.open();
    const a = new KyselyJobLock(handle.db);
    const b = new KyselyJobLock(other.db);

    await t.test('two holders cannot both hold; release frees it', async (t) => {
      const g = gate();
      const first = a.withLock('job:x', async () => (await g.opened, 'first'));
      await sleep(100);
      t.same(await b.withLock('job:x', async () => 'second'), { acquired: false }, 'the second holder is refused');
      t.same(
        await a.withLock('job:x', async () => 'same process'),
        { acquired: false },
        'a second holder in the same process too',
      );
      t.same(
        await b.withLock('job:y', async () => 'other name'),
        { acquired: true, value: 'other name' },
        'another name is independent',
      );
      g.open();
      t.same(await first, { acquired: true, value: 'first' });
      t.same(await handle.db.selectFrom('job_locks').selectAll().execute(), [], 'release deletes the row');
      t.same(
        await b.withLock('job:x', async () => 'after'),
        { acquired: true, value: 'after' },
        'free again after release',
      );
    });

    await t.test('a waiter gets the lock when the holder releases within waitMs', async (t) => {
      const g = gate();
      const first = a.withLock('job:w', async () => g.opened);
      await sleep(100);
      const waiting = b.withLock('job:w', async () => 'waited', { waitMs: 5000 });
      await sleep(300);
      g.open();
      await first;
      t.same(await waiting, { acquired: true, value: 'waited' });
    });

    await t.test('a rejection is rethrown after the lock is released', async (t) => {
      await t.rejects(
        a.withLock('job:e', async () => Promise.reject(new Error('boom'))),
        /boom/,
      );
      t.same(await b.withLock('job:e', async () => 'free'), { acquired: true, value: 'free' });
    });

    const short: LeaseTiming = { leaseMs: 400, heartbeatMs: 60_000, pollMs: 50 };
    await t.test('an expired lease (a holder that stopped) is taken over, once', async (t) => {
      const stalled = new LeaseLock(handle.db, 'job_locks', short);
      const g = gate();
      let stillHeld: (() => boolean) | undefined;
      const first = stalled.hold('job:z', 0, async (held) => ((stillHeld = held), await g.opened));
      await sleep(100);
      t.same(await b.withLock('job:z', async () => 'early'), { acquired: false }, 'not before the lease runs out');
      await sleep(500);
      const taker = new LeaseLock(other.db, 'job_locks', { ...short, leaseMs: 60_000, heartbeatMs: 100 });
      const g2 = gate();
      const second = taker.hold('job:z', 0, async () => g2.opened);
      await sleep(100);
      t.same(
        await new KyselyJobLock(ctx.open().db).withLock('job:z', async () => 'third'),
        { acquired: false },
        'the new holder has it',
      );
      g.open();
      t.same(await first, { acquired: true, value: undefined });
      t.equal(stillHeld?.(), true, 'the stalled holder never beat, so it never learned');
      t.equal(
        (await handle.db.selectFrom('job_locks').select('name').execute()).length,
        1,
        "the stalled holder's release left the new holder's row",
      );
      g2.open();
      t.same(await second, { acquired: true, value: undefined });
    });

    await t.test('the heartbeat keeps a lease past its length; a holder whose lease was taken learns it', async (t) => {
      // A lease of 1.5 s held for 3 s by a heartbeat every 100 ms: long enough that a loaded host's
      // late heartbeat (seen: 400 ms leases lost under load average 10) does not let it lapse.
      const beating = new LeaseLock(handle.db, 'job_locks', { leaseMs: 1500, heartbeatMs: 100, pollMs: 50 });
      const before = async () =>
        (
          await handle.db
            .selectFrom('job_locks')
            .select('expires_at')
            .where('name', '=', 'job:h')
            .executeTakeFirstOrThrow()
        ).expires_at;
      const result = await beating.hold('job:h', 0, async (held) => {
        const first = await before();
        for (let i = 0; i < 6; i++) {
          await sleep(500);
          t.same(
            await b.withLock('job:h', async () => 'stolen'),
            { acquired: false },
            `still held after ${(i + 1) * 500} ms`,
          );
        }
        t.ok((await before()) > first, 'expires_at moved forward');
        return held();
      });
      t.same(result, { acquired: true, value: true });

      // A heartbeat (1.5 s) far slower than the lease (300 ms): the thief takes the row in between.
      const slow = new LeaseLock(handle.db, 'job_locks', { leaseMs: 300, heartbeatMs: 1500, pollMs: 50 });
      const lost = await slow.hold('job:l', 0, async (held) => {
        await sleep(400);
        const thief = new LeaseLock(other.db, 'job_locks', short);
        t.ok(await thief.tryTake('job:l', 'thief'), 'taken over after the lease ran out');
        await sleep(2400);
        return held();
      });
      t.same(lost, { acquired: true, value: false }, 'the next heartbeat found the row taken: held() is false');
      await handle.db.deleteFrom('job_locks').execute();
    });
  });
});

t.test('the migration lock works on an empty database and keeps runs apart', async (t) => {
  await forEachDatabase(
    t,
    CONTRACT_DATABASES,
    async (t, handle, ctx) => {
      // SQLite keeps one BEGIN IMMEDIATE transaction, whose busy wait blocks the whole (synchronous)
      // process: two runs in one process cannot be shown; cli-migrate-sqlite runs them as processes.
      if (ctx.settings.dialect === 'sqlite') return void t.comment('SQLite: see cli-migrate-sqlite.test.ts');
      const other = ctx.open();
      const order: string[] = [];
      const run = (db: typeof handle.db, who: string) =>
        withMigrationLock(db, 10, false, async () => {
          order.push(`${who} in`);
          await sleep(300);
          order.push(`${who} out`);
          return who;
        });
      const results = await Promise.all([run(handle.db, 'a'), run(other.db, 'b')]);
      t.same(results.sort(), ['a', 'b'], 'both ran, the second after waiting');
      t.same([order[0]?.slice(-2), order[1]?.slice(-3)], ['in', 'out'], `never both inside: ${order.join(', ')}`);

      const g = gate();
      const holding = withMigrationLock(handle.db, 10, false, async () => g.opened);
      await sleep(100);
      const started = Date.now();
      await t.rejects(
        withMigrationLock(other.db, 1, false, async () => 'never'),
        MigrationLockedError,
        'a second run fails after its timeout',
      );
      t.ok(Date.now() - started >= 900, 'it waited for the timeout');
      g.open();
      await holding;
    },
    { migrate: false },
  );
});

t.test('a migration run whose lease was taken over stops before its next migration', async (t) => {
  await forEachDatabase(
    t,
    CONTRACT_DATABASES,
    async (t, handle, ctx) => {
      if (ctx.settings.dialect === 'sqlite') return void t.comment('SQLite: one write transaction, no lease');
      const project = scratchProject('lease', false);
      t.teardown(() => project.remove());
      const folder = project.migrations;
      const started = join(project.dir, 'slow-started');
      const file = (body: string) =>
        `import { writeFileSync } from 'node:fs';\nimport type { Kysely } from 'kysely';\n// eslint-disable-next-line @typescript-eslint/no-explicit-any\nexport async function up(db: Kysely<any>): Promise<void> {\n${body}\n}\nexport async function down(): Promise<void> {}\n`;
      writeFileSync(
        join(folder, '20260101000000_slow.ts'),
        file(
          `  writeFileSync(${JSON.stringify(started)}, '');\n  await new Promise((r) => setTimeout(r, 1500));\n  await db.schema.createTable('slow_one').addColumn('id', 'integer', (c) => c.primaryKey()).execute();`,
        ),
      );
      writeFileSync(
        join(folder, '20260101000001_next.ts'),
        file("  await db.schema.createTable('next_one').addColumn('id', 'integer', (c) => c.primaryKey()).execute();"),
      );
      const files = await listMigrationFiles(folder);
      const run = runMigrations(handle.db, files, 'up', {
        lockTiming: { leaseMs: 200, heartbeatMs: 400, pollMs: 50 },
      }).then(
        (done) => ({ done, error: null }),
        (error: unknown) => ({ done: null, error }),
      );
      // The run holds the lock once its slow migration has started (on a loaded host that can take a
      // while); its lease then lapses between heartbeats (200 ms lease, a heartbeat every 400 ms), and
      // the thief takes it in such a gap while the migration still runs.
      for (let i = 0; i < 1500 && !existsSync(started); i++) await sleep(20);
      t.ok(existsSync(started), 'the slow migration started');
      const thief = new LeaseLock(ctx.open().db, 'schema_migration_lock', {
        leaseMs: 60_000,
        heartbeatMs: 60_000,
        pollMs: 50,
      });
      let taken = false;
      for (const until = Date.now() + 1200; !taken && Date.now() < until;) {
        taken = await thief.tryTake('migrations', 'thief');
        if (!taken) await sleep(20);
      }
      t.ok(taken, 'the stalled run lost its lease');
      const outcome = await run;
      t.type(outcome.error, MigrationLockedError);
      t.match(outcome.error, { message: /lost the migration lock.*stopped before 20260101000001_next/ });
      const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(handle.db);
      t.same(
        rows.map((r) => r.name),
        ['20260101000000_slow'],
        'the migration under way finished; the next one never started',
      );
    },
    { migrate: false },
  );
});
