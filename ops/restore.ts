import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { BackupDatabase } from '../src/adapters/backup/database-dumper.ts';
import { FsBackupStore, RestoreRefusedError } from '../src/adapters/backup/fs-backup-store.ts';
import { BackupInvalidError } from '../src/adapters/backup/manifest.ts';
import { ConfigError, loadConfig } from '../src/app/config.ts';

/**
 * `npm run restore -- <backup> [--yes]`: puts the database and uploads of a backup back into the
 * configured database and upload folder. `<backup>` is a folder path or a backup name inside
 * BACKUP_FOLDER. Every checksum is verified before anything is touched; a database holding data is
 * overwritten only with --yes. Stop the application first.
 * Exit 0 restored, 1 failed, 2 usage, 3 refused (not empty, no --yes), 4 backup corrupt or partial.
 */
const USAGE = 'usage: npm run restore -- <backup folder or name> [--yes]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { yes: { type: 'boolean', default: false } }, allowPositionals: true });
  if (positionals.length !== 1 || !positionals[0]) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const arg = positionals[0];
  const dir = isAbsolute(arg) || arg.includes('/') ? resolve(arg) : join(config.jobs.backupFolder, arg);
  const s = config.database;
  if (s.dialect === 'sqlite' && s.path === ':memory:') throw new ConfigError('Invalid configuration: DB_PATH is :memory:; nothing to restore into');
  const database: BackupDatabase =
    s.dialect === 'sqlite'
      ? { dialect: 'sqlite', path: s.path }
      : {
          dialect: 'mariadb',
          host: s.host,
          port: s.port,
          user: config.jobs.backupDbUser ?? s.user,
          password: config.jobs.backupDbUser ? (config.jobs.backupDbPassword ?? '') : s.password,
          database: s.database,
        };
  const target = s.dialect === 'sqlite' ? s.path : `${s.host}:${s.port}/${s.database}`;
  console.log(`restoring ${dir}\n  into ${s.dialect} ${target} and ${config.uploadFolder} (APP_ENV=${config.appEnv})`);
  const started = performance.now();
  const result = await new FsBackupStore(config.jobs.backupFolder).restore(dir, { database, uploadsDir: config.uploadFolder, force: values.yes });
  console.log(`  checksums verified; database restored; ${result.files} upload file(s) restored, ${result.removed} removed`);
  console.log(`restored backup ${result.manifest.name} (taken ${result.manifest.createdAt}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof BackupInvalidError) {
      console.error(`REFUSED: backup ${error.backup} is corrupt or incomplete; nothing was changed:`);
      for (const p of error.problems) console.error(`  - ${p}`);
      process.exit(4);
    }
    if (error instanceof RestoreRefusedError) {
      console.error(`REFUSED: ${error.message}`);
      process.exit(3);
    }
    console.error(error instanceof ConfigError ? error.message : `restore failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
