import { CHARACTER_SET } from '../../declared-schema/define.ts';
import type { CheckReport } from './schema-check.ts';
import type { Difference } from './schema-diff.ts';

const WHAT: Record<Difference['kind'], string> = {
  'missing-table': 'missing table',
  'extra-table': 'extra table',
  'missing-column': 'missing column',
  'extra-column': 'extra column',
  'column-type': 'column type',
  'column-nullability': 'column nullability',
  'column-default': 'column default',
  'column-auto-increment': 'column auto-increment',
  'primary-key': 'primary key',
  'missing-index': 'missing index',
  'extra-index': 'extra index',
  'index-definition': 'index definition',
  'missing-foreign-key': 'missing foreign key',
  'extra-foreign-key': 'extra foreign key',
  'foreign-key-definition': 'foreign key definition',
  'missing-full-text-index': 'missing full-text index',
  'extra-full-text-index': 'extra full-text index',
  'full-text-index-definition': 'full-text index definition',
  'full-text-index-out-of-step': 'full-text index out of step with its table',
  'missing-trigger': 'missing trigger',
  'extra-trigger': 'extra trigger',
  'trigger-definition': 'trigger definition',
  'character-set': 'character set',
};

/** One line per difference, naming the table / column / index and expected vs found. */
export function describeDifference(d: Difference): string {
  const where =
    d.kind.includes('index') || d.kind.includes('foreign-key') || d.kind.includes('trigger')
      ? `${d.object} on ${d.table}`
      : (d.object ?? d.table);
  return `${WHAT[d.kind]} ${where}: expected ${d.expected ?? 'nothing'}, found ${d.found ?? 'nothing'}`;
}

/** The people-facing report of `check` (lines, no trailing newline). */
export function formatCheckReport(r: CheckReport): string[] {
  const v = r.verdicts;
  const lines = [`schema check: ${r.target}`];
  if (r.ok) {
    lines.push('✅ 1. no pending migrations: every migration file is applied');
    lines.push('✅ 2. no unknown migrations: the database has applied nothing the code lacks');
    lines.push(
      `✅ 3. applied migrations unchanged since they were applied${v.changedMigrations.unverified.length ? ` (not verifiable, no checksum of this form recorded: ${v.changedMigrations.unverified.join(', ')})` : ''}`,
    );
    lines.push(`✅ 4. schema matches the declaration (${v.schemaDifferences.tables} tables, no differences)`);
    return lines;
  }
  lines.push('❌ SCHEMA MISMATCH DETECTED!');
  lines.push(
    v.pendingMigrations.ok
      ? '✅ 1. no pending migrations'
      : `❌ 1. pending migrations (files not applied): ${v.pendingMigrations.migrations.length}`,
  );
  for (const m of v.pendingMigrations.migrations) lines.push(`   - pending migration ${m}`);
  lines.push(
    v.unknownMigrations.ok
      ? '✅ 2. no unknown migrations'
      : '❌ 2. migration version mismatch between local and remote: applied in the database, not in the code:',
  );
  for (const m of v.unknownMigrations.migrations) lines.push(`   - unknown applied migration ${m}`);
  lines.push(
    v.changedMigrations.ok
      ? '✅ 3. applied migrations unchanged'
      : '❌ 3. applied migrations whose file changed since they were applied:',
  );
  for (const m of v.changedMigrations.migrations)
    lines.push(
      `   - changed migration ${m.name}: checksum when applied ${m.appliedChecksum.slice(0, 12)}, file now ${m.fileChecksum.slice(0, 12)}`,
    );
  lines.push(
    v.schemaDifferences.ok
      ? '✅ 4. schema matches the declaration'
      : `❌ 4. schema differences (declaration vs database): ${v.schemaDifferences.differences.length}`,
  );
  for (const d of v.schemaDifferences.differences) lines.push(`   - ${describeDifference(d)}`);
  lines.push('', 'Likely causes:');
  if (!v.pendingMigrations.ok) lines.push('  - migrations were added but not applied to this database yet');
  if (!v.unknownMigrations.ok)
    lines.push(
      '  - a migration was created and applied (locally?) but never committed, or this code is older than the database',
    );
  if (!v.changedMigrations.ok)
    lines.push(
      '  - an applied migration was edited afterwards: applied migrations are frozen history; put the change in a new migration',
    );
  const charsets = v.schemaDifferences.differences.filter((d) => d.kind === 'character-set');
  const structural = v.schemaDifferences.differences.length > charsets.length;
  if (structural)
    lines.push(
      '  - the declared schema (src/declared-schema/declared-schema.ts) changed without a migration, or the database was changed by hand',
    );
  if (charsets.length)
    lines.push(
      "  - the database (or a table) was created with the server's default character set instead of utf8mb4 (ops/sql/setup_mariadb_*.sql creates it right)",
    );
  lines.push('', 'How to fix:');
  if (!v.unknownMigrations.ok) lines.push('  - commit the missing migration file(s), or deploy the code that has them');
  if (!v.changedMigrations.ok)
    lines.push(
      '  - restore the applied file(s) from git (git checkout -- db/migrations/<file>) and add a new migration instead',
    );
  if (!v.pendingMigrations.ok) lines.push('  npm run db -- upgrade head');
  if (charsets.length) {
    const expected = `CHARACTER SET ${CHARACTER_SET.characterSet} COLLATE ${CHARACTER_SET.collation}`;
    const tables = [...new Set(charsets.map((d) => d.table).filter((t) => t !== '(database default)'))];
    lines.push('  # character sets are not part of migrations: convert once, after a backup (npm run backup)');
    lines.push(`  ALTER DATABASE <database> ${expected};`);
    for (const t of tables) lines.push(`  ALTER TABLE \`${t}\` CONVERT TO ${expected};`);
    lines.push(
      '  # CONVERT TO widens TEXT columns to MEDIUMTEXT (to keep their capacity); check again: it names each one.',
    );
    lines.push('  # Narrow one back once its longest value fits (SELECT MAX(LENGTH(c)) FROM t  ≤ 65535):');
    lines.push('  #   ALTER TABLE `t` MODIFY `c` TEXT [NOT NULL];');
  }
  if (structural) {
    lines.push('  npm run db -- revision --autogenerate -m "describe the change"');
    lines.push('  # review the new file in db/migrations/ (destructive steps need --allow-destructive)');
    lines.push('  npm run db -- upgrade head');
    lines.push('  npm run schema:check');
    lines.push('  git add db/migrations src/declared-schema && git commit');
  }
  return lines;
}

/** One of the four verdicts for people (the admin home): passed or not, its headline, and what it lists. */
export interface VerdictLine {
  readonly ok: boolean;
  readonly title: string;
  /** Each pending / unknown / changed migration or difference, as `check` prints it (unverifiable ones as a note). */
  readonly items: readonly string[];
}

/** The four verdicts of `check` in order, worded as {@link formatCheckReport} words them. */
export function checkVerdictLines(r: CheckReport): VerdictLine[] {
  const v = r.verdicts;
  const unverified = v.changedMigrations.unverified;
  return [
    {
      ok: v.pendingMigrations.ok,
      title: v.pendingMigrations.ok
        ? '1. no pending migrations: every migration file is applied'
        : `1. pending migrations (files not applied): ${v.pendingMigrations.migrations.length}`,
      items: v.pendingMigrations.migrations.map((m) => `pending migration ${m}`),
    },
    {
      ok: v.unknownMigrations.ok,
      title: v.unknownMigrations.ok
        ? '2. no unknown migrations: the database has applied nothing the code lacks'
        : '2. migration version mismatch between local and remote: applied in the database, not in the code',
      items: v.unknownMigrations.migrations.map((m) => `unknown applied migration ${m}`),
    },
    {
      ok: v.changedMigrations.ok,
      title: v.changedMigrations.ok
        ? '3. applied migrations unchanged since they were applied'
        : '3. applied migrations whose file changed since they were applied',
      items: [
        ...v.changedMigrations.migrations.map(
          (m) =>
            `changed migration ${m.name}: checksum when applied ${m.appliedChecksum.slice(0, 12)}, file now ${m.fileChecksum.slice(0, 12)}`,
        ),
        ...(unverified.length ? [`not verifiable (no checksum of this form recorded): ${unverified.join(', ')}`] : []),
      ],
    },
    {
      ok: v.schemaDifferences.ok,
      title: v.schemaDifferences.ok
        ? `4. schema matches the declaration (${v.schemaDifferences.tables} tables, no differences)`
        : `4. schema differences (declaration vs database): ${v.schemaDifferences.differences.length}`,
      items: v.schemaDifferences.differences.map(describeDifference),
    },
  ];
}
