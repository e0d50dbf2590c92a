import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FsBackupStore } from '../src/adapters/backup/fs-backup-store.ts';
import { connectDatabase, type DatabaseSettings } from '../src/adapters/db/connection/connect.ts';
import { chunk, toDbTime } from '../src/adapters/db/connection/db-values.ts';
import { migrateToLatest } from '../src/adapters/db/migrator/migrations.ts';
import { seedDatabase } from '../src/adapters/db/seed/seed-database.ts';
import { createMariadbDatabase } from '../test/helpers/mariadb.ts';

/**
 * `node --import tsx bench/jobs-backup.ts [--forms 100000] [--upload-mb 1024] [--file-kb 512]`:
 * backup (full, then incremental) and restore of a seeded database with random (incompressible)
 * upload files, on SQLite and MariaDB, with the share of time spent on the database and the files.
 */
const { values } = parseArgs({
  options: {
    forms: { type: 'string', default: '100000' },
    'upload-mb': { type: 'string', default: '1024' },
    'file-kb': { type: 'string', default: '512' },
  },
});
const forms = Number(values.forms);
const fileBytes = Number(values['file-kb']) * 1024;
const files = Math.round((Number(values['upload-mb']) * 1024 * 1024) / fileBytes);
const s = (ms: number) => (ms / 1000).toFixed(1);
const mb = (b: number) => (b / 1024 / 1024).toFixed(0);

console.log(`${forms} forms, ${files} upload files of ${values['file-kb']} KB (${mb(files * fileBytes)} MB)\n`);
console.log('| dialect | step | total s | database s | files s | notes |\n| --- | --- | --- | --- | --- | --- |');
for (const dialect of ['sqlite', 'mariadb'] as const) {
  const dir = mkdtempSync(join(tmpdir(), 'tf-bench-backup-'));
  const maria = dialect === 'mariadb' ? await createMariadbDatabase('tf_bench_src') : null;
  const target = dialect === 'mariadb' ? await createMariadbDatabase('tf_bench_dst') : null;
  try {
    const settings: DatabaseSettings = maria ? maria.settings : { dialect: 'sqlite', path: join(dir, 'bench.db') };
    const h = connectDatabase(settings);
    await migrateToLatest(h.db);
    await seedDatabase(h.db, { forms, employees: 2000, randomSeed: 1, now: new Date() });
    const uploads = join(dir, 'uploads');
    mkdirSync(uploads);
    const ids = (await h.db.selectFrom('training_forms').select('id').orderBy('id').limit(files).execute()).map(
      (r) => r.id,
    );
    const rows = [];
    for (let i = 0; i < files; i++) {
      const name = `${randomBytes(16).toString('hex')}.bin`;
      writeFileSync(join(uploads, name), randomBytes(fileBytes));
      rows.push({
        training_form_id: ids[i % ids.length] as number,
        stored_name: name,
        original_name: `scan-${i}.pdf`,
        content_type: 'application/pdf',
        size_bytes: fileBytes,
        sha256: '0'.repeat(64),
        uploaded_by: 'bench',
        uploaded_at: toDbTime(new Date()),
      });
    }
    for (const part of chunk(rows, 500)) await h.db.insertInto('attachments').values(part).execute();
    const database =
      settings.dialect === 'sqlite' ? { dialect: 'sqlite' as const, path: settings.path, db: h.db } : { ...settings };
    const store = new FsBackupStore(join(dir, 'backups'));

    let t0 = performance.now();
    const full = await store.create({ database, uploadsDir: uploads, now: new Date() });
    let total = performance.now() - t0;
    console.log(
      `| ${dialect} | backup (full) | ${s(total)} | ${s(full.databaseMs)} | ${s(full.filesMs)} | database file ${mb(full.databaseBytes)} MB; ${full.filesCopied} files copied (${mb(full.bytesCopied)} MB) |`,
    );

    t0 = performance.now();
    const incremental = await store.create({ database, uploadsDir: uploads, now: new Date(Date.now() + 1000) });
    total = performance.now() - t0;
    console.log(
      `| ${dialect} | backup (next night, uploads unchanged) | ${s(total)} | ${s(incremental.databaseMs)} | ${s(incremental.filesMs)} | ${incremental.filesLinked} files hard-linked, ${incremental.filesCopied} copied |`,
    );

    const restoreDb: DatabaseSettings = target
      ? target.settings
      : { dialect: 'sqlite', path: join(dir, 'restored.db') };
    t0 = performance.now();
    const restored = await store.restore(incremental.dir, {
      database: restoreDb.dialect === 'sqlite' ? { dialect: 'sqlite', path: restoreDb.path } : { ...restoreDb },
      uploadsDir: join(dir, 'restored-uploads'),
      force: false,
    });
    total = performance.now() - t0;
    const { verifyMs, databaseMs, filesMs } = restored.timings;
    console.log(
      `| ${dialect} | restore | ${s(total)} | ${s(databaseMs)} | ${s(filesMs)} | + checksum verification of every file first: ${s(verifyMs)} s |`,
    );
    await h.close();
  } finally {
    await maria?.drop();
    await target?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
