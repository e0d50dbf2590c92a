import { sql, SqliteAdapter, type Kysely, type RawBuilder } from 'kysely';
import { rebuildSqliteTable } from './sqlite-rebuild.ts';
import type { ColumnDefinition, TableChange } from './table-change.ts';

export type {
  ColumnDefinition,
  ColumnDefaultValue,
  ForeignKeyDefinition,
  ReferentialAction,
  TableChange,
} from './table-change.ts';
export { createFullTextIndex, dropFullTextIndex } from './full-text.ts';

/**
 * Helpers that migrations may import (they never import src/): the same call works on SQLite and
 * MariaDB. Kept small and stable: applied migrations depend on them, so change behaviour only by
 * adding new functions.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
type AnyDb = Kysely<any>;

export const dialectOf = (db: AnyDb): 'sqlite' | 'mariadb' =>
  db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'mariadb';

/** The current UTC time as a column default, in the app's `YYYY-MM-DD HH:MM:SS.mmm` precision. */
export function nowDefault(db: AnyDb): RawBuilder<unknown> {
  return dialectOf(db) === 'sqlite' ? sql`(strftime('%Y-%m-%d %H:%M:%f', 'now'))` : sql`current_timestamp(3)`;
}

/** Drops an index (MariaDB needs its table, SQLite refuses one). */
export async function dropIndex(db: AnyDb, table: string, name: string): Promise<void> {
  const builder = db.schema.dropIndex(name);
  await (dialectOf(db) === 'mariadb' ? builder.on(table) : builder).execute();
}

function columnSql(db: AnyDb, name: string, c: ColumnDefinition): RawBuilder<unknown> {
  const parts = [sql.ref(name), sql.raw(c.type), sql.raw(c.nullable ? 'null' : 'not null')];
  if (c.default !== null && c.default !== undefined) parts.push(sql`default`, defaultSql(db, c.default));
  if (c.autoIncrement) parts.push(sql.raw('auto_increment'));
  return sql.join(parts, sql` `);
}

/** A default as SQL: `now`, a number, a boolean or a string literal. */
export function defaultSql(db: AnyDb, d: NonNullable<ColumnDefinition['default']>): RawBuilder<unknown> {
  if (typeof d === 'object') return nowDefault(db);
  if (typeof d === 'boolean') return sql.raw(d ? '1' : '0');
  if (typeof d === 'number') return sql.raw(String(d));
  return sql.lit(d);
}

/**
 * Changes a table in ways SQLite's ALTER TABLE cannot (column type, nullability, default; adding
 * a NOT NULL column; dropping a column; foreign keys; primary key). On MariaDB each change is a
 * plain ALTER TABLE (committed at once, one statement per change). On SQLite the table is
 * rebuilt: a new table with the changed definition, data copied, old table dropped, new one
 * renamed, indexes recreated, foreign keys checked; inside a savepoint, with foreign keys off.
 */
export async function alterTable(db: AnyDb, table: string, changes: readonly TableChange[]): Promise<void> {
  if (dialectOf(db) === 'sqlite') return rebuildSqliteTable(db, table, changes);
  for (const change of changes) {
    const t = sql.table(table);
    switch (change.kind) {
      case 'alterColumn':
        await sql`alter table ${t} modify column ${columnSql(db, change.column, change.definition)}`.execute(db);
        break;
      case 'addColumn':
        await sql`alter table ${t} add column ${columnSql(db, change.column, change.definition)}`.execute(db);
        break;
      case 'dropColumn':
        await sql`alter table ${t} drop column ${sql.ref(change.column)}`.execute(db);
        break;
      case 'setPrimaryKey':
        await sql`alter table ${t} drop primary key, add primary key (${sql.join(change.columns.map((c) => sql.ref(c)))})`.execute(
          db,
        );
        break;
      case 'addForeignKey': {
        const fk = change.foreignKey;
        await db.schema
          .alterTable(table)
          .addForeignKeyConstraint(fk.name, [...fk.columns], fk.references.table, [...fk.references.columns], (b) =>
            b.onDelete(fk.onDelete ?? 'no action').onUpdate(fk.onUpdate ?? 'no action'),
          )
          .execute();
        break;
      }
      case 'dropForeignKey': {
        const name = change.name ?? (await mariadbForeignKeyName(db, table, change.columns));
        await sql`alter table ${t} drop foreign key ${sql.ref(name)}`.execute(db);
        // InnoDB leaves the index it created for the foreign key behind: drop it too
        const { rows } = await sql<{ n: number }>`select count(*) as n from information_schema.STATISTICS
          where TABLE_SCHEMA = database() and TABLE_NAME = ${table} and INDEX_NAME = ${name}`.execute(db);
        if (Number(rows[0]?.n) > 0) await sql`alter table ${t} drop index ${sql.ref(name)}`.execute(db);
        break;
      }
    }
  }
}

async function mariadbForeignKeyName(db: AnyDb, table: string, columns: readonly string[]): Promise<string> {
  const { rows } = await sql<{
    name: string;
    cols: string;
  }>`select CONSTRAINT_NAME as name, group_concat(COLUMN_NAME order by ORDINAL_POSITION) as cols
    from information_schema.KEY_COLUMN_USAGE where TABLE_SCHEMA = database() and TABLE_NAME = ${table} and REFERENCED_TABLE_NAME is not null
    group by CONSTRAINT_NAME`.execute(db);
  const found = rows.find((r) => r.cols === columns.join(','));
  if (!found) throw new Error(`no foreign key on ${table} (${columns.join(', ')})`);
  return found.name;
}
