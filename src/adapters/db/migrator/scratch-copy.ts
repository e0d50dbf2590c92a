import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { CHARACTER_SET } from '../../../declared-schema/define.ts';
import { connectDatabase, type DatabaseHandle, type DatabaseSettings } from '../connection/connect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- copies any schema, bookkeeping included
type AnyDb = Kysely<any>;

/** The migration bookkeeping copied with the structure, so the copy has the same migrations applied. */
const BOOKKEEPING = ['kysely_migration', 'schema_migration_checksum'] as const;

/** Appended to a MariaDB database's name for its copy; the migration user needs rights on it. */
export const SCRATCH_SUFFIX = '_rehearsal';

/** A scratch database holding a copy of another one's structure; `drop()` removes it. */
export interface ScratchCopy {
  readonly settings: DatabaseSettings;
  drop(): Promise<void>;
}

/**
 * Copies the structure of `source` (tables with their columns, keys, indexes, foreign keys,
 * character sets; SQLite triggers and views too) and its migration bookkeeping rows into a new
 * scratch database, without any data row. A rehearsal applies pending migrations there and checks
 * the result, so the live database is never touched.
 *
 * - SQLite: a new file in a temporary folder, built from `sqlite_schema`.
 * - MariaDB: the database `<name>_rehearsal` on the same server (dropped first if a crashed run
 *   left it), built from `SHOW CREATE TABLE`, with the source's default character set.
 */
export async function createScratchCopy(source: DatabaseHandle, settings: DatabaseSettings): Promise<ScratchCopy> {
  const copy = settings.dialect === 'sqlite' ? sqliteCopy() : await mariadbCopy(source.db, settings);
  const target = connectDatabase(copy.settings);
  try {
    if (settings.dialect === 'sqlite') await copySqliteStructure(source.db, target.db);
    else await copyMariadbStructure(source.db, target.db);
    await copyBookkeeping(source.db, target.db);
  } catch (error) {
    await target.close();
    await copy.drop();
    throw error;
  }
  await target.close();
  return copy;
}

function sqliteCopy(): ScratchCopy {
  const dir = mkdtempSync(join(tmpdir(), 'tf-rehearsal-'));
  return {
    settings: { dialect: 'sqlite', path: join(dir, 'rehearsal.db') },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function mariadbCopy(source: AnyDb, s: Extract<DatabaseSettings, { dialect: 'mariadb' }>): Promise<ScratchCopy> {
  const name = `${s.database}${SCRATCH_SUFFIX}`;
  if (name.length > 64)
    throw new Error(`cannot name a scratch copy of ${s.database}: ${name} is longer than MariaDB's 64 characters`);
  const { rows } = await sql<{ cs: string; co: string }>`
    select default_character_set_name as cs, default_collation_name as co from information_schema.schemata where schema_name = database()`.execute(
    source,
  );
  const charset = rows[0] ?? { cs: CHARACTER_SET.characterSet, co: CHARACTER_SET.collation };
  // A crashed earlier run may have left its copy.
  await sql`drop database if exists ${sql.id(name)}`.execute(source);
  await sql`create database ${sql.id(name)} character set ${sql.raw(charset.cs)} collate ${sql.raw(charset.co)}`.execute(
    source,
  );
  // The source handle is closed by the time the copy is dropped: the drop opens its own.
  const drop = async () => {
    const h = connectDatabase({ ...s, connectionLimit: 1 });
    try {
      await sql`drop database if exists ${sql.id(name)}`.execute(h.db);
    } finally {
      await h.close();
    }
  };
  return { settings: { ...s, database: name, connectionLimit: 2 }, drop };
}

async function copySqliteStructure(source: AnyDb, target: AnyDb): Promise<void> {
  // Tables first, then indexes, views and triggers, each in the order they were created.
  const { rows } = await sql<{ name: string; sql: string }>`
    select name, sql from sqlite_schema where sql is not null and name not like 'sqlite_%'
    order by case type when 'table' then 0 when 'index' then 1 when 'view' then 2 else 3 end, rowid`.execute(source);
  // A virtual table (an FTS5 full-text index) creates its own shadow tables (`<name>_data`, ...).
  const virtual = rows.filter((r) => /^create\s+virtual\s+table/i.test(r.sql)).map((r) => r.name);
  const shadow = (name: string) =>
    virtual.some((v) => name.startsWith(v) && /^_(data|idx|content|docsize|config)$/.test(name.slice(v.length)));
  for (const r of rows) if (!shadow(r.name)) await sql.raw(r.sql).execute(target);
}

async function copyMariadbStructure(source: AnyDb, target: AnyDb): Promise<void> {
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = database() and table_type = 'BASE TABLE' order by table_name`.execute(source);
  await target.connection().execute(async (conn) => {
    // Foreign keys may name tables created later in this loop.
    await sql`set foreign_key_checks = 0`.execute(conn);
    for (const t of tables) {
      const { rows } = await sql<Record<string, string>>`show create table ${sql.id(t.name)}`.execute(source);
      const ddl = rows[0]?.['Create Table'];
      if (!ddl) throw new Error(`SHOW CREATE TABLE ${t.name} returned no definition`);
      await sql.raw(ddl).execute(conn);
    }
    await sql`set foreign_key_checks = 1`.execute(conn);
  });
}

async function copyBookkeeping(source: AnyDb, target: AnyDb): Promise<void> {
  const present = new Set(
    (await source.introspection.getTables({ withInternalKyselyTables: true })).map((t) => t.name),
  );
  for (const table of BOOKKEEPING) {
    if (!present.has(table)) continue; // a database no migration ran on yet
    const rows: Record<string, unknown>[] = await source.selectFrom(table).selectAll().execute();
    if (rows.length > 0) await target.insertInto(table).values(rows).execute();
  }
}
