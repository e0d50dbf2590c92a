import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { parseSearchText, type SearchTerm } from '../../../domain/search-terms.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { likeContains } from '../connection/db-values.ts';

/** The full-text index of `training_forms` (src/declared-schema) and the columns it holds. */
const INDEX = 'fts_training_forms';
const COLUMNS = ['title', 'description', 'trainer', 'reference_document'] as const;

/** Only letters and digits reach a full-text query; the parser yields nothing else, this makes sure. */
const wordOnly = (w: string) => w.replace(/[^\p{L}\p{N}]/gu, '');

/**
 * The FTS5 MATCH expression of the prefix and phrase terms (`"calib"* AND "clean room"`), or null
 * when there are none. Every word is a quoted FTS5 string, so `AND`, `NEAR`, `*`, `-`, `(` and
 * quotes in the input are never syntax.
 */
export function fts5Query(terms: readonly SearchTerm[]): string | null {
  const quote = (words: readonly string[]) => `"${words.map(wordOnly).join(' ').replaceAll('"', '""')}"`;
  const parts = terms.flatMap((t) =>
    t.kind === 'prefix' ? [`${quote([t.word])}*`] : t.kind === 'phrase' ? [quote(t.words)] : [],
  );
  return parts.length ? parts.join(' AND ') : null;
}

/**
 * The MariaDB boolean-mode query of the prefix and phrase terms (`+calib* +"clean room"`), or null
 * when there are none. Words hold only letters and digits, so boolean-mode operators (`+ - < > ( )
 * ~ * " @`) in the input are never operators.
 */
export function booleanModeQuery(terms: readonly SearchTerm[]): string | null {
  const parts = terms.flatMap((t) =>
    t.kind === 'prefix'
      ? [`+${wordOnly(t.word)}*`]
      : t.kind === 'phrase'
        ? [`+"${t.words.map(wordOnly).join(' ')}"`]
        : [],
  );
  return parts.length ? parts.join(' ') : null;
}

/**
 * The conditions a search text puts on `training_forms`: one full-text match for its indexed
 * terms (FTS5 on SQLite, MATCH … AGAINST on MariaDB; a bound parameter either way) and a LIKE over
 * the four columns for each `contains` term.
 */
export function textConditions(
  eb: ExpressionBuilder<Database, 'training_forms'>,
  text: string,
  dialect: 'sqlite' | 'mariadb',
): Expression<SqlBool>[] {
  const terms = parseSearchText(text);
  const list: Expression<SqlBool>[] = [];
  const query = dialect === 'sqlite' ? fts5Query(terms) : booleanModeQuery(terms);
  if (query !== null)
    list.push(
      dialect === 'sqlite'
        ? sql<SqlBool>`${sql.ref('training_forms.id')} in (select rowid from ${sql.table(INDEX)} where ${sql.table(INDEX)} match ${query})`
        : sql<SqlBool>`match (${sql.join(COLUMNS.map((c) => sql.ref(c)))}) against (${query} in boolean mode)`,
    );
  for (const t of terms)
    if (t.kind === 'contains')
      list.push(eb.or(COLUMNS.map((c) => sql<SqlBool>`${sql.ref(c)} like ${likeContains(t.text)} escape '!'`)));
  return list;
}
