import { sql, type Kysely } from 'kysely';
import type { ColumnDefaultValue, ReferentialAction, TableChange } from './table-change.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
type AnyDb = Kysely<any>;

interface Col {
  name: string;
  type: string;
  notnull: boolean;
  dflt: string | null;
  pk: number;
  autoIncrement: boolean;
}
interface Fk {
  name: string | null;
  columns: string[];
  table: string;
  to: string[];
  onDelete: string;
  onUpdate: string;
}

const q = (id: string) => `"${id.replaceAll('"', '""')}"`;
const list = (ids: readonly string[]) => ids.map(q).join(', ');

function sqliteDefault(d: ColumnDefaultValue | null | undefined): string | null {
  if (d === null || d === undefined) return null;
  if (typeof d === 'object') return "(strftime('%Y-%m-%d %H:%M:%f', 'now'))";
  if (typeof d === 'boolean') return d ? 'true' : 'false';
  if (typeof d === 'number') return String(d);
  return `'${d.replaceAll("'", "''")}'`;
}

async function readTable(db: AnyDb, table: string) {
  const { rows: master } = await sql<{
    sql: string;
  }>`select sql from sqlite_schema where type = 'table' and name = ${table}`.execute(db);
  const createSql = master[0]?.sql;
  if (!createSql) throw new Error(`alterTable: no table "${table}"`);
  const { rows: cols } = await sql<{
    name: string;
    type: string;
    notnull: number;
    dflt_value: string | null;
    pk: number;
  }>`
    select name, type, "notnull", dflt_value, pk from pragma_table_xinfo(${table}) where hidden = 0 order by cid`.execute(
    db,
  );
  const autoInc = /"?(\w+)"?\s+integer\s+(not null\s+)?primary key\s+autoincrement/i.exec(createSql)?.[1];
  const columns: Col[] = cols.map((c) => ({
    name: c.name,
    type: c.type,
    notnull: c.notnull === 1,
    dflt: c.dflt_value,
    pk: c.pk,
    autoIncrement: c.name === autoInc,
  }));
  const { rows: fkRows } = await sql<{
    id: number;
    table: string;
    from: string;
    to: string | null;
    on_update: string;
    on_delete: string;
  }>`
    select id, "table", "from", "to", on_update, on_delete from pragma_foreign_key_list(${table}) order by id, seq`.execute(
    db,
  );
  const names = new Map<string, string>();
  for (const m of createSql.matchAll(/constraint\s+"((?:[^"]|"")+)"\s+foreign\s+key\s*\(([^)]*)\)/gi))
    names.set(
      (m[2] ?? '')
        .split(',')
        .map((c) => c.trim().replace(/^"|"$/g, ''))
        .join(','),
      (m[1] ?? '').replaceAll('""', '"'),
    );
  const byId = new Map<number, Fk>();
  for (const r of fkRows) {
    const fk = byId.get(r.id) ?? {
      name: null,
      columns: [],
      table: r.table,
      to: [],
      onDelete: r.on_delete,
      onUpdate: r.on_update,
    };
    fk.columns.push(r.from);
    fk.to.push(r.to ?? '');
    byId.set(r.id, fk);
  }
  const foreignKeys = [...byId.values()]
    .reverse()
    .map((fk) => ({ ...fk, name: names.get(fk.columns.join(',')) ?? null }));
  const { rows: idx } = await sql<{ name: string; origin: string; sql: string | null; col: string }>`
    select il.name, il.origin, s.sql, ii.name as col from pragma_index_list(${table}) il
    join pragma_index_info(il.name) ii left join sqlite_schema s on s.type = 'index' and s.name = il.name order by il.name, ii.seqno`.execute(
    db,
  );
  return { columns, foreignKeys, indexRows: idx };
}

function apply(
  columns: Col[],
  fks: Fk[],
  uniques: string[][],
  change: TableChange,
): { columns: Col[]; fks: Fk[]; uniques: string[][] } {
  switch (change.kind) {
    case 'alterColumn':
    case 'addColumn': {
      const d = change.definition;
      const col: Col = {
        name: change.column,
        type: d.type,
        notnull: !d.nullable,
        dflt: sqliteDefault(d.default),
        pk: columns.find((c) => c.name === change.column)?.pk ?? 0,
        autoIncrement: d.autoIncrement ?? false,
      };
      if (change.kind === 'addColumn') return { columns: [...columns, col], fks, uniques };
      if (!columns.some((c) => c.name === change.column)) throw new Error(`alterTable: no column "${change.column}"`);
      return { columns: columns.map((c) => (c.name === change.column ? col : c)), fks, uniques };
    }
    case 'dropColumn':
      return {
        columns: columns.filter((c) => c.name !== change.column),
        fks: fks.filter((f) => !f.columns.includes(change.column)),
        uniques: uniques.filter((u) => !u.includes(change.column)),
      };
    case 'setPrimaryKey':
      return { columns: columns.map((c) => ({ ...c, pk: change.columns.indexOf(c.name) + 1 })), fks, uniques };
    case 'addForeignKey': {
      const f = change.foreignKey;
      const action = (a: ReferentialAction | undefined) => (a ?? 'no action').toUpperCase();
      return {
        columns,
        fks: [
          ...fks,
          {
            name: f.name,
            columns: [...f.columns],
            table: f.references.table,
            to: [...f.references.columns],
            onDelete: action(f.onDelete),
            onUpdate: action(f.onUpdate),
          },
        ],
        uniques,
      };
    }
    case 'dropForeignKey': {
      const target = fks.find((f) =>
        change.name !== null ? f.name === change.name : f.columns.join(',') === change.columns.join(','),
      );
      if (!target) throw new Error(`alterTable: no foreign key ${change.name ?? `(${change.columns.join(', ')})`}`);
      return { columns, fks: fks.filter((f) => f !== target), uniques };
    }
  }
}

function createTableSql(name: string, columns: Col[], fks: Fk[], uniques: string[][]): string {
  const pk = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  const inlinePk = pk.length === 1 && pk[0]?.autoIncrement;
  const defs = columns.map((c) =>
    [
      q(c.name),
      c.type,
      inlinePk && c.pk ? 'primary key autoincrement' : '',
      c.notnull ? 'not null' : '',
      c.dflt !== null ? `default ${c.dflt}` : '',
    ]
      .filter(Boolean)
      .join(' '),
  );
  if (pk.length && !inlinePk) defs.push(`primary key (${list(pk.map((c) => c.name))})`);
  for (const u of uniques) defs.push(`unique (${list(u)})`);
  for (const f of fks)
    defs.push(
      `${f.name ? `constraint ${q(f.name)} ` : ''}foreign key (${list(f.columns)}) references ${q(f.table)} (${list(f.to)}) on delete ${f.onDelete.toLowerCase()} on update ${f.onUpdate.toLowerCase()}`,
    );
  return `create table ${q(name)} (${defs.join(', ')})`;
}

/**
 * SQLite's twelve-step table rebuild (https://www.sqlite.org/lang_altertable.html#otheralter),
 * with foreign keys off, inside a savepoint; `pragma foreign_key_check` must pass before it is
 * released. The migration runner already turns foreign keys off for the whole run.
 */
export async function rebuildSqliteTable(db: AnyDb, table: string, changes: readonly TableChange[]): Promise<void> {
  const fkOn = async () =>
    Number((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)).rows[0]?.foreign_keys) === 1;
  const wasOn = await fkOn();
  if (wasOn) await sql`pragma foreign_keys = off`.execute(db);
  if (await fkOn())
    throw new Error(
      'alterTable on SQLite needs foreign keys off, which cannot change inside a transaction: run it through `npm run db -- upgrade`',
    );
  await sql`savepoint rebuild_table`.execute(db);
  try {
    const current = await readTable(db, table);
    const uniqueNames = [...new Set(current.indexRows.filter((r) => r.origin === 'u').map((r) => r.name))];
    let state = {
      columns: current.columns,
      fks: current.foreignKeys,
      uniques: uniqueNames.map((n) => current.indexRows.filter((r) => r.name === n).map((r) => r.col)),
    };
    for (const change of changes) state = apply(state.columns, state.fks, state.uniques, change);
    const temp = `${table}__rebuild`;
    await sql.raw(createTableSql(temp, state.columns, state.fks, state.uniques)).execute(db);
    const copied = state.columns.filter((c) => current.columns.some((o) => o.name === c.name)).map((c) => c.name);
    await sql.raw(`insert into ${q(temp)} (${list(copied)}) select ${list(copied)} from ${q(table)}`).execute(db);
    // Dropping the table drops its triggers (a full-text index's): they are recreated after the rename.
    const { rows: triggers } = await sql<{ sql: string }>`
      select sql from sqlite_schema where type = 'trigger' and tbl_name = ${table} order by rowid`.execute(db);
    await sql.raw(`drop table ${q(table)}`).execute(db);
    await sql.raw(`alter table ${q(temp)} rename to ${q(table)}`).execute(db);
    const kept = new Set(state.columns.map((c) => c.name));
    const indexSql = new Map(
      current.indexRows.filter((r) => r.origin === 'c' && r.sql).map((r) => [r.name, r.sql as string]),
    );
    for (const [name, createIndex] of indexSql)
      if (current.indexRows.filter((r) => r.name === name).every((r) => kept.has(r.col)))
        await sql.raw(createIndex).execute(db);
    for (const trigger of triggers) await sql.raw(trigger.sql).execute(db);
    const { rows } = await sql<{ table: string; parent: string }>`pragma foreign_key_check`.execute(db);
    if (rows.length)
      throw new Error(
        `alterTable ${table}: ${rows.length} row(s) violate a foreign key (first: ${rows[0]?.table} → ${rows[0]?.parent})`,
      );
    await sql`release rebuild_table`.execute(db);
  } catch (error) {
    await sql`rollback to rebuild_table`.execute(db);
    await sql`release rebuild_table`.execute(db);
    throw error;
  } finally {
    if (wasOn) await sql`pragma foreign_keys = on`.execute(db);
  }
}
