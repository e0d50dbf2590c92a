import { diffFullText } from './full-text-diff.ts';
import { normaliseFkAction } from './normalisation-rules.ts';
import type {
  CharsetModel,
  ColumnModel,
  ForeignKeyModel,
  IndexModel,
  SchemaDialect,
  SchemaModel,
  TableModel,
} from './schema-model.ts';

/** The kinds of schema difference (verdict 4); stable strings, part of the `--json` contract. */
export type DifferenceKind =
  | 'missing-table'
  | 'extra-table'
  | 'missing-column'
  | 'extra-column'
  | 'column-type'
  | 'column-nullability'
  | 'column-default'
  | 'column-auto-increment'
  | 'primary-key'
  | 'missing-index'
  | 'extra-index'
  | 'index-definition'
  | 'missing-foreign-key'
  | 'extra-foreign-key'
  | 'foreign-key-definition'
  | 'missing-full-text-index'
  | 'extra-full-text-index'
  | 'full-text-index-definition'
  | 'full-text-index-out-of-step'
  | 'missing-trigger'
  | 'extra-trigger'
  | 'trigger-definition'
  | 'character-set';

/** One difference between the declaration (expected) and the database (found). */
export interface Difference {
  readonly kind: DifferenceKind;
  readonly table: string;
  /** The column, index or foreign-key name the difference is about; null for whole tables and primary keys. */
  readonly object: string | null;
  /** Canonical spelling of what the declaration wants, null when it wants nothing (an extra object). */
  readonly expected: string | null;
  /** Canonical spelling of what the database has, null when it has nothing (a missing object). */
  readonly found: string | null;
}

const list = (xs: readonly string[]) => `(${xs.join(', ')})`;
export const describeIndex = (i: IndexModel) => `${i.unique ? 'unique ' : ''}index ${list(i.columns)}`;
export const describeForeignKey = (fk: ForeignKeyModel, dialect: SchemaDialect) =>
  `${list(fk.columns)} references ${fk.referencedTable} ${list(fk.referencedColumns)} on delete ${normaliseFkAction(dialect, fk.onDelete)} on update ${normaliseFkAction(dialect, fk.onUpdate)}`;
const fkTarget = (fk: ForeignKeyModel) =>
  `${fk.columns.join(',')}>${fk.referencedTable}(${fk.referencedColumns.join(',')})`;
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function diffIndexes(dialect: SchemaDialect, name: string, want: TableModel, have: TableModel, out: Difference[]) {
  const unmatched = [...have.indexes];
  const take = (i: IndexModel) => unmatched.splice(unmatched.indexOf(i), 1);
  for (const d of want.indexes) {
    const byName = unmatched.find((i) => i.name === d.name);
    // rule sqlite-autoindex: a UNIQUE constraint's index has a generated name; match it by content
    const byContent = unmatched.find(
      (i) => i.name.startsWith('sqlite_autoindex_') && i.unique === d.unique && same(i.columns, d.columns),
    );
    const found = byName ?? byContent;
    if (!found) {
      out.push({ kind: 'missing-index', table: name, object: d.name, expected: describeIndex(d), found: null });
      continue;
    }
    take(found);
    if (found.unique !== d.unique || !same(found.columns, d.columns))
      out.push({
        kind: 'index-definition',
        table: name,
        object: d.name,
        expected: describeIndex(d),
        found: describeIndex(found),
      });
  }
  for (const i of unmatched) {
    // rule mariadb-implicit-fk-index
    const implicit =
      dialect === 'mariadb' &&
      !i.unique &&
      [...have.foreignKeys, ...want.foreignKeys].some((fk) => fk.name === i.name && same(fk.columns, i.columns));
    if (!implicit)
      out.push({ kind: 'extra-index', table: name, object: i.name, expected: null, found: describeIndex(i) });
  }
}

function diffForeignKeys(dialect: SchemaDialect, name: string, want: TableModel, have: TableModel, out: Difference[]) {
  const unmatched = [...have.foreignKeys];
  for (const d of want.foreignKeys) {
    const found =
      unmatched.find((f) => f.name !== null && f.name === d.name) ?? unmatched.find((f) => fkTarget(f) === fkTarget(d));
    if (!found) {
      out.push({
        kind: 'missing-foreign-key',
        table: name,
        object: d.name,
        expected: describeForeignKey(d, dialect),
        found: null,
      });
      continue;
    }
    unmatched.splice(unmatched.indexOf(found), 1);
    const [e, f] = [describeForeignKey(d, dialect), describeForeignKey(found, dialect)];
    if (e !== f) out.push({ kind: 'foreign-key-definition', table: name, object: d.name, expected: e, found: f });
  }
  for (const f of unmatched)
    out.push({
      kind: 'extra-foreign-key',
      table: name,
      object: f.name ?? `(${f.columns.join(', ')})`,
      expected: null,
      found: describeForeignKey(f, dialect),
    });
}

// rule sqlite-integer-pk-autoincrement: on SQLite a single INTEGER PRIMARY KEY assigns ids either way
const autoIncrement = (dialect: SchemaDialect, t: TableModel, col: string, c: ColumnModel) =>
  dialect === 'sqlite' && t.primaryKey.length === 1 && t.primaryKey[0] === col && c.type === 'integer'
    ? true
    : c.autoIncrement;

function diffTable(dialect: SchemaDialect, name: string, want: TableModel, have: TableModel, out: Difference[]) {
  for (const [col, d] of Object.entries(want.columns)) {
    const f = have.columns[col];
    const object = `${name}.${col}`;
    if (!f) {
      out.push({ kind: 'missing-column', table: name, object, expected: d.type, found: null });
      continue;
    }
    if (f.type !== d.type) out.push({ kind: 'column-type', table: name, object, expected: d.type, found: f.type });
    if (f.nullable !== d.nullable)
      out.push({
        kind: 'column-nullability',
        table: name,
        object,
        expected: d.nullable ? 'null' : 'not null',
        found: f.nullable ? 'null' : 'not null',
      });
    if (f.default !== d.default)
      out.push({
        kind: 'column-default',
        table: name,
        object,
        expected: d.default ?? 'no default',
        found: f.default ?? 'no default',
      });
    const pkChanged = dialect === 'sqlite' && !same(want.primaryKey, have.primaryKey); // the primary-key difference says it
    if (!pkChanged && autoIncrement(dialect, want, col, d) !== autoIncrement(dialect, have, col, f))
      out.push({
        kind: 'column-auto-increment',
        table: name,
        object,
        expected: String(d.autoIncrement),
        found: String(f.autoIncrement),
      });
  }
  for (const [col, f] of Object.entries(have.columns))
    if (!(col in want.columns))
      out.push({ kind: 'extra-column', table: name, object: `${name}.${col}`, expected: null, found: f.type });
  if (!same(want.primaryKey, have.primaryKey))
    out.push({
      kind: 'primary-key',
      table: name,
      object: null,
      expected: list(want.primaryKey),
      found: list(have.primaryKey),
    });
  diffIndexes(dialect, name, want, have, out);
  diffForeignKeys(dialect, name, want, have, out);
  diffFullText(dialect, name, want, have, out);
}

/** Every difference between the declared and the live model, tables in declaration order. */
export function diffSchemas(dialect: SchemaDialect, declared: SchemaModel, live: SchemaModel): Difference[] {
  const out: Difference[] = [];
  for (const [name, want] of Object.entries(declared.tables)) {
    const have = live.tables[name];
    if (have) diffTable(dialect, name, want, have, out);
    else out.push({ kind: 'missing-table', table: name, object: null, expected: 'table', found: null });
  }
  for (const name of Object.keys(live.tables))
    if (!(name in declared.tables))
      out.push({ kind: 'extra-table', table: name, object: null, expected: null, found: 'table' });
  if (declared.charset && live.charsets)
    diffCharsets(declared.charset, live.charsets, Object.keys(declared.tables), out);
  return out;
}

const describeCharset = (c: CharsetModel) => `${c.characterSet} (${c.collation})`;

/**
 * The database default, then per declared table: the table's character set, and each text column
 * whose own differs from what the table should have. A table converted as a whole shows as one
 * difference with its column count, not one per column.
 */
function diffCharsets(
  want: CharsetModel,
  have: NonNullable<SchemaModel['charsets']>,
  tables: readonly string[],
  out: Difference[],
): void {
  const differs = (c: CharsetModel | undefined) =>
    c !== undefined && (c.characterSet !== want.characterSet || c.collation !== want.collation);
  const expected = describeCharset(want);
  if (differs(have.database))
    out.push({
      kind: 'character-set',
      table: '(database default)',
      object: null,
      expected,
      found: describeCharset(have.database),
    });
  for (const table of tables) {
    const columns = Object.entries(have.columns[table] ?? {});
    const own = have.tables[table];
    const sameAsTable = columns.filter(([, c]) => own !== undefined && c.collation === own.collation).length;
    const withColumns = columns.length ? `, with ${sameAsTable} of its ${columns.length} text columns` : '';
    if (own && differs(own))
      out.push({
        kind: 'character-set',
        table,
        object: null,
        expected,
        found: `${describeCharset(own)}${withColumns}`,
      });
    for (const [name, c] of columns)
      if (differs(c) && !(own && differs(own) && c.collation === own.collation))
        out.push({ kind: 'character-set', table, object: `${table}.${name}`, expected, found: describeCharset(c) });
  }
}
