import { sql, type Kysely } from 'kysely';
import { normaliseDefault, normaliseFkAction, normaliseType } from './normalisation-rules.ts';
import {
  INTERNAL_TABLES,
  type ColumnModel,
  type ForeignKeyModel,
  type FullTextIndexModel,
  type IndexModel,
  type SchemaModel,
  type TableModel,
} from './schema-model.ts';
import { FTS5_SHADOW_SUFFIXES } from '../../../db/helpers/full-text.ts';

interface ColumnRow {
  tbl: string;
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
  hidden: number;
}
interface IndexRow {
  tbl: string;
  name: string;
  unique: number;
  origin: string;
  seqno: number;
  col: string | null;
}
interface FkRow {
  tbl: string;
  sql: string;
  id: number;
  seq: number;
  table: string;
  from: string;
  to: string | null;
  on_update: string;
  on_delete: string;
}

const ident = String.raw`(?:"((?:[^"]|"")+)"|\x60([^\x60]+)\x60|\[([^\]]+)\]|(\w+))`;
const FK_NAME = new RegExp(String.raw`constraint\s+${ident}\s+foreign\s+key\s*\(([^)]*)\)`, 'gi');
const unquote = (s: string) =>
  s
    .trim()
    .replace(/^["`[]|["`\]]$/g, '')
    .replaceAll('""', '"');

/** Constraint names by their column list (SQLite's pragmas do not report foreign-key names). */
function foreignKeyNames(createSql: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of createSql.matchAll(FK_NAME)) {
    const name = m[1] ?? m[2] ?? m[3] ?? m[4] ?? '';
    names.set((m[5] ?? '').split(',').map(unquote).join(','), name.replaceAll('""', '"'));
  }
  return names;
}

/**
 * Reads a SQLite database into the canonical model: Kysely's introspection for tables, columns,
 * nullability and auto-increment, completed by `pragma_table_xinfo`, `pragma_index_list`,
 * `pragma_index_info` and `pragma_foreign_key_list` (four queries in all, whatever the size).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- introspects any database
export async function introspectSqlite(db: Kysely<any>): Promise<SchemaModel> {
  const fullText = await readFullTextIndexes(db);
  const notTables = new Set(
    fullText.flatMap((f) => [f.index.name, ...FTS5_SHADOW_SUFFIXES.map((s) => `${f.index.name}${s}`)]),
  );
  const tables = (await db.introspection.getTables()).filter(
    (t) => !t.isView && !INTERNAL_TABLES.includes(t.name) && !notTables.has(t.name),
  );
  const { rows: triggerRows } = await sql<{ name: string; tbl: string; sql: string }>`
    select name, tbl_name as tbl, sql from sqlite_schema where type = 'trigger' order by name`.execute(db);
  const { rows: columnRows } =
    await sql<ColumnRow>`select m.name as tbl, c.name, c.type, c."notnull", c.dflt_value, c.pk, c.hidden
    from sqlite_schema m, pragma_table_xinfo(m.name) c where m.type = 'table' order by m.name, c.cid`.execute(db);
  const { rows: indexRows } =
    await sql<IndexRow>`select m.name as tbl, il.name, il."unique", il.origin, ii.seqno, ii.name as col
    from sqlite_schema m, pragma_index_list(m.name) il, pragma_index_info(il.name) ii where m.type = 'table' order by m.name, il.name, ii.seqno`.execute(
      db,
    );
  const { rows: fkRows } =
    await sql<FkRow>`select m.name as tbl, m.sql, fk.id, fk.seq, fk."table", fk."from", fk."to", fk.on_update, fk.on_delete
    from sqlite_schema m, pragma_foreign_key_list(m.name) fk where m.type = 'table' order by m.name, fk.id, fk.seq`.execute(
      db,
    );

  const result: Record<string, TableModel> = {};
  for (const table of tables) {
    const raw = columnRows.filter((c) => c.tbl === table.name && c.hidden === 0);
    const primaryKey = raw
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    const columns: Record<string, ColumnModel> = {};
    for (const c of raw) {
      const kysely = table.columns.find((k) => k.name === c.name);
      const type = normaliseType('sqlite', c.type).value;
      columns[c.name] = {
        type,
        // rule sqlite-pk-not-null
        nullable: c.notnull === 0 && c.pk === 0,
        default: normaliseDefault('sqlite', c.dflt_value, type).value,
        // rule sqlite-integer-pk-autoincrement (Kysely's own reading)
        autoIncrement: kysely?.isAutoIncrementing ?? false,
      };
    }
    const indexes = new Map<string, IndexModel & { columns: string[] }>();
    for (const i of indexRows.filter((r) => r.tbl === table.name && r.origin !== 'pk')) {
      const entry = indexes.get(i.name) ?? { name: i.name, columns: [], unique: i.unique === 1 };
      entry.columns.push(i.col ?? '(expression)');
      indexes.set(i.name, entry);
    }
    const fks = new Map<number, ForeignKeyModel & { columns: string[]; referencedColumns: string[] }>();
    for (const f of fkRows.filter((r) => r.tbl === table.name)) {
      const entry = fks.get(f.id) ?? {
        name: null,
        columns: [],
        referencedTable: f.table,
        referencedColumns: [],
        onDelete: normaliseFkAction('sqlite', f.on_delete),
        onUpdate: normaliseFkAction('sqlite', f.on_update),
      };
      entry.columns.push(f.from);
      entry.referencedColumns.push(f.to ?? '(primary key)');
      fks.set(f.id, entry);
    }
    const names = foreignKeyNames(fkRows.find((r) => r.tbl === table.name)?.sql ?? '');
    result[table.name] = {
      columns,
      primaryKey,
      indexes: [...indexes.values()],
      foreignKeys: [...fks.values()].reverse().map((fk) => ({ ...fk, name: names.get(fk.columns.join(',')) ?? null })),
      fullTextIndexes: fullText.filter((f) => f.table === table.name).map((f) => f.index),
      triggers: Object.fromEntries(triggerRows.filter((r) => r.tbl === table.name).map((r) => [r.name, r.sql])),
    };
  }
  return { tables: result };
}

const FTS5 = /^create\s+virtual\s+table\s+\S+\s+using\s+fts5\s*\((.*)\)\s*$/is;

/**
 * The FTS5 tables (full-text indexes): columns, tokenizer and content table from their `create
 * virtual table` text, and their row count (`<name>_docsize` has one row per indexed row) against
 * their table's. Two counts per index.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- introspects any database
async function readFullTextIndexes(db: Kysely<any>): Promise<{ table: string; index: FullTextIndexModel }[]> {
  const { rows } = await sql<{ name: string; sql: string }>`
    select name, sql from sqlite_schema where type = 'table' and sql like 'create virtual table%' order by name`.execute(
    db,
  );
  const found: { table: string; index: FullTextIndexModel }[] = [];
  for (const r of rows) {
    const args = FTS5.exec(r.sql)?.[1];
    if (args === undefined) continue;
    const columns: string[] = [];
    const options: Record<string, string> = {};
    for (const arg of args.split(',').map((a) => a.trim())) {
      const option = /^(\w+)\s*=\s*(.*)$/s.exec(arg);
      if (option) options[(option[1] ?? '').toLowerCase()] = stripQuotes(option[2] ?? '');
      else columns.push(stripQuotes(arg));
    }
    const table = options.content;
    if (table === undefined) continue; // an FTS5 table of its own, not an index of a table: an extra table
    const [indexed, rowCount] = [await countRows(db, `${r.name}_docsize`), await countRows(db, table)];
    const index = { name: r.name, columns, tokenizer: options.tokenize ?? 'unicode61' };
    found.push({ table, index: indexed === rowCount ? index : { ...index, outOfStep: { indexed, table: rowCount } } });
  }
  return found;
}

/** `"a""b"` → `a"b`, `'x y'` → `x y`, `name` → `name`. */
function stripQuotes(s: string): string {
  const m = /^(["'`])(.*)\1$/s.exec(s.trim());
  return m ? (m[2] ?? '').replaceAll(`${m[1]}${m[1]}`, m[1] ?? '') : s.trim();
}

/** A table's row count, or -1 when it cannot be read (a content table that is gone). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- introspects any database
async function countRows(db: Kysely<any>, table: string): Promise<number> {
  try {
    return Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]?.n);
  } catch {
    return -1;
  }
}
