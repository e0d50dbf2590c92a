import type { ColumnType } from 'kysely';

/**
 * The portable column types the declaration supports. Each maps to one spelling per dialect
 * in migrations and in the schema checker, which compares databases in these terms.
 */
export type PortableType =
  | { readonly kind: 'integer' }
  | { readonly kind: 'bigint' }
  | { readonly kind: 'varchar'; readonly length: number }
  | { readonly kind: 'text' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'date' }
  | { readonly kind: 'datetime' }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number };

/** A column default: a literal value, or the database's current UTC time. */
export type ColumnDefault =
  { readonly kind: 'literal'; readonly value: string | number | boolean } | { readonly kind: 'now' };

/** The plain data of one declared column. */
export interface ColumnSpec {
  readonly type: PortableType;
  readonly nullable: boolean;
  readonly default: ColumnDefault | null;
  readonly autoIncrement: boolean;
}

/**
 * A declared column. The type parameters carry, for the compiler only, the value type the
 * drivers return (`T`), nullability (`N`) and whether an insert may omit it (`G`).
 */
export class Column<T, N extends boolean = false, G extends boolean = false> {
  declare readonly __value: T;
  declare readonly __nullable: N;
  declare readonly __generated: G;

  constructor(readonly spec: ColumnSpec) {}

  nullable(): Column<T, true, G> {
    return new Column({ ...this.spec, nullable: true });
  }

  default(value: string | number | boolean): Column<T, N, true> {
    return new Column({ ...this.spec, default: { kind: 'literal', value } });
  }

  defaultNow(): Column<T, N, true> {
    return new Column({ ...this.spec, default: { kind: 'now' } });
  }

  autoIncrement(): Column<T, N, true> {
    return new Column({ ...this.spec, autoIncrement: true });
  }
}

const column = <T>(type: PortableType): Column<T> =>
  new Column<T>({ type, nullable: false, default: null, autoIncrement: false });

/** Value types as both drivers return them: booleans as 0/1, dates and times as UTC strings. */
/**
 * The character set and collation of every table and text column on MariaDB (SQLite keeps all
 * text as UTF-8 and has none). `db check` compares the database's default, each table's and each
 * text column's with it: a server whose default is latin1 would accept the migrations and then
 * fail on the first non-Latin-1 name.
 */
export const CHARACTER_SET = { characterSet: 'utf8mb4', collation: 'utf8mb4_unicode_ci' } as const;

export const integer = () => column<number>({ kind: 'integer' });
export const bigint = () => column<number>({ kind: 'bigint' });
export const varchar = (length: number) => column<string>({ kind: 'varchar', length });
export const text = () => column<string>({ kind: 'text' });
export const boolean = () => column<number>({ kind: 'boolean' });
/** `YYYY-MM-DD`. */
export const date = () => column<string>({ kind: 'date' });
/** `YYYY-MM-DD HH:MM:SS.mmm`, always UTC. */
export const datetime = () => column<string>({ kind: 'datetime' });
export const decimal = (precision: number, scale: number) =>
  column<string | number>({ kind: 'decimal', precision, scale });

export type ReferentialAction = 'cascade' | 'restrict' | 'set null' | 'no action';

export interface IndexSpec {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique?: boolean;
}

/**
 * A full-text index over text columns: an FTS5 virtual table kept in step by triggers on SQLite,
 * an InnoDB FULLTEXT index on MariaDB (created by `createFullTextIndex` of db/helpers).
 */
export interface FullTextIndexSpec {
  readonly name: string;
  readonly columns: readonly string[];
}

export interface ForeignKeySpec {
  readonly name: string;
  readonly columns: readonly string[];
  readonly references: { readonly table: string; readonly columns: readonly string[] };
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- variance over the phantom types
export type AnyColumn = Column<any, boolean, boolean>;

export interface TableSpec<C extends Record<string, AnyColumn> = Record<string, AnyColumn>> {
  readonly columns: C;
  readonly primaryKey: readonly (keyof C & string)[];
  readonly indexes?: readonly IndexSpec[];
  readonly fullTextIndexes?: readonly FullTextIndexSpec[];
  readonly foreignKeys?: readonly ForeignKeySpec[];
}

/** Declares a table, keeping the column types for {@link DatabaseOf}. */
export const table = <C extends Record<string, AnyColumn>>(spec: TableSpec<C>): TableSpec<C> => spec;

type ColumnTs<C> =
  C extends Column<infer T, infer N, infer G>
    ? G extends true
      ? ColumnType<
          N extends true ? T | null : T,
          (N extends true ? T | null : T) | undefined,
          N extends true ? T | null : T
        >
      : N extends true
        ? T | null
        : T
    : never;

/** Kysely's `Database` interface derived from a declaration: code and schema cannot disagree. */
export type DatabaseOf<S extends Record<string, { readonly columns: Record<string, AnyColumn> }>> = {
  [Table in keyof S]: { [Col in keyof S[Table]['columns']]: ColumnTs<S[Table]['columns'][Col]> };
};
