import type { ColumnModel, ForeignKeyModel, IndexModel, TableModel } from './schema-model.ts';

/** Renders pieces of a migration file from canonical model values (Kysely schema-builder code). */

export const str = (s: string) =>
  s.includes("'") && !s.includes('"') ? JSON.stringify(s) : `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
const strs = (xs: readonly string[]) => `[${xs.map(str).join(', ')}]`;

const KYSELY_TYPE = /^(integer|bigint|text|boolean|date|varchar\(\d+\)|datetime\(\d+\)|decimal\(\d+, \d+\))$/;

/** The SQL type as written in a migration (`decimal(10, 2)` with Kysely's spacing). */
export const sqlType = (canonical: string) => canonical.replace(/^decimal\((\d+),(\d+)\)$/, 'decimal($1, $2)');

/** A type argument for Kysely's builder: a string it knows, else `sql.raw(...)` (sets `needsSql`). */
export function kyselyType(canonical: string, imports: Set<string>): string {
  const t = sqlType(canonical);
  if (KYSELY_TYPE.test(t)) return str(t);
  imports.add('sql');
  return `sql.raw(${str(t)})`;
}

/** A canonical default as a TypeScript value for `defaultTo()` / helper definitions. */
export function defaultValue(c: ColumnModel, imports: Set<string>, forHelper: boolean): string | null {
  const d = c.default;
  if (d === null) return null;
  if (d === 'CURRENT_TIMESTAMP') {
    if (forHelper) return '{ now: true }';
    imports.add('nowDefault');
    return 'nowDefault(db)';
  }
  if (c.type === 'boolean') return d === '0' ? 'false' : 'true';
  const quoted = /^'(.*)'$/s.exec(d);
  if (quoted) return str((quoted[1] ?? '').replaceAll("''", "'"));
  return d;
}

/** The `(c) => c....` callback of `addColumn`, or null when nothing is needed. */
export function columnCallback(table: TableModel, name: string, c: ColumnModel, imports: Set<string>): string | null {
  const parts: string[] = [];
  const singlePk = table.primaryKey.length === 1 && table.primaryKey[0] === name;
  if (singlePk) parts.push('primaryKey()');
  if (c.autoIncrement) parts.push('autoIncrement()');
  else if (!c.nullable) parts.push('notNull()');
  const d = defaultValue(c, imports, false);
  if (d !== null) parts.push(`defaultTo(${d})`);
  return parts.length ? `(c) => c.${parts.join('.')}` : null;
}

/** A helper `ColumnDefinition` object literal. */
export function columnDefinition(c: ColumnModel, imports: Set<string>): string {
  const d = defaultValue(c, imports, true);
  return `{ type: ${str(sqlType(c.type))}, nullable: ${c.nullable}${d !== null ? `, default: ${d}` : ''}${c.autoIncrement ? ', autoIncrement: true' : ''} }`;
}

const fkCallback = (fk: ForeignKeyModel) => `(fk) => fk.onDelete(${str(fk.onDelete)}).onUpdate(${str(fk.onUpdate)})`;

export function createTableCode(name: string, t: TableModel, imports: Set<string>): string[] {
  const lines = ['await db.schema', `  .createTable(${str(name)})`];
  for (const [col, c] of Object.entries(t.columns)) {
    const cb = columnCallback(t, col, c, imports);
    lines.push(`  .addColumn(${str(col)}, ${kyselyType(c.type, imports)}${cb ? `, ${cb}` : ''})`);
  }
  if (t.primaryKey.length > 1) lines.push(`  .addPrimaryKeyConstraint(${str(`pk_${name}`)}, ${strs(t.primaryKey)})`);
  for (const fk of t.foreignKeys)
    lines.push(
      `  .addForeignKeyConstraint(${str(fk.name ?? `fk_${name}_${fk.columns.join('_')}`)}, ${strs(fk.columns)}, ${str(fk.referencedTable)}, ${strs(fk.referencedColumns)}, ${fkCallback(fk)})`,
    );
  lines.push('  .execute();');
  return lines;
}

export function createIndexCode(table: string, i: IndexModel): string[] {
  return [
    `await db.schema.createIndex(${str(i.name)}).on(${str(table)}).columns(${strs(i.columns)})${i.unique ? '.unique()' : ''}.execute();`,
  ];
}

export function foreignKeyDefinition(table: string, fk: ForeignKeyModel): string {
  return `{ name: ${str(fk.name ?? `fk_${table}_${fk.columns.join('_')}`)}, columns: ${strs(fk.columns)}, references: { table: ${str(fk.referencedTable)}, columns: ${strs(fk.referencedColumns)} }, onDelete: ${str(fk.onDelete)}, onUpdate: ${str(fk.onUpdate)} }`;
}

export const list = strs;
