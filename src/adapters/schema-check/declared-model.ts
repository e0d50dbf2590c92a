import {
  CHARACTER_SET,
  type ColumnDefault,
  type ColumnSpec,
  type ForeignKeySpec,
  type FullTextIndexSpec,
  type IndexSpec,
  type PortableType,
  type ReferentialAction,
} from '../../declared-schema/define.ts';
import type { ColumnModel, FkAction, ForeignKeyModel, SchemaModel, TableModel } from './schema-model.ts';

/** One declared table, as `table()` of `src/declared-schema/define.ts` builds it. */
export interface DeclaredTable {
  readonly columns: Readonly<Record<string, { readonly spec: ColumnSpec }>>;
  readonly primaryKey: readonly string[];
  readonly indexes?: readonly IndexSpec[];
  readonly foreignKeys?: readonly ForeignKeySpec[];
  readonly fullTextIndexes?: readonly FullTextIndexSpec[];
}

/** Any declaration built with `src/declared-schema/define.ts` (the app's, or a test's variant of it). */
export type Declaration = Readonly<Record<string, DeclaredTable>>;

/** The canonical type of a portable type; the same spelling migrations write. */
export function portableTypeSql(type: PortableType): string {
  switch (type.kind) {
    case 'varchar':
      return `varchar(${type.length})`;
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`;
    case 'datetime':
      return 'datetime(3)';
    default:
      return type.kind;
  }
}

/** Quotes a string as an SQL literal (`'it''s'`). */
export const quoteSql = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** The canonical default of a declared column (see {@link ColumnModel.default}). */
export function canonicalDeclaredDefault(type: PortableType, d: ColumnDefault | null): string | null {
  if (d === null) return null;
  if (d.kind === 'now') return 'CURRENT_TIMESTAMP';
  const v = d.value;
  if (type.kind === 'boolean') return v === true || v === 1 || v === '1' || v === 'true' ? '1' : '0';
  if (['integer', 'bigint', 'decimal'].includes(type.kind) && Number.isFinite(Number(v))) return String(Number(v));
  return quoteSql(String(v));
}

const action = (a: ReferentialAction | undefined): FkAction => a ?? 'no action';

function foreignKey(fk: ForeignKeySpec): ForeignKeyModel {
  return {
    name: fk.name,
    columns: [...fk.columns],
    referencedTable: fk.references.table,
    referencedColumns: [...fk.references.columns],
    onDelete: action(fk.onDelete),
    onUpdate: action(fk.onUpdate),
  };
}

function tableModel(spec: DeclaredTable): TableModel {
  const columns: Record<string, ColumnModel> = {};
  for (const [name, column] of Object.entries(spec.columns)) {
    const s = column.spec;
    columns[name] = {
      type: portableTypeSql(s.type),
      nullable: s.nullable,
      default: canonicalDeclaredDefault(s.type, s.default),
      autoIncrement: s.autoIncrement,
    };
  }
  return {
    columns,
    primaryKey: [...spec.primaryKey],
    indexes: (spec.indexes ?? []).map((i) => ({ name: i.name, columns: [...i.columns], unique: i.unique ?? false })),
    foreignKeys: (spec.foreignKeys ?? []).map(foreignKey),
    fullTextIndexes: (spec.fullTextIndexes ?? []).map((i) => ({ name: i.name, columns: [...i.columns] })),
  };
}

/** The declaration as a {@link SchemaModel}. */
export function declaredModel(declaration: Declaration): SchemaModel {
  return {
    tables: Object.fromEntries(Object.entries(declaration).map(([name, spec]) => [name, tableModel(spec)])),
    charset: CHARACTER_SET,
  };
}
