/** The referential actions a foreign key may take. */
export type ReferentialAction = 'cascade' | 'restrict' | 'set null' | 'set default' | 'no action';

/** A column default: a literal, or `{ now: true }` for the current UTC time. */
export type ColumnDefaultValue = string | number | boolean | { readonly now: true };

/** A full column definition; `type` is SQL (`varchar(120)`, `decimal(10, 2)`, `datetime(3)`). */
export interface ColumnDefinition {
  readonly type: string;
  readonly nullable: boolean;
  readonly default?: ColumnDefaultValue | null;
  readonly autoIncrement?: boolean;
}

export interface ForeignKeyDefinition {
  readonly name: string;
  readonly columns: readonly string[];
  readonly references: { readonly table: string; readonly columns: readonly string[] };
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
}

/** One change for `alterTable()`. */
export type TableChange =
  | { readonly kind: 'alterColumn'; readonly column: string; readonly definition: ColumnDefinition }
  | { readonly kind: 'addColumn'; readonly column: string; readonly definition: ColumnDefinition }
  | { readonly kind: 'dropColumn'; readonly column: string }
  | { readonly kind: 'setPrimaryKey'; readonly columns: readonly string[] }
  | { readonly kind: 'addForeignKey'; readonly foreignKey: ForeignKeyDefinition }
  /** `name` null: the foreign key on exactly `columns` (SQLite keeps no names for unnamed ones). */
  | { readonly kind: 'dropForeignKey'; readonly name: string | null; readonly columns: readonly string[] };
