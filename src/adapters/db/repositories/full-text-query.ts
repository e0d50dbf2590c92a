import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { COMMON_WORDS, MIN_INDEXED_LENGTH, parseSearchText, type SearchTerm } from '../../../domain/search-terms.ts';
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

/**
 * The words that must start a word of a reference for `text` to be part of it, as both full-text
 * indexes cut words: runs of ASCII letters and digits that follow a space or a hyphen inside `text`
 * (the first word may be the end of a longer one, so it gives nothing), of 3+ characters and no
 * beginning of a common word (InnoDB holds neither: `abou` would miss "about"). Each then begins a
 * word of any reference that holds `text`, in both indexes, so the full-text match only narrows the
 * rows the LIKE checks.
 */
export function referenceWordStarts(text: string): string[] {
  const starts = [...text.matchAll(/[ -]([A-Za-z0-9]+)/g)].map((m) => m[1]!.toLowerCase());
  const common = [...COMMON_WORDS];
  return [...new Set(starts)].filter((w) => w.length >= MIN_INDEXED_LENGTH && !common.some((c) => c.startsWith(w)));
}

/**
 * The conditions of the reference document filter: the reference contains `text` (a LIKE, as
 * ever), after a full-text match of {@link referenceWordStarts} when it has any, so that
 * `SOP-123` reads the forms the index gives for "123" instead of every form's reference.
 */
export function referenceConditions(text: string, dialect: 'sqlite' | 'mariadb'): Expression<SqlBool>[] {
  const like = sql<SqlBool>`${sql.ref('reference_document')} like ${likeContains(text)} escape '!'`;
  const words = referenceWordStarts(text);
  if (words.length === 0) return [like];
  const match =
    dialect === 'sqlite'
      ? sql<SqlBool>`${sql.ref('training_forms.id')} in (select rowid from ${sql.table(INDEX)} where ${sql.table(INDEX)} match ${`{reference_document} : (${words.map((w) => `"${w}"*`).join(' AND ')})`})`
      : sql<SqlBool>`match (${sql.join(COLUMNS.map((c) => sql.ref(c)))}) against (${words.map((w) => `+${w}*`).join(' ')} in boolean mode)`;
  return [match, like];
}
