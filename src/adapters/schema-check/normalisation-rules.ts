import type { FkAction, SchemaDialect } from './schema-model.ts';

/**
 * The named table of rules that turns each dialect's spelling into the canonical one of
 * `schema-model.ts`, so the check reports real drift and nothing else. Value rules (type, default,
 * foreign-key action) carry examples that `test/integration/schema/normalisation-rules.test.ts`
 * replays; structural rules are applied by the introspectors and the diff (which name them by id)
 * and are covered by the round-trip test. `docs/schema-safety.md` lists the same table.
 */
export interface NormalisationRule {
  readonly id: string;
  readonly dialect: SchemaDialect | 'both';
  readonly subject: 'type' | 'default' | 'foreign-key' | 'nullability' | 'auto-increment' | 'index' | 'table';
  readonly description: string;
  /** raw spelling → canonical value (value rules only). For defaults the column type is given as `type|raw`. */
  readonly examples?: readonly (readonly [string, string | null])[];
}

interface ValueRule<C> extends NormalisationRule {
  readonly apply: (raw: string, context: C) => string | null | undefined;
}

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const isNumericType = (type: string) => /^(integer|bigint|decimal\(\d+,\d+\))$/.test(type);

const TYPE_RULES: readonly ValueRule<void>[] = [
  {
    id: 'mariadb-boolean-tinyint1',
    dialect: 'mariadb',
    subject: 'type',
    description: 'MariaDB stores boolean as tinyint(1)',
    examples: [['tinyint(1)', 'boolean']],
    apply: (t) => (t === 'tinyint(1)' ? 'boolean' : undefined),
  },
  {
    id: 'mariadb-integer-display-width',
    dialect: 'mariadb',
    subject: 'type',
    description: 'int(11) / bigint(20): display widths mean nothing; int is integer',
    examples: [
      ['int(11)', 'integer'],
      ['int', 'integer'],
      ['bigint(20)', 'bigint'],
    ],
    apply: (t) => (/^int(\(\d+\))?$/.test(t) ? 'integer' : /^bigint(\(\d+\))?$/.test(t) ? 'bigint' : undefined),
  },
  {
    id: 'sqlite-type-aliases',
    dialect: 'sqlite',
    subject: 'type',
    description: 'SQLite keeps type text as written: int is integer, bool is boolean',
    examples: [
      ['int', 'integer'],
      ['bool', 'boolean'],
    ],
    apply: (t) => (t === 'int' ? 'integer' : t === 'bool' ? 'boolean' : undefined),
  },
  {
    id: 'varchar-spelling',
    dialect: 'both',
    subject: 'type',
    description: 'character varying(n) is varchar(n)',
    examples: [['character varying(20)', 'varchar(20)']],
    apply: (t) => {
      const m = /^character varying\((\d+)\)$/.exec(t);
      return m ? `varchar(${m[1]})` : undefined;
    },
  },
  {
    id: 'decimal-spelling',
    dialect: 'both',
    subject: 'type',
    description: 'numeric(p,s) is decimal(p,s)',
    examples: [['numeric(10,2)', 'decimal(10,2)']],
    apply: (t) => (t.startsWith('numeric(') ? `decimal(${t.slice(8)}` : undefined),
  },
];

const DEFAULT_RULES: readonly ValueRule<{ type: string }>[] = [
  {
    id: 'default-null',
    dialect: 'both',
    subject: 'default',
    description: 'a NULL default (MariaDB: the string NULL in COLUMN_DEFAULT for every nullable column) is no default',
    examples: [
      ['text|NULL', null],
      ['integer|null', null],
    ],
    apply: (d) => (/^null$/i.test(d) ? null : undefined),
  },
  {
    id: 'default-now',
    dialect: 'both',
    subject: 'default',
    description:
      "current_timestamp(), current_timestamp(3), now(), SQLite's strftime('%Y-%m-%d %H:%M:%f','now') are CURRENT_TIMESTAMP",
    examples: [
      ['datetime(3)|current_timestamp(3)', 'CURRENT_TIMESTAMP'],
      ['datetime(3)|current_timestamp()', 'CURRENT_TIMESTAMP'],
      ["datetime(3)|strftime('%Y-%m-%d %H:%M:%f', 'now')", 'CURRENT_TIMESTAMP'],
    ],
    apply: (d) =>
      /^(current_timestamp(\(\d?\))?|now\(\d?\)|strftime\('%Y-%m-%d %H:%M:%f', ?'now'\))$/i.test(d)
        ? 'CURRENT_TIMESTAMP'
        : undefined,
  },
  {
    id: 'sqlite-default-boolean-words',
    dialect: 'sqlite',
    subject: 'default',
    description: 'SQLite keeps defaultTo(false) as written: false/true are 0/1',
    examples: [
      ['boolean|false', '0'],
      ['boolean|TRUE', '1'],
    ],
    apply: (d) => (/^false$/i.test(d) ? '0' : /^true$/i.test(d) ? '1' : undefined),
  },
  {
    id: 'default-numeric',
    dialect: 'both',
    subject: 'default',
    description: 'numbers compare by value (MariaDB shows decimal defaults with their scale: 1.50)',
    examples: [
      ['decimal(10,2)|1.50', '1.5'],
      ["integer|'7'", '7'],
      ['boolean|0', '0'],
    ],
    apply: (d, c) => {
      const unquoted = /^'(.*)'$/.exec(d)?.[1] ?? d;
      return (isNumericType(c.type) || c.type === 'boolean') && NUMERIC.test(unquoted)
        ? String(Number(unquoted))
        : undefined;
    },
  },
  {
    id: 'default-quoted-string',
    dialect: 'both',
    subject: 'default',
    description: "string defaults compare as SQL literals ('it''s'); an unquoted value on a text column is quoted",
    examples: [
      ["varchar(20)|'it''s'", "'it''s'"],
      ['varchar(20)|abc', "'abc'"],
    ],
    apply: (d) => (/^'.*'$/s.test(d) ? d : `'${d.replaceAll("'", "''")}'`),
  },
];

const unwrap = (d: string) => {
  let s = d.trim();
  while (/^\(.*\)$/s.test(s)) s = s.slice(1, -1).trim();
  return s;
};

/** Every rule, value and structural, in the order they are documented. */
export const NORMALISATION_RULES: readonly NormalisationRule[] = [
  {
    id: 'type-case',
    dialect: 'both',
    subject: 'type',
    description: 'type text is compared lower case, without spaces',
    examples: [
      ['VARCHAR( 20 )', 'varchar(20)'],
      ['Integer', 'integer'],
    ],
  },
  ...TYPE_RULES,
  {
    id: 'sqlite-default-parentheses',
    dialect: 'sqlite',
    subject: 'default',
    description: 'SQLite keeps expression defaults in parentheses: (1) is 1',
    examples: [
      ['integer|(1)', '1'],
      ["datetime(3)|(strftime('%Y-%m-%d %H:%M:%f', 'now'))", 'CURRENT_TIMESTAMP'],
    ],
  },
  ...DEFAULT_RULES,
  {
    id: 'fk-action-case',
    dialect: 'both',
    subject: 'foreign-key',
    description: 'ON DELETE/UPDATE actions compare lower case',
    examples: [
      ['CASCADE', 'cascade'],
      ['SET NULL', 'set null'],
    ],
  },
  {
    id: 'mariadb-restrict-is-no-action',
    dialect: 'mariadb',
    subject: 'foreign-key',
    description:
      'InnoDB treats RESTRICT and NO ACTION alike and reports RESTRICT when none was given: both compare as restrict (declared side too)',
    examples: [
      ['NO ACTION', 'restrict'],
      ['RESTRICT', 'restrict'],
    ],
  },
  {
    id: 'sqlite-pk-not-null',
    dialect: 'sqlite',
    subject: 'nullability',
    description:
      'SQLite reports primary-key columns as nullable (an INTEGER PRIMARY KEY is the rowid): primary-key columns compare as NOT NULL',
  },
  {
    id: 'sqlite-integer-pk-autoincrement',
    dialect: 'sqlite',
    subject: 'auto-increment',
    description:
      "a single INTEGER PRIMARY KEY assigns ids itself (rowid alias), with or without AUTOINCREMENT (Kysely's introspection)",
  },
  {
    id: 'sqlite-autoindex',
    dialect: 'sqlite',
    subject: 'index',
    description:
      'sqlite_autoindex_* (a UNIQUE constraint) matches a declared unique index on the same columns; the primary-key index is the primary key',
  },
  {
    id: 'mariadb-implicit-fk-index',
    dialect: 'mariadb',
    subject: 'index',
    description:
      "InnoDB's automatic index for a foreign key (named after the constraint, on its columns) is not reported when undeclared",
  },
  {
    id: 'mariadb-unique-constraint-index',
    dialect: 'mariadb',
    subject: 'index',
    description: 'a UNIQUE constraint is a unique index (STATISTICS): compared as the declared unique index',
  },
  {
    id: 'internal-tables',
    dialect: 'both',
    subject: 'table',
    description:
      'kysely_migration, kysely_migration_lock, schema_migration_checksum and schema_migration_lock (and sqlite_* tables) are the machinery, not the schema',
  },
];

const applies = (r: NormalisationRule, dialect: SchemaDialect) => r.dialect === 'both' || r.dialect === dialect;

/** Canonical type of a raw column type; `rule` is the id of the rule that rewrote it, if any. */
export function normaliseType(dialect: SchemaDialect, raw: string): { value: string; rule: string | null } {
  const t = raw
    .trim()
    .toLowerCase()
    .replace(/\s*([(),])\s*/g, '$1')
    .replace(/\s+/g, ' ');
  for (const r of TYPE_RULES) {
    if (!applies(r, dialect)) continue;
    const v = r.apply(t);
    if (v !== undefined && v !== null) return { value: v, rule: r.id };
  }
  return { value: t, rule: t === raw ? null : 'type-case' };
}

/** Canonical default of a raw default spelling, for a column of canonical type `type`. */
export function normaliseDefault(
  dialect: SchemaDialect,
  raw: string | null,
  type: string,
): { value: string | null; rule: string | null } {
  if (raw === null) return { value: null, rule: null };
  const d = dialect === 'sqlite' ? unwrap(raw) : raw.trim();
  for (const r of DEFAULT_RULES) {
    if (!applies(r, dialect)) continue;
    const v = r.apply(d, { type });
    if (v !== undefined) return { value: v, rule: r.id };
  }
  return { value: d, rule: null };
}

/** Canonical referential action; applied to the declared side too, so equal behaviour compares equal. */
export function normaliseFkAction(dialect: SchemaDialect, raw: string): FkAction {
  const a = raw.trim().toLowerCase() as FkAction;
  if (dialect === 'mariadb' && (a === 'no action' || a === 'restrict')) return 'restrict';
  return a;
}
