import { FTS5_TOKENIZER, sqliteFullTextTriggers } from '../../../db/helpers/full-text.ts';
import type { Difference } from './schema-diff.ts';
import type { FullTextIndexModel, SchemaDialect, TableModel } from './schema-model.ts';

/** `full-text (a, b)`, with the FTS5 tokenizer on SQLite (declared: the one `createFullTextIndex` writes). */
export function describeFullTextIndex(dialect: SchemaDialect, i: FullTextIndexModel): string {
  const tokenizer = dialect === 'sqlite' ? ` tokenize '${i.tokenizer ?? FTS5_TOKENIZER}'` : '';
  return `full-text (${i.columns.join(', ')})${tokenizer}`;
}

/** Trigger text compared with runs of whitespace made one space (SQLite keeps the text as written). */
const canonicalTrigger = (sql: string) =>
  sql
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^create trigger /i, 'CREATE TRIGGER ');

/**
 * Full-text indexes (missing, extra, different; on SQLite also out of step with their table: it
 * indexes another number of rows than the table has), and on SQLite the triggers: each present
 * full-text index's three (missing or edited) and any other trigger on the table (extra). A missing,
 * extra or changed index is one difference: its triggers are not reported beside it.
 */
export function diffFullText(
  dialect: SchemaDialect,
  table: string,
  want: TableModel,
  have: TableModel,
  out: Difference[],
): void {
  const wanted = want.fullTextIndexes ?? [];
  const found = have.fullTextIndexes ?? [];
  const reported = new Set<string>();
  const push = (kind: Difference['kind'], object: string, expected: string | null, got: string | null) =>
    out.push({ kind, table, object, expected, found: got });
  const expectedTriggers = new Map<string, string>();
  for (const d of wanted) {
    const f = found.find((i) => i.name === d.name);
    const expected = describeFullTextIndex(dialect, d);
    if (!f) {
      push('missing-full-text-index', d.name, expected, null);
      reported.add(d.name);
      continue;
    }
    if (describeFullTextIndex(dialect, f) !== expected) {
      push('full-text-index-definition', d.name, expected, describeFullTextIndex(dialect, f));
      reported.add(d.name);
      continue;
    }
    for (const t of sqliteFullTextTriggers(table, d.name, d.columns)) expectedTriggers.set(t.name, t.sql);
    if (f.outOfStep)
      push(
        'full-text-index-out-of-step',
        d.name,
        `${f.outOfStep.table} row(s) indexed (as many as ${table} has)`,
        `${f.outOfStep.indexed} row(s) indexed`,
      );
  }
  for (const f of found)
    if (!wanted.some((d) => d.name === f.name)) {
      push('extra-full-text-index', f.name, null, describeFullTextIndex(dialect, f));
      reported.add(f.name);
    }
  if (!have.triggers) return; // MariaDB: a FULLTEXT index has no triggers
  for (const [name, sql] of expectedTriggers) {
    const live = have.triggers[name];
    if (live === undefined) push('missing-trigger', name, sql, null);
    else if (canonicalTrigger(live) !== canonicalTrigger(sql)) push('trigger-definition', name, sql, live);
  }
  const ofReported = (name: string) =>
    [...reported].some((i) => name.startsWith(i) && /^_a[idu]$/.test(name.slice(i.length)));
  for (const [name, sql] of Object.entries(have.triggers))
    if (!expectedTriggers.has(name) && !ofReported(name)) push('extra-trigger', name, null, sql);
}
