import { sql, SqliteAdapter, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
type AnyDb = Kysely<any>;

/**
 * Full-text indexes, one call for both dialects. SQLite: an FTS5 virtual table named after the
 * index, reading its text from the table (external content, no copy of the text) and kept in step
 * by three triggers (`<name>_ai`, `<name>_ad`, `<name>_au`). MariaDB: an InnoDB FULLTEXT index.
 * The schema checker compares a live database with {@link sqliteFullTextTriggers}: change the SQL
 * here only by adding new functions (applied migrations and the checker depend on it).
 */

/** FTS5's tokenizer: Unicode words, case and accents folded (as utf8mb4_unicode_ci does on MariaDB). */
export const FTS5_TOKENIZER = 'unicode61 remove_diacritics 2';

/** The tables FTS5 creates beside a virtual table (`<name>_data`, ...): part of the index, not the schema. */
export const FTS5_SHADOW_SUFFIXES = ['_data', '_idx', '_content', '_docsize', '_config'] as const;

const q = (id: string) => `"${id.replaceAll('"', '""')}"`;

/** The `create virtual table` statement of a full-text index on SQLite. */
export function sqliteFullTextTable(table: string, name: string, columns: readonly string[]): string {
  const cols = columns.map(q).join(', ');
  return `CREATE VIRTUAL TABLE ${q(name)} using fts5(${cols}, content=${q(table)}, tokenize='${FTS5_TOKENIZER}')`;
}

/**
 * The three triggers keeping an FTS5 index in step with its table, by name (SQLite stores the text
 * as written, with `CREATE TRIGGER` upper-cased).
 */
export function sqliteFullTextTriggers(
  table: string,
  name: string,
  columns: readonly string[],
): { readonly name: string; readonly sql: string }[] {
  const cols = columns.map(q).join(', ');
  const values = (row: 'new' | 'old') => columns.map((c) => `${row}.${q(c)}`).join(', ');
  const insert = `insert into ${q(name)} (rowid, ${cols}) values (new.rowid, ${values('new')});`;
  const remove = `insert into ${q(name)} (${q(name)}, rowid, ${cols}) values ('delete', old.rowid, ${values('old')});`;
  const trigger = (suffix: string, event: string, body: string) => ({
    name: `${name}${suffix}`,
    sql: `CREATE TRIGGER ${q(`${name}${suffix}`)} after ${event} on ${q(table)} begin ${body} end`,
  });
  return [
    trigger('_ai', 'insert', insert),
    trigger('_ad', 'delete', remove),
    trigger('_au', 'update', `${remove} ${insert}`),
  ];
}

const isSqlite = (db: AnyDb) => db.getExecutor().adapter instanceof SqliteAdapter;

/** Creates a full-text index over `columns` of `table` and indexes the rows already there. */
export async function createFullTextIndex(
  db: AnyDb,
  table: string,
  name: string,
  columns: readonly string[],
): Promise<void> {
  if (!isSqlite(db)) {
    await sql`create fulltext index ${sql.id(name)} on ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})`.execute(
      db,
    );
    return;
  }
  await sql.raw(sqliteFullTextTable(table, name, columns)).execute(db);
  for (const trigger of sqliteFullTextTriggers(table, name, columns)) await sql.raw(trigger.sql).execute(db);
  await sql.raw(`insert into ${q(name)} (${q(name)}) values ('rebuild')`).execute(db);
}

/** Drops a full-text index (on SQLite its virtual table, which takes its shadow tables, and its triggers). */
export async function dropFullTextIndex(db: AnyDb, table: string, name: string): Promise<void> {
  if (!isSqlite(db)) {
    await sql`drop index ${sql.id(name)} on ${sql.table(table)}`.execute(db);
    return;
  }
  for (const suffix of ['_ai', '_ad', '_au'])
    await sql.raw(`drop trigger if exists ${q(`${name}${suffix}`)}`).execute(db);
  await sql.raw(`drop table if exists ${q(name)}`).execute(db);
}
