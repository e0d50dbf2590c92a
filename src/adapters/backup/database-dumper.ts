import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';

/** The database a backup reads from or a restore writes to. */
export type BackupDatabase =
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: backups copy whatever is there
  | { readonly dialect: 'sqlite'; readonly path: string; readonly db?: Kysely<any> }
  | {
      readonly dialect: 'mariadb';
      readonly host: string;
      readonly port: number;
      readonly user: string;
      readonly password: string;
      readonly database: string;
    };

export const databaseFileName = (dialect: 'sqlite' | 'mariadb') =>
  dialect === 'sqlite' ? 'database.sqlite' : 'database.sql.gz';

/**
 * Writes a consistent copy of the database to `file`. SQLite: `VACUUM INTO` (one read transaction,
 * so writers carry on and the copy is a single point in time). MariaDB: `mariadb-dump
 * --single-transaction` (a consistent InnoDB snapshot without locking writers), gzip-compressed,
 * telling `onBytes` the bytes written so far (SQLite's one statement tells nothing on the way).
 */
export async function dumpDatabase(
  target: BackupDatabase,
  file: string,
  onBytes?: (bytes: number) => void,
): Promise<void> {
  if (target.dialect === 'sqlite') {
    if (target.db) {
      await sql`vacuum into ${file}`.execute(target.db);
      return;
    }
    const conn = new SQLite(target.path, { readonly: true, fileMustExist: true });
    try {
      conn.prepare('vacuum into ?').run(file);
    } finally {
      conn.close();
    }
    return;
  }
  await withOptionFile(target, async (optionFile) => {
    const child = spawn(
      'mariadb-dump',
      [
        `--defaults-extra-file=${optionFile}`,
        '--single-transaction',
        '--routines',
        '--triggers',
        '--events',
        '--hex-blob',
        '--skip-dump-date',
        target.database,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const stderr = collect(child.stderr);
    const exited = exitCode(child);
    await pipeline(child.stdout, createGzip({ level: 6 }), counter(onBytes), createWriteStream(file));
    const code = await exited;
    if (code !== 0) throw new Error(`mariadb-dump exited with ${code}: ${(await stderr).trim().slice(0, 500)}`);
  });
}

/**
 * Replaces the target database with the dump in `file`. SQLite: the file is copied beside the
 * target and renamed over it (its -wal/-shm removed); the application must be stopped. MariaDB:
 * every table of the target database is dropped, then the dump is loaded with the `mariadb` client,
 * telling `onBytes` the bytes of `file` read so far.
 */
export async function restoreDatabase(
  target: BackupDatabase,
  file: string,
  onBytes?: (bytes: number) => void,
): Promise<void> {
  if (target.dialect === 'sqlite') {
    const temp = `${target.path}.restoring`;
    await copyFile(file, temp);
    for (const suffix of ['-wal', '-shm', '-journal']) await rm(`${target.path}${suffix}`, { force: true });
    await rename(temp, target.path);
    const conn = new SQLite(target.path);
    try {
      conn.exec(
        AFTER_RESTORE.filter((q) => conn.prepare('select 1 from sqlite_schema where name = ?').get(q.table))
          .map((q) => q.sql)
          .join(';'),
      );
    } finally {
      conn.close();
    }
    return;
  }
  await withOptionFile(target, async (optionFile) => {
    const tables = (
      await runMariadb(
        optionFile,
        target.database,
        [],
        'select table_name from information_schema.tables where table_schema = database()',
      )
    )
      .split('\n')
      .map((t) => t.trim())
      .filter(Boolean);
    if (tables.length > 0) {
      const drop = `set foreign_key_checks = 0; ${tables.map((t) => `drop table if exists \`${t.replace(/`/g, '``')}\`;`).join(' ')}`;
      await runMariadb(optionFile, target.database, [], drop);
    }
    const child = spawn('mariadb', [`--defaults-extra-file=${optionFile}`, target.database], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const stderr = collect(child.stderr);
    const exited = exitCode(child);
    await pipeline(createReadStream(file), counter(onBytes), createGunzip(), child.stdin);
    const code = await exited;
    if (code !== 0) throw new Error(`mariadb (restore) exited with ${code}: ${(await stderr).trim().slice(0, 500)}`);
    const present = await runMariadb(
      optionFile,
      target.database,
      [],
      'select table_name from information_schema.tables where table_schema = database()',
    );
    const fixes = AFTER_RESTORE.filter((q) => present.split('\n').includes(q.table)).map((q) => q.sql);
    if (fixes.length > 0) await runMariadb(optionFile, target.database, [], fixes.join(';'));
  });
}

/**
 * The backup snapshot was taken while the backup job held its lock and its run was `running`:
 * in the restored database nobody holds that lock and that run never finishes. The training
 * matrix's generation gets a new epoch: instances still running keep pages by (epoch, generation),
 * and the restored count may equal one they kept from other data (docs/pages.md).
 */
const AFTER_RESTORE = [
  {
    table: 'matrix_generation',
    get sql() {
      return `update matrix_generation set epoch = '${randomBytes(8).toString('hex')}', generation = generation + 1`;
    },
  },
  { table: 'job_locks', sql: 'delete from job_locks' },
  {
    table: 'job_runs',
    sql: "update job_runs set status = 'interrupted', error = 'Still running when the backup was taken; restored from that backup.' where status = 'running'",
  },
];

/** Whether the database holds any row outside Kysely's migration bookkeeping (a missing SQLite file is empty). */
export async function databaseHasRows(target: BackupDatabase): Promise<boolean> {
  if (target.dialect === 'sqlite') {
    let conn: SQLite.Database;
    try {
      conn = new SQLite(target.path, { readonly: true, fileMustExist: true });
    } catch {
      return false;
    }
    try {
      const tables = conn
        .prepare(
          "select name from sqlite_schema where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'",
        )
        .all() as { name: string }[];
      return tables.some(
        (t) =>
          (conn.prepare(`select exists(select 1 from "${t.name.replace(/"/g, '""')}") as x`).get() as { x: number })
            .x === 1,
      );
    } finally {
      conn.close();
    }
  }
  return withOptionFile(target, async (optionFile) => {
    const tables = (
      await runMariadb(
        optionFile,
        target.database,
        [],
        "select table_name from information_schema.tables where table_schema = database() and table_type = 'BASE TABLE' and table_name not like 'kysely\\_%'",
      )
    )
      .split('\n')
      .map((t) => t.trim())
      .filter(Boolean);
    if (tables.length === 0) return false;
    const query = tables.map((t) => `select exists(select 1 from \`${t.replace(/`/g, '``')}\`)`).join(' union all ');
    return (await runMariadb(optionFile, target.database, [], query)).split('\n').some((v) => v.trim() === '1');
  });
}

/** Credentials go in a private option file, never on the command line (where `ps` shows them). */
async function withOptionFile<T>(
  target: Extract<BackupDatabase, { dialect: 'mariadb' }>,
  work: (file: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'tf-mariadb-'));
  const file = join(dir, 'client.cnf');
  const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  await writeFile(
    file,
    `[client]\nhost=${quote(target.host)}\nport=${target.port}\nuser=${quote(target.user)}\npassword=${quote(target.password)}\nprotocol=tcp\n`,
    { mode: 0o600 },
  );
  try {
    return await work(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runMariadb(optionFile: string, database: string, args: string[], statement: string): Promise<string> {
  const child = spawn(
    'mariadb',
    [`--defaults-extra-file=${optionFile}`, '--batch', '--skip-column-names', ...args, database, '-e', statement],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const [out, err, code] = await Promise.all([collect(child.stdout), collect(child.stderr), exitCode(child)]);
  if (code !== 0) throw new Error(`mariadb exited with ${code}: ${err.trim().slice(0, 500)}`);
  return out;
}

/** Passes bytes through unchanged, telling `onBytes` how many have passed. */
function counter(onBytes?: (bytes: number) => void): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      onBytes?.(bytes);
      done(null, chunk);
    },
  });
}

function collect(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });
}

function exitCode(child: ReturnType<typeof spawn>): Promise<number> {
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}
