/**
 * The neutral model both sides of the check are turned into: the declaration on one side, a live
 * database (through a dialect introspector and the normalisation rules) on the other. Every value
 * is in canonical spelling, so comparing two models is plain equality.
 */

/** Which database an introspected model came from. */
export type SchemaDialect = 'sqlite' | 'mariadb';

/** One column. `type` is canonical (`integer`, `varchar(120)`, `decimal(10,2)`, `datetime(3)`, ...). */
export interface ColumnModel {
  readonly type: string;
  readonly nullable: boolean;
  /** Canonical default: `CURRENT_TIMESTAMP`, a number (`1`, `1.5`), `0`/`1` for booleans, or a quoted string. */
  readonly default: string | null;
  readonly autoIncrement: boolean;
}

/** An index other than the primary key. */
export interface IndexModel {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
}

/** Canonical referential actions (lower case). */
export type FkAction = 'cascade' | 'restrict' | 'set null' | 'set default' | 'no action';

export interface ForeignKeyModel {
  /** The constraint name; null when the database does not keep one. */
  readonly name: string | null;
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly onDelete: FkAction;
  readonly onUpdate: FkAction;
}

/**
 * A full-text index. Live SQLite side: the FTS5 table's tokenizer, and, only when they differ, how
 * many rows it indexes against how many its table has (an index out of step with its table).
 */
export interface FullTextIndexModel {
  readonly name: string;
  readonly columns: readonly string[];
  readonly tokenizer?: string;
  readonly outOfStep?: { readonly indexed: number; readonly table: number };
}

export interface TableModel {
  /** Columns in declaration / ordinal order. */
  readonly columns: Readonly<Record<string, ColumnModel>>;
  readonly primaryKey: readonly string[];
  readonly indexes: readonly IndexModel[];
  readonly foreignKeys: readonly ForeignKeyModel[];
  readonly fullTextIndexes?: readonly FullTextIndexModel[];
  /** Live SQLite side: every trigger on the table, its `create trigger` text by name. */
  readonly triggers?: Readonly<Record<string, string>>;
}

/** A character set and its collation, as MariaDB names them. */
export interface CharsetModel {
  readonly characterSet: string;
  readonly collation: string;
}

export interface SchemaModel {
  readonly tables: Readonly<Record<string, TableModel>>;
  /**
   * Declared side: what every table and text column must use. Live side (MariaDB only): the
   * database's default, each table's, and each text column's (`columns[table][column]`).
   */
  readonly charsets?: {
    readonly database: CharsetModel;
    readonly tables: Readonly<Record<string, CharsetModel>>;
    readonly columns: Readonly<Record<string, Readonly<Record<string, CharsetModel>>>>;
  };
  readonly charset?: CharsetModel;
}

/**
 * Tables that belong to the migration machinery, not to the application: never part of the
 * declared schema, never reported by the check.
 */
export const INTERNAL_TABLES: readonly string[] = [
  'kysely_migration',
  'kysely_migration_lock',
  'schema_migration_checksum',
  'schema_migration_lock',
];
