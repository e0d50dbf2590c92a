import { sql, type Kysely } from 'kysely';
import { normaliseDefault, normaliseFkAction, normaliseType } from './normalisation-rules.ts';
import {
  INTERNAL_TABLES,
  type CharsetModel,
  type ColumnModel,
  type ForeignKeyModel,
  type FullTextIndexModel,
  type IndexModel,
  type SchemaModel,
  type TableModel,
} from './schema-model.ts';

interface ColumnRow {
  tbl: string;
  name: string;
  column_type: string;
  is_nullable: string;
  column_default: string | null;
  extra: string;
}
interface IndexRow {
  tbl: string;
  name: string;
  non_unique: number | string;
  seq: number;
  col: string | null;
  type: string;
}
interface FkRow {
  tbl: string;
  name: string;
  col: string;
  ref_table: string;
  ref_col: string;
  update_rule: string;
  delete_rule: string;
}

/**
 * Reads a MariaDB database (the connection's current one) into the canonical model: Kysely's
 * introspection for tables, columns, nullability and auto-increment, completed by
 * `information_schema` COLUMNS (type with length and precision, default), STATISTICS (indexes, FULLTEXT ones
 * apart)
 * and KEY_COLUMN_USAGE + REFERENTIAL_CONSTRAINTS (foreign keys and their actions).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- introspects any database
export async function introspectMariadb(db: Kysely<any>): Promise<SchemaModel> {
  const tables = (await db.introspection.getTables()).filter((t) => !t.isView && !INTERNAL_TABLES.includes(t.name));
  const { rows: columnRows } =
    await sql<ColumnRow>`select TABLE_NAME as tbl, COLUMN_NAME as name, COLUMN_TYPE as column_type,
      IS_NULLABLE as is_nullable, COLUMN_DEFAULT as column_default, EXTRA as extra
    from information_schema.COLUMNS where TABLE_SCHEMA = database() order by TABLE_NAME, ORDINAL_POSITION`.execute(db);
  const { rows: indexRows } =
    await sql<IndexRow>`select TABLE_NAME as tbl, INDEX_NAME as name, NON_UNIQUE as non_unique,
      SEQ_IN_INDEX as seq, COLUMN_NAME as col, INDEX_TYPE as type
    from information_schema.STATISTICS where TABLE_SCHEMA = database() order by TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`.execute(
      db,
    );
  const { rows: fkRows } = await sql<FkRow>`select k.TABLE_NAME as tbl, k.CONSTRAINT_NAME as name, k.COLUMN_NAME as col,
      k.REFERENCED_TABLE_NAME as ref_table, k.REFERENCED_COLUMN_NAME as ref_col, r.UPDATE_RULE as update_rule, r.DELETE_RULE as delete_rule
    from information_schema.KEY_COLUMN_USAGE k
    join information_schema.REFERENTIAL_CONSTRAINTS r on r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA and r.CONSTRAINT_NAME = k.CONSTRAINT_NAME and r.TABLE_NAME = k.TABLE_NAME
    where k.TABLE_SCHEMA = database() and k.REFERENCED_TABLE_NAME is not null
    order by k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`.execute(db);

  const result: Record<string, TableModel> = {};
  for (const table of tables) {
    const columns: Record<string, ColumnModel> = {};
    for (const c of columnRows.filter((r) => r.tbl === table.name)) {
      const kysely = table.columns.find((k) => k.name === c.name);
      const type = normaliseType('mariadb', c.column_type).value;
      columns[c.name] = {
        type,
        nullable: kysely?.isNullable ?? c.is_nullable === 'YES',
        default: normaliseDefault('mariadb', c.column_default, type).value,
        autoIncrement: kysely?.isAutoIncrementing ?? /auto_increment/i.test(c.extra),
      };
    }
    const indexes = new Map<string, IndexModel & { columns: string[] }>();
    const fullText = new Map<string, FullTextIndexModel & { columns: string[] }>();
    let primaryKey: string[] = [];
    for (const i of indexRows.filter((r) => r.tbl === table.name)) {
      if (i.type === 'FULLTEXT') {
        const entry = fullText.get(i.name) ?? { name: i.name, columns: [] };
        entry.columns.push(i.col ?? '(expression)');
        fullText.set(i.name, entry);
        continue;
      }
      if (i.name === 'PRIMARY') {
        primaryKey = [...primaryKey, i.col ?? '(expression)'];
        continue;
      }
      const entry = indexes.get(i.name) ?? { name: i.name, columns: [], unique: Number(i.non_unique) === 0 };
      entry.columns.push(i.col ?? '(expression)');
      indexes.set(i.name, entry);
    }
    const fks = new Map<string, ForeignKeyModel & { columns: string[]; referencedColumns: string[] }>();
    for (const f of fkRows.filter((r) => r.tbl === table.name)) {
      const entry = fks.get(f.name) ?? {
        name: f.name,
        columns: [],
        referencedTable: f.ref_table,
        referencedColumns: [],
        onDelete: normaliseFkAction('mariadb', f.delete_rule),
        onUpdate: normaliseFkAction('mariadb', f.update_rule),
      };
      entry.columns.push(f.col);
      entry.referencedColumns.push(f.ref_col);
      fks.set(f.name, entry);
    }
    result[table.name] = {
      columns,
      primaryKey,
      indexes: [...indexes.values()],
      foreignKeys: [...fks.values()],
      fullTextIndexes: [...fullText.values()],
    };
  }
  return { tables: result, charsets: await readCharsets(db, Object.keys(result)) };
}

/** The database's default character set, each table's, and each text column's. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- introspects any database
async function readCharsets(db: Kysely<any>, tables: readonly string[]): Promise<NonNullable<SchemaModel['charsets']>> {
  const {
    rows: [schema],
  } = await sql<{ cs: string; co: string }>`select DEFAULT_CHARACTER_SET_NAME as cs, DEFAULT_COLLATION_NAME as co
    from information_schema.SCHEMATA where SCHEMA_NAME = database()`.execute(db);
  const { rows: tableRows } = await sql<{ tbl: string; co: string }>`select TABLE_NAME as tbl, TABLE_COLLATION as co
    from information_schema.TABLES where TABLE_SCHEMA = database() and TABLE_TYPE = 'BASE TABLE'`.execute(db);
  const { rows: columnRows } = await sql<{
    tbl: string;
    name: string;
    cs: string;
    co: string;
  }>`select TABLE_NAME as tbl, COLUMN_NAME as name,
      CHARACTER_SET_NAME as cs, COLLATION_NAME as co
    from information_schema.COLUMNS where TABLE_SCHEMA = database() and CHARACTER_SET_NAME is not null`.execute(db);
  // A collation names its character set first (`utf8mb4_unicode_ci`); tables report only the collation.
  const charsetOf = (collation: string) => ({ characterSet: collation.split('_')[0] ?? collation, collation });
  const columns: Record<string, Record<string, CharsetModel>> = {};
  for (const c of columnRows.filter((r) => tables.includes(r.tbl)))
    (columns[c.tbl] ??= {})[c.name] = { characterSet: c.cs, collation: c.co };
  return {
    database: { characterSet: schema?.cs ?? '?', collation: schema?.co ?? '?' },
    tables: Object.fromEntries(tableRows.filter((r) => tables.includes(r.tbl)).map((r) => [r.tbl, charsetOf(r.co)])),
    columns,
  };
}
