import t from 'tap';
import type { MigrationFile } from '../../../src/adapters/db/migrator/migration-files.ts';
import {
  MigrationPlanError,
  migrationStatus,
  planDowngrade,
  planStamp,
  planUpgrade,
} from '../../../src/adapters/db/migrator/migration-plan.ts';
import { planMigration } from '../../../src/adapters/schema-check/autogenerate.ts';
import { checkSchema } from '../../../src/adapters/schema-check/schema-check.ts';

const file = (name: string): MigrationFile => ({
  name,
  path: `/m/${name}.ts`,
  checksum: `c-${name}`,
  algorithm: 'sha256-code-v1',
});
const files = ['20260101000000_a', '20260102000000_b', '20260103000000_c'].map(file);
const applied = (...names: string[]) =>
  names.map((name) => ({
    name,
    appliedAt: '2026-01-01T00:00:00.000Z',
    checksum: `c-${name}`,
    algorithm: 'sha256-code-v1',
  }));
const names = (fs: readonly MigrationFile[]) => fs.map((f) => f.name);

t.test('upgrade plans', async (t) => {
  t.same(names(planUpgrade(migrationStatus(files, []), 'head')), names(files));
  t.same(names(planUpgrade(migrationStatus(files, applied('20260101000000_a')), 'head')), [
    '20260102000000_b',
    '20260103000000_c',
  ]);
  t.same(
    names(planUpgrade(migrationStatus(files, []), '20260102000000_b')),
    ['20260101000000_a', '20260102000000_b'],
    'up to and including a target',
  );
  t.same(
    names(planUpgrade(migrationStatus(files, []), '20260102')),
    ['20260101000000_a', '20260102000000_b'],
    'a unique part of a name is enough',
  );
  t.throws(
    () => planUpgrade(migrationStatus(files, []), '2026010'),
    MigrationPlanError,
    'an ambiguous part is refused',
  );
  t.throws(() => planUpgrade(migrationStatus(files, []), 'zzzz'), /no migration named "zzzz"/);
  t.throws(
    () => planUpgrade(migrationStatus(files, applied('20260101000000_a', '20260103000000_c')), 'head'),
    /sorts before the applied/,
    'an older file still pending is refused',
  );
  t.throws(
    () => planUpgrade(migrationStatus(files, applied('20260101000000_a', '20260102000000_b')), '20260101000000_a'),
    /use downgrade/,
  );
  t.throws(
    () => planUpgrade(migrationStatus(files, applied('20990101000000_x')), 'head'),
    /does not have: 20990101000000_x/,
  );
});

t.test('downgrade plans, newest first', async (t) => {
  const all = migrationStatus(files, applied(...names(files)));
  t.same(names(planDowngrade(all, '-1')), ['20260103000000_c']);
  t.same(names(planDowngrade(all, '-2')), ['20260103000000_c', '20260102000000_b']);
  t.same(
    names(planDowngrade(all, '20260101000000_a')),
    ['20260103000000_c', '20260102000000_b'],
    'the target stays applied',
  );
  t.same(names(planDowngrade(all, 'base')), ['20260103000000_c', '20260102000000_b', '20260101000000_a']);
  t.throws(() => planDowngrade(all, '-4'), /only 3 migration\(s\) applied/);
  t.throws(() => planDowngrade(all, '-0'), /N ≥ 1/);
  t.throws(
    () => planDowngrade(migrationStatus(files, applied('20260101000000_a')), '20260102000000_b'),
    /is not applied/,
  );
});

t.test('stamp plans', async (t) => {
  const s = planStamp(
    migrationStatus(files, applied('20260101000000_a', '20260102000000_b', '20260103000000_c')),
    '20260101000000_a',
  );
  t.same(
    { record: names(s.record), forget: names(s.forget) },
    { record: [], forget: ['20260103000000_c', '20260102000000_b'] },
  );
  const h = planStamp(migrationStatus(files, []), 'head');
  t.same(names(h.record), names(files));
  t.throws(() => planStamp(migrationStatus([], []), 'head'), /no migrations to stamp/);
});

t.test('verdict 3: changed checksums fail, missing ones are listed as unverified', async (t) => {
  const base = { dialect: 'sqlite' as const, target: 'x', declared: { tables: {} }, live: { tables: {} } };
  const r = checkSchema({
    ...base,
    files: [
      { name: 'a', checksum: '1' },
      { name: 'b', checksum: '2' },
      { name: 'c', checksum: '3' },
    ],
    applied: [
      { name: 'a', checksum: '1' },
      { name: 'b', checksum: null },
      { name: 'c', checksum: '9' },
    ],
  });
  t.same(r.verdicts.changedMigrations, {
    ok: false,
    migrations: [{ name: 'c', appliedChecksum: '9', fileChecksum: '3' }],
    unverified: ['b'],
  });
  t.equal(r.ok, false);
  const clean = checkSchema({
    ...base,
    files: [{ name: 'a', checksum: '1' }],
    applied: [{ name: 'a', checksum: null }],
  });
  t.equal(clean.ok, true, 'a migration applied without a checksum (Kysely Migrator) is not an alarm');
  const forms = checkSchema({
    ...base,
    files: [{ name: 'a', checksum: '1', algorithm: 'sha256-code-v1' }],
    applied: [{ name: 'a', checksum: '7', algorithm: 'sha256-code-v1-js' }],
  });
  t.same(
    forms.verdicts.changedMigrations,
    { ok: true, migrations: [], unverified: ['a'] },
    'a compiled .js checksum is never compared with the .ts source',
  );
});

t.test('autogenerate marks exactly the steps that can lose data', async (t) => {
  const col = (type: string, nullable = false, d: string | null = null) => ({
    type,
    nullable,
    default: d,
    autoIncrement: false,
  });
  const from = {
    tables: {
      t: {
        columns: { id: col('integer'), name: col('varchar(40)'), note: col('text', true), gone: col('integer', true) },
        primaryKey: ['id'],
        indexes: [],
        foreignKeys: [],
      },
      old: { columns: { id: col('integer') }, primaryKey: ['id'], indexes: [], foreignKeys: [] },
    },
  };
  const to = {
    tables: {
      t: {
        columns: {
          id: col('integer'),
          name: col('varchar(20)'),
          note: col('text'),
          extra: col('integer'),
          wide: col('varchar(10)', true),
        },
        primaryKey: ['id'],
        indexes: [{ name: 'ix_t_name', columns: ['name'], unique: false }],
        foreignKeys: [],
      },
    },
  };
  const withRows = planMigration('mariadb', from, to, { t: 3, old: 0 });
  const reasons = withRows.steps
    .map((s) => s.destructive)
    .filter(Boolean)
    .join(' | ');
  t.match(reasons, 't.name narrows varchar(40) to varchar(20)');
  t.match(reasons, 'makes t.note NOT NULL on a table with 3 row(s)');
  t.match(reasons, 'adds NOT NULL column t.extra without a default to a table with 3 row(s)');
  t.match(reasons, 'drops column t.gone and its data');
  t.match(reasons, 'drops table old and its 0 row(s)');
  t.notMatch(reasons, 'wide', 'adding a nullable column is safe');
  t.notMatch(reasons, 'ix_t_name', 'indexes are safe');
  const empty = planMigration('mariadb', from, to, {});
  const emptyReasons = empty.steps
    .map((s) => s.destructive)
    .filter(Boolean)
    .join(' | ');
  t.notMatch(emptyReasons, 'NOT NULL', 'NOT NULL on an empty table is safe');
  t.match(emptyReasons, 'narrows', 'narrowing is always flagged');
  t.same(planMigration('sqlite', to, to, {}).steps, [], 'nothing to do, no steps');
});
