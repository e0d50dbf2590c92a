import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import t, { type Test } from 'tap';
import type { BackupDatabase } from '../../../src/adapters/backup/database-dumper.ts';
import { FsBackupStore, RestoreRefusedError } from '../../../src/adapters/backup/fs-backup-store.ts';
import { BackupInvalidError, readManifest } from '../../../src/adapters/backup/manifest.ts';
import { KyselyAuditChainReader } from '../../../src/adapters/db/repositories/kysely-audit-chain-reader.ts';
import { verifyAuditTrail } from '../../../src/app/composition/operator-audit.ts';
import { connectDatabase, type DatabaseSettings } from '../../../src/adapters/db/connection/connect.ts';
import { migrateToLatest, migrateUpTo } from '../../../src/adapters/db/migrator/migrations.ts';
import { maintenanceJobs } from '../../../src/app/composition/jobs.ts';
import { toDbTime } from '../../../src/adapters/db/connection/db-values.ts';
import { runNamedJob } from '../../../src/app/jobs/job-definitions.ts';
import type { Composition } from '../../../src/app/composition/compose.ts';
import { declaredSchema, type Database } from '../../../src/declared-schema/declared-schema.ts';
import { seedDatabase } from '../../../src/adapters/db/seed/seed-database.ts';
import { forEachDialect, requireTarget } from '../../helpers/targets.ts';
import { createMariadbDatabase, MARIADB } from '../../helpers/mariadb.ts';
import { ManualClock } from '../../helpers/clock.ts';
import { composeFor, silentLog } from './job-test-env.ts';
import type { ProgressListener, ProgressReport } from '../../../src/domain/ports/progress-listener.ts';

/**
 * Tables compared row by row; the job bookkeeping differs on purpose (the backup run itself), and so
 * does the matrix generation (a restore gives it a new epoch; checked apart).
 */
const DATA_TABLES = (Object.keys(declaredSchema) as (keyof Database)[]).filter(
  (n) => n !== 'job_runs' && n !== 'job_locks' && n !== 'matrix_generation',
);

async function dumpRows(db: Kysely<Database>): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of DATA_TABLES) {
    const pk = declaredSchema[name].primaryKey as readonly string[];
    let q = db.selectFrom(name).selectAll();
    for (const col of pk) q = q.orderBy(col as never);
    out[name] = await q.execute();
  }
  return out;
}

function filesOf(dir: string): Record<string, Buffer> {
  if (!existsSync(dir)) return {};
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((n) => [n, readFileSync(join(dir, n))]),
  );
}

function backupDbOf(settings: DatabaseSettings): BackupDatabase {
  return settings.dialect === 'sqlite' ? { dialect: 'sqlite', path: settings.path } : { ...settings };
}

/**
 * The reports of `stage` count up from 0 to `last`, in one run. `streamed` (a MariaDB dump or load):
 * the bytes are reported on the way too, not only at both ends.
 */
function checkProgress(t: Test, reports: readonly ProgressReport[], stage: string, last: number, streamed = false) {
  const done = reports.filter((r) => r.stage === stage).map((r) => r.done);
  t.equal(done[0], 0, `${stage}: starts at 0`);
  t.equal(done.at(-1), last, `${stage}: ends at ${last}`);
  t.same(
    done,
    [...done].sort((a, b) => a - b),
    `${stage}: never goes back`,
  );
  t.same(
    reports.map((r) => r.stage).filter((s, i, all) => s === stage && all[i - 1] !== stage).length,
    1,
    `${stage}: one run of reports`,
  );
  if (streamed) t.ok(done.length > 2, `${stage}: reported on the way (${done.join(', ')})`);
}

/** A fresh, empty target database of the same dialect. */
async function freshTarget(t: Test, settings: DatabaseSettings): Promise<DatabaseSettings> {
  if (settings.dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tf-restore-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    return { dialect: 'sqlite', path: join(dir, 'restored.db') };
  }
  const created = await createMariadbDatabase('tf_restore');
  t.teardown(created.drop);
  return created.settings;
}

async function addAttachment(c: Composition, formId: number, bytes: Buffer): Promise<string> {
  const stored = await c.files.save(
    (async function* () {
      yield bytes;
    })(),
    10_000_000,
  );
  if ('tooLarge' in stored) throw new Error('too large');
  await c.database.db
    .insertInto('attachments')
    .values({
      training_form_id: formId,
      stored_name: stored.storedName,
      original_name: 'sign-in sheet Müller ✓.pdf',
      content_type: 'application/pdf',
      size_bytes: stored.sizeBytes,
      sha256: stored.sha256,
      uploaded_by: 'anna',
      uploaded_at: toDbTime(new Date()),
    })
    .execute();
  return stored.storedName;
}

await forEachDialect(t, async (t, handle, ctx) => {
  const clock = new ManualClock(new Date('2026-11-01T03:00:00.000Z'));
  const env = await composeFor(ctx.settings, { clock });
  const { c } = env;
  t.teardown(env.close);
  const uploads = c.config.uploadFolder;
  const store = new FsBackupStore(c.config.jobs.backupFolder);

  await seedDatabase(handle.db, { forms: 300, employees: 40, randomSeed: 7, now: clock.now() });
  const forms = await handle.db.selectFrom('training_forms').select('id').orderBy('id').limit(25).execute();
  for (const [i, f] of forms.entries()) await addAttachment(c, f.id, randomBytes(1000 + i * 997));
  await handle.db
    .updateTable('employees')
    .set({ display_name: 'Zoë O\'Brien-Łukasiewicz 😀 "quoted" \\ back' })
    .where('id', '=', 1)
    .execute();

  const backup = async (onProgress?: ProgressListener) => {
    clock.advance(86_400_000);
    const outcome = await runNamedJob(maintenanceJobs(c), 'backup', { trigger: 'manual', log: silentLog, onProgress });
    t.equal(outcome.status, 'succeeded', outcome.error ?? '');
    return outcome;
  };

  let lastDir = '';
  await t.test('a backup holds the database, every upload and a manifest with size and SHA-256 per file', async (t) => {
    const reports: ProgressReport[] = [];
    const outcome = await backup((r) => reports.push(r));
    t.match(outcome.run?.counts, { filesCopied: 25, filesLinked: 0 });
    const [entry] = await store.list();
    lastDir = entry?.dir ?? '';
    const manifest = JSON.parse(readFileSync(join(lastDir, 'manifest.json'), 'utf8')) as {
      files: { path: string; size: number; sha256: string }[];
      dialect: string;
    };
    t.equal(manifest.dialect, ctx.settings.dialect);
    t.equal(manifest.files.length, 26);
    t.ok(manifest.files.every((f) => /^[a-f0-9]{64}$/.test(f.sha256)));
    const dbFile = ctx.settings.dialect === 'sqlite' ? 'database.sqlite' : 'database.sql.gz';
    t.ok(manifest.files.some((f) => f.path === dbFile));
    const dbSize = manifest.files.find((f) => f.path === dbFile)?.size ?? -1;
    checkProgress(t, reports, 'database', dbSize, ctx.settings.dialect === 'mariadb');
    checkProgress(t, reports, 'uploads', 25);
  });

  await t.test('the next backup re-copies only new or changed uploads', async (t) => {
    const first = await handle.db.selectFrom('training_forms').select('id').orderBy('id').executeTakeFirstOrThrow();
    await addAttachment(c, first.id, randomBytes(5000));
    const outcome = await backup();
    t.match(outcome.run?.counts, { filesCopied: 1, filesLinked: 25, backupsRemoved: 0 });
    lastDir = (await store.list()).at(-1)?.dir ?? '';
  });

  await t.test('restore into an empty database gives back the same rows and byte-equal uploads', async (t) => {
    const target = await freshTarget(t, ctx.settings);
    const targetUploads = mkdtempSync(join(tmpdir(), 'tf-restore-up-'));
    t.teardown(() => rmSync(targetUploads, { recursive: true, force: true }));
    writeFileSync(join(targetUploads, 'stray.bin'), 'not in the backup');
    const reports: ProgressReport[] = [];
    const result = await store.restore(lastDir, {
      database: backupDbOf(target),
      uploadsDir: targetUploads,
      force: false,
      onProgress: (r) => reports.push(r),
    });
    t.equal(result.files, 26);
    checkProgress(t, reports, 'verify', 27);
    const dbSize = result.manifest.files.find((f) => f.path === result.manifest.databaseFile)?.size ?? -1;
    checkProgress(t, reports, 'database', dbSize, ctx.settings.dialect === 'mariadb');
    checkProgress(t, reports, 'uploads', 26);
    t.equal(result.removed, 1, 'a file not in the backup is removed');
    const restored = connectDatabase(target);
    t.teardown(() => restored.close());
    t.same(await dumpRows(restored.db), await dumpRows(handle.db), 'every table equal');
    const generation = (db: Kysely<Database>) =>
      db.selectFrom('matrix_generation').selectAll().executeTakeFirstOrThrow();
    const [source, back] = [await generation(handle.db), await generation(restored.db)];
    t.not(back.epoch, source.epoch, 'the matrix generation has a new epoch: no instance reuses a page it kept');
    t.equal(Number(back.generation), Number(source.generation) + 1, 'and its count moved on by one');
    t.same(filesOf(targetUploads), filesOf(uploads), 'uploads byte-equal');
    const runs = await restored.db.selectFrom('job_runs').select('status').execute();
    t.notOk(
      runs.some((r) => r.status === 'running'),
      'the backup run caught running in the snapshot is not left running',
    );
    t.same(await restored.db.selectFrom('job_locks').selectAll().execute(), [], 'no lock restored');
  });

  await t.test('restore refuses a database holding data without force, and overwrites it with force', async (t) => {
    const before = await dumpRows(handle.db);
    await t.rejects(
      store.restore(lastDir, { database: backupDbOf(ctx.settings), uploadsDir: uploads, force: false }),
      RestoreRefusedError,
    );
    t.same(await dumpRows(handle.db), before, 'unchanged');
    await handle.db.deleteFrom('training_form_trainees').execute();
    await handle.db.deleteFrom('audit_events').execute();
    writeFileSync(join(uploads, `${'f'.repeat(32)}.bin`), 'added after the backup');
    await handle.close(); // SQLite: the file is replaced; the app must be stopped
    await c.close();
    await store.restore(lastDir, { database: backupDbOf(ctx.settings), uploadsDir: uploads, force: true });
    const reopened = connectDatabase(ctx.settings);
    t.teardown(() => reopened.close());
    t.same(await dumpRows(reopened.db), before, 'rows back as they were');
    t.notOk(existsSync(join(uploads, `${'f'.repeat(32)}.bin`)));
  });

  await t.test('a corrupt, tampered or partial backup is refused before anything is touched', async (t) => {
    const target = await freshTarget(t, ctx.settings);
    const targetUploads = mkdtempSync(join(tmpdir(), 'tf-restore-up-'));
    t.teardown(() => rmSync(targetUploads, { recursive: true, force: true }));
    writeFileSync(join(targetUploads, 'keep.bin'), 'kept');
    const attempt = async (damage: (dir: string) => void, problem: RegExp) => {
      const copy = mkdtempSync(join(tmpdir(), 'tf-bad-backup-'));
      t.teardown(() => rmSync(copy, { recursive: true, force: true }));
      cpSync(lastDir, copy, { recursive: true });
      damage(copy);
      const error = await store
        .restore(copy, { database: backupDbOf(target), uploadsDir: targetUploads, force: true })
        .catch((e: unknown) => e);
      t.type(error, BackupInvalidError);
      t.match((error as BackupInvalidError).problems.join('\n'), problem);
      t.same(filesOf(targetUploads), { 'keep.bin': Buffer.from('kept') }, 'uploads untouched');
    };
    const anUpload = (dir: string) => join(dir, 'uploads', readdirSync(join(dir, 'uploads'))[3] ?? '');
    const dbFile = ctx.settings.dialect === 'sqlite' ? 'database.sqlite' : 'database.sql.gz';
    await attempt((d) => {
      const f = anUpload(d);
      const b = readFileSync(f);
      b[10] = (b[10] ?? 0) ^ 0xff;
      writeFileSync(f, b);
    }, /does not match its SHA-256/);
    await attempt(
      (d) => writeFileSync(join(d, dbFile), readFileSync(join(d, dbFile)).subarray(0, 1000)),
      /database\.s\w+(\.gz)? has 1000 bytes/,
    );
    await attempt((d) => rmSync(anUpload(d)), /is missing/);
    await attempt(
      (d) => writeFileSync(join(d, 'uploads', 'extra.bin'), 'x'),
      /uploads\/extra\.bin is not in the manifest/,
    );
    await attempt((d) => rmSync(join(d, 'manifest.json')), /never finished/);
    await attempt((d) => writeFileSync(join(d, 'manifest.json'), '{"format":'), /not valid JSON/);
    const check = connectDatabase(target);
    t.teardown(() => check.close());
    const tables = await check.db.introspection.getTables();
    t.equal(tables.length, 0, 'target database untouched');
  });

  await t.test('retention removes backups older than BACKUP_KEEP_DAYS but never the newest', async (t) => {
    const names = (await store.list()).map((b) => b.name);
    t.equal(names.length, 2);
    t.same(await store.prune({ keepDays: 14, now: new Date('2026-11-10T00:00:00Z') }), []);
    t.same(
      await store.prune({ keepDays: 14, now: new Date('2027-01-01T00:00:00Z'), dryRun: true }),
      [names[0]],
      'dry run lists the old one',
    );
    t.equal((await store.list()).length, 2);
    t.same(await store.prune({ keepDays: 14, now: new Date('2027-01-01T00:00:00Z') }), [names[0]]);
    t.same(
      (await store.list()).map((b) => b.name),
      [names[1]],
      'the newest stays',
    );
  });

  await t.test('the manifest keeps the audit chain head as an anchor `audit verify` accepts', async (t) => {
    // Its own composition: the restores above replaced the database under the first one.
    const env = await composeFor(ctx.settings, { clock });
    t.teardown(env.close);
    const { c } = env;
    const store = new FsBackupStore(c.config.jobs.backupFolder);
    const before = await new KyselyAuditChainReader(c.database.db).head();
    await c.uow.run((tx) =>
      tx.audit.record({
        occurredAt: clock.now(),
        actor: 'anna',
        action: 'update',
        entityType: 'training_form',
        entityId: '1',
        details: { changes: { title: { from: 'a', to: 'b' } } },
      }),
    );
    const head = await new KyselyAuditChainReader(c.database.db).head();
    t.equal(head?.seq, (before?.seq ?? 0) + 1);
    clock.advance(86_400_000);
    const outcome = await runNamedJob(maintenanceJobs(c), 'backup', { trigger: 'manual', log: silentLog });
    t.equal(outcome.status, 'succeeded', outcome.error ?? '');
    t.ok(
      outcome.result?.items?.includes(`audit chain head: ${head!.seq}:${head!.hash}`),
      'printed as --anchor takes it',
    );
    t.equal(outcome.run?.counts?.['auditChainSeq'], head!.seq);
    const manifest = await readManifest((await store.list()).at(-1)!.dir);
    t.same(manifest.auditChainHead, head);
    const verified = await verifyAuditTrail(ctx.settings, manifest.auditChainHead);
    t.equal(verified.report.broken, null, 'the live chain still holds the anchored head');
  });
});

await forEachDialect(t, async (t, handle, ctx) => {
  await t.test('a backup taken while writes continue restores to a consistent state', async (t) => {
    const env = await composeFor(ctx.settings);
    t.teardown(env.close);
    const { c } = env;
    await seedDatabase(handle.db, { forms: 2000, employees: 50, randomSeed: 3, now: new Date() });
    const employees = (
      await handle.db.selectFrom('employees').select('id').where('active', '=', 1).limit(3).execute()
    ).map((e) => e.id);
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await c.forms.create(
          {
            title: `Concurrent ${written}`,
            trainingType: 'Classroom',
            trainer: 'Ben',
            trainingDate: '2026-11-20',
            durationMinutes: 30,
            traineeIds: employees,
          },
          'writer',
        );
        written += 1;
        // better-sqlite3 is synchronous: yield so timers and the backup get their turn, as between real requests.
        await new Promise((r) => setImmediate(r));
      }
    })();
    while (written < 5) await new Promise((r) => setTimeout(r, 20));
    const before = written;
    const outcome = await runNamedJob(maintenanceJobs(c), 'backup', { trigger: 'manual', log: silentLog });
    const after = written;
    writing = false;
    await writer;
    t.equal(outcome.status, 'succeeded', outcome.error ?? '');
    t.ok(before > 0 && after > before, `writes continued during the backup (${after - before})`);
    const target = await freshTarget(t, ctx.settings);
    const up = mkdtempSync(join(tmpdir(), 'tf-restore-up-'));
    t.teardown(() => rmSync(up, { recursive: true, force: true }));
    const dir = (await new FsBackupStore(c.config.jobs.backupFolder).list()).at(-1)?.dir ?? '';
    await new FsBackupStore(c.config.jobs.backupFolder).restore(dir, {
      database: backupDbOf(target),
      uploadsDir: up,
      force: false,
    });
    const r = connectDatabase(target);
    t.teardown(() => r.close());
    const concurrent = await r.db
      .selectFrom('training_forms')
      .select('id')
      .where('created_by', '=', 'writer')
      .execute();
    t.ok(
      concurrent.length >= before && concurrent.length <= after,
      `snapshot holds ${concurrent.length} of the concurrent forms (${before}..${after})`,
    );
    const ids = concurrent.map((f) => f.id);
    const trainees = ids.length
      ? await r.db
          .selectFrom('training_form_trainees')
          .select('training_form_id')
          .where('training_form_id', 'in', ids)
          .execute()
      : [];
    t.equal(trainees.length, ids.length * 3, 'every form in the snapshot has all its trainees');
    const audits = await r.db.selectFrom('audit_events').select('entity_id').where('actor', '=', 'writer').execute();
    t.same(
      audits.map((a) => Number(a.entity_id)).sort((a, b) => a - b),
      ids.sort((a, b) => a - b),
      'exactly one audit event per form',
    );
  });
});

t.test('npm run restore: exit codes for refused, corrupt and restored', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-restore-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const settings = { dialect: 'sqlite' as const, path: join(dir, 'app.db') };
  const h = connectDatabase(settings);
  await migrateToLatest(h.db);
  await seedDatabase(h.db, { forms: 20, employees: 5, randomSeed: 1, now: new Date() });
  await h.close();
  const env = {
    ...process.env,
    APP_ENV: 'test',
    LOG_LEVEL: 'silent',
    USE_SQLITE: 'true',
    DB_PATH: settings.path,
    UPLOAD_FOLDER: join(dir, 'up'),
    BACKUP_FOLDER: join(dir, 'bk'),
  };
  const run = (script: string, ...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { env, encoding: 'utf8' });
  const made = run('ops/backup.ts');
  t.equal(made.status, 0, made.stderr);
  t.match(made.stdout, /backup created: \S+tf-backup-\d{8}T\d{6}Z/, 'says where (the deploy reads this line)');
  const name = readdirSync(join(dir, 'bk')).find((n) => n.startsWith('tf-backup-')) ?? '';
  const refused = run('ops/restore.ts', name);
  t.equal(refused.status, 3);
  t.match(refused.stderr, /REFUSED: The target database is not empty.*--yes/);
  const ok = run('ops/restore.ts', name, '--yes');
  t.equal(ok.status, 0, ok.stderr);
  t.match(ok.stdout, /checksums verified/);
  writeFileSync(join(dir, 'bk', name, 'database.sqlite'), 'garbage');
  const corrupt = run('ops/restore.ts', name, '--yes');
  t.equal(corrupt.status, 4);
  t.match(corrupt.stderr, /REFUSED: backup .* is corrupt or incomplete; nothing was changed/);
  const usage = run('ops/restore.ts');
  t.equal(usage.status, 2);

  // A deploy backs up before migrating: a database without job_runs can still be backed up.
  const older = { dialect: 'sqlite' as const, path: join(dir, 'older.db') };
  const o = connectDatabase(older);
  await migrateUpTo(o.db, '20261124080000_initial_schema');
  await o.close();
  const early = spawnSync(process.execPath, ['--import', 'tsx', 'ops/backup.ts'], {
    env: { ...env, DB_PATH: older.path },
    encoding: 'utf8',
  });
  t.equal(early.status, 0, early.stderr);
  t.match(early.stdout, /backup created: .*not recorded: the database has no job_runs table yet/s);
  const cleanupEarly = spawnSync(process.execPath, ['--import', 'tsx', 'ops/job.ts', 'cleanup'], {
    env: { ...env, DB_PATH: older.path },
    encoding: 'utf8',
  });
  t.equal(cleanupEarly.status, 1);
  t.match(cleanupEarly.stderr, /upgrade head/);
});

t.test(
  'MariaDB least-privilege users: the app user cannot dump; BACKUP_DB_USER (the migration user) can',
  async (t) => {
    if (!(await requireTarget(t, 'mariadb'))) return;
    const suffix = `${process.pid}_${randomBytes(2).toString('hex')}`;
    const names = { db: `tf_priv_${suffix}`, app: `tf_app_${suffix}`, mig: `tf_mig_${suffix}` };
    const init = `SET @app_password='app-password-123456', @migrator_password='mig-password-123456', @db_name='${names.db}', @app_user='${names.app}', @migrator_user='${names.mig}', @user_host='%'`;
    const setup = spawnSync(
      'mariadb',
      ['-h', MARIADB.host, '-P', String(MARIADB.port), '-u', MARIADB.user, `--init-command=${init}`],
      {
        input: readFileSync('ops/sql/setup_mariadb_production.sql', 'utf8'),
        encoding: 'utf8',
        env: { ...process.env, MYSQL_PWD: MARIADB.password },
      },
    );
    t.equal(setup.status, 0, setup.stderr);
    t.teardown(() => {
      spawnSync(
        'mariadb',
        [
          '-h',
          MARIADB.host,
          '-P',
          String(MARIADB.port),
          '-u',
          MARIADB.user,
          '-e',
          `drop database if exists ${names.db}; drop user if exists '${names.app}'@'%'; drop user if exists '${names.mig}'@'%'`,
        ],
        { env: { ...process.env, MYSQL_PWD: MARIADB.password } },
      );
    });
    const asRoot = connectDatabase({
      dialect: 'mariadb',
      ...MARIADB,
      database: names.db,
      connectionLimit: 2,
      connectTimeoutMs: 5000,
    });
    await migrateToLatest(asRoot.db);
    await seedDatabase(asRoot.db, { forms: 50, employees: 10, randomSeed: 2, now: new Date() });
    const app = {
      dialect: 'mariadb' as const,
      ...MARIADB,
      user: names.app,
      password: 'app-password-123456',
      database: names.db,
      connectionLimit: 5,
      connectTimeoutMs: 5000,
    };
    const plain = await composeFor(app);
    t.teardown(plain.close);
    const denied = await runNamedJob(maintenanceJobs(plain.c), 'backup', { trigger: 'manual', log: silentLog });
    t.equal(denied.status, 'failed', 'the application user lacks EVENT/SHOW rights for a dump');
    t.match(denied.error, /mariadb-dump exited with \d+: .*Access denied/);
    const withBackupUser = await composeFor(app, {
      env: { BACKUP_DB_USER: names.mig, BACKUP_DB_PASSWORD: 'mig-password-123456' },
    });
    t.teardown(withBackupUser.close);
    const ok = await runNamedJob(maintenanceJobs(withBackupUser.c), 'backup', { trigger: 'manual', log: silentLog });
    t.equal(ok.status, 'succeeded', ok.error ?? '');
    const before = await dumpRows(asRoot.db);
    const dir = (await new FsBackupStore(withBackupUser.c.config.jobs.backupFolder).list()).at(-1)?.dir ?? '';
    await new FsBackupStore(withBackupUser.c.config.jobs.backupFolder).restore(dir, {
      database: {
        dialect: 'mariadb',
        host: MARIADB.host,
        port: MARIADB.port,
        user: names.mig,
        password: 'mig-password-123456',
        database: names.db,
      },
      uploadsDir: withBackupUser.c.config.uploadFolder,
      force: true,
    });
    t.same(await dumpRows(asRoot.db), before, 'the migration user restores it');
    await asRoot.close();
  },
);
