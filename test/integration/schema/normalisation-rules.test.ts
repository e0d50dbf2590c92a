import t from 'tap';
import { migrationChecksum, normaliseMigrationSource } from '../../../src/adapters/db/migrator/migration-checksum.ts';
import { narrowing } from '../../../src/adapters/schema-check/autogenerate.ts';
import { canonicalDeclaredDefault } from '../../../src/adapters/schema-check/declared-model.ts';
import { migrationName } from '../../../src/adapters/schema-check/migration-file.ts';
import {
  NORMALISATION_RULES,
  normaliseDefault,
  normaliseFkAction,
  normaliseType,
} from '../../../src/adapters/schema-check/normalisation-rules.ts';

t.test('every value rule turns each of its examples into the canonical spelling, on its dialect', async (t) => {
  const dialects = (d: string) => (d === 'both' ? (['sqlite', 'mariadb'] as const) : ([d] as const));
  let checked = 0;
  for (const rule of NORMALISATION_RULES) {
    for (const [raw, canonical] of rule.examples ?? []) {
      for (const dialect of dialects(rule.dialect) as readonly ('sqlite' | 'mariadb')[]) {
        let got: string | null;
        if (rule.subject === 'type') got = normaliseType(dialect, raw).value;
        else if (rule.subject === 'default') {
          const [type = '', value = ''] = raw.split(/\|(.*)/s);
          got = normaliseDefault(dialect, value, type).value;
        } else got = normaliseFkAction(dialect, raw);
        t.equal(got, canonical, `${rule.id} (${dialect}): ${raw}`);
        checked++;
      }
    }
  }
  t.ok(checked >= 25, `${checked} examples replayed`);
  t.same([...new Set(NORMALISATION_RULES.map((r) => r.id))].length, NORMALISATION_RULES.length, 'rule ids are unique');
});

t.test('rules stay on their dialect: no false normalisation across dialects', async (t) => {
  t.equal(normaliseType('sqlite', 'tinyint(1)').value, 'tinyint(1)', 'tinyint(1) is a boolean only on MariaDB');
  t.equal(normaliseType('mariadb', 'tinyint(4)').value, 'tinyint(4)', 'only tinyint(1) is a boolean');
  t.equal(normaliseType('mariadb', 'bool').value, 'bool');
  t.equal(normaliseFkAction('sqlite', 'NO ACTION'), 'no action', 'SQLite keeps NO ACTION apart from RESTRICT');
  t.equal(normaliseFkAction('sqlite', 'RESTRICT'), 'restrict');
  t.equal(
    normaliseDefault('mariadb', 'false', 'boolean').value,
    "'false'",
    'a MariaDB default of the word false is a string',
  );
  t.equal(
    normaliseDefault('sqlite', "'abc'", 'integer').value,
    "'abc'",
    'a non-numeric string on an integer column stays a string',
  );
  t.equal(normaliseType('mariadb', 'varchar(200)').rule, null, 'canonical spelling passes untouched');
  t.equal(normaliseType('mariadb', 'int(11)').rule, 'mariadb-integer-display-width');
});

t.test('declared defaults are canonical in the same terms', async (t) => {
  t.equal(canonicalDeclaredDefault({ kind: 'boolean' }, { kind: 'literal', value: false }), '0');
  t.equal(canonicalDeclaredDefault({ kind: 'boolean' }, { kind: 'literal', value: true }), '1');
  t.equal(
    canonicalDeclaredDefault({ kind: 'decimal', precision: 10, scale: 2 }, { kind: 'literal', value: 1.5 }),
    '1.5',
  );
  t.equal(canonicalDeclaredDefault({ kind: 'varchar', length: 9 }, { kind: 'literal', value: "it's" }), "'it''s'");
  t.equal(canonicalDeclaredDefault({ kind: 'datetime' }, { kind: 'now' }), 'CURRENT_TIMESTAMP');
  t.equal(canonicalDeclaredDefault({ kind: 'integer' }, null), null);
});

t.test('the migration checksum ignores comments and whitespace, nothing else', async (t) => {
  const source = `import type { Kysely } from 'kysely';
// create the table
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('a').addColumn('x', 'varchar(20)').execute(); /* inline */
  const re = /a\\/b/g; const half = 1 / 2;
}`;
  const reformatted = source
    .replace('// create the table', '// Create THE table, reformatted')
    .replace(/\n {2}/g, '\n      ')
    .replace('/* inline */', '');
  t.equal(
    migrationChecksum(reformatted),
    migrationChecksum(source),
    'comment edits and re-indentation are not an alarm',
  );
  t.not(
    migrationChecksum(source.replace("'varchar(20)'", "'varchar(21)'")),
    migrationChecksum(source),
    'a changed literal is',
  );
  t.not(migrationChecksum(source.replace("'a'", "'b'")), migrationChecksum(source), 'a changed table name is');
  t.not(
    migrationChecksum(source.replace('// create the table', 'await db.schema.dropTable("a").execute();')),
    migrationChecksum(source),
    'added code is',
  );
  t.match(
    normaliseMigrationSource("const s = '// not a comment'; // a comment"),
    "const s='// not a comment';",
    'comment markers inside strings are kept',
  );
  t.match(
    normaliseMigrationSource('x = a / b; y = /re\\/x/;'),
    'x=a/b;y=/re\\/x/;',
    'division and regex literals are told apart',
  );
  t.match(migrationChecksum(source), /^[0-9a-f]{64}$/);
});

t.test('narrowing decides what autogenerate calls destructive', async (t) => {
  t.equal(narrowing('varchar(20)', 'varchar(40)'), null);
  t.match(narrowing('varchar(40)', 'varchar(20)'), /narrows/);
  t.equal(narrowing('varchar(40)', 'text'), null);
  t.match(narrowing('text', 'varchar(40)'), /changes type/);
  t.equal(narrowing('integer', 'bigint'), null);
  t.match(narrowing('bigint', 'integer'), /narrows/);
  t.equal(narrowing('decimal(10,2)', 'decimal(12,3)'), null);
  t.match(
    narrowing('decimal(10,2)', 'decimal(10,3)'),
    /narrows/,
    'more scale at the same precision loses integer digits',
  );
  t.match(narrowing('varchar(10)', 'integer'), /changes type/);
});

t.test('revision file names: UTC timestamp and a slug of the message', async (t) => {
  const at = new Date(Date.UTC(2026, 10, 24, 9, 5, 7));
  t.equal(migrationName('Add room & index to forms!', at), '20261124090507_add_room_index_to_forms');
  t.equal(migrationName('***', at), '20261124090507_migration');
  t.ok(migrationName('x'.repeat(200), at).length <= 75);
});
