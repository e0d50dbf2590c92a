/**
 * What the list's text search means (docs/search.md), independent of any database: the text is cut
 * into terms, every term must match (AND), and each term is one of
 *
 * - `prefix`: a word of 3+ letters or digits: matches the start of a word (`calib` finds "Calibration");
 * - `phrase`: a quoted run of such words: the same words in that order;
 * - `contains`: a word of 1-2 characters, a common word (see {@link COMMON_WORDS}) or a quoted
 *   phrase holding one: matches anywhere in the text, as a substring (the full-text indexes do not
 *   hold such words: InnoDB skips words under 3 characters and its stopwords).
 *
 * Words are runs of Unicode letters and digits; anything else separates them, so user input
 * reaches the database only as words (the adapters quote them for FTS5 and MariaDB's boolean mode).
 */
export type SearchTerm =
  | { readonly kind: 'prefix'; readonly word: string }
  | { readonly kind: 'phrase'; readonly words: readonly string[] }
  | { readonly kind: 'contains'; readonly text: string };

/** Words shorter than this are not in MariaDB's full-text index (`innodb_ft_min_token_size`, default 3). */
export const MIN_INDEXED_LENGTH = 3;

/** At most this many terms are used (the rest of a pasted paragraph is ignored). */
export const MAX_TERMS = 12;

/** InnoDB's default stopword list (`INFORMATION_SCHEMA.INNODB_FT_DEFAULT_STOPWORD`): not in its index. */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  (
    'a about an are as at be by com de en for from how i in is it la of on or that the this to was what when ' +
    'where who will with und www'
  ).split(' '),
);

const WORD = /[\p{L}\p{N}]+/gu;

const indexable = (word: string) =>
  word.length >= MIN_INDEXED_LENGTH && !COMMON_WORDS.has(word.toLocaleLowerCase('en'));

/** The words of a piece of text. */
export const wordsOf = (text: string): string[] => text.normalize('NFC').match(WORD) ?? [];

/** The terms of a search text, in order, without repeats; empty when the text is blank. */
export function parseSearchText(text: string): SearchTerm[] {
  const parts = text.normalize('NFC').split('"');
  // An unclosed quote quotes nothing: its text is read as unquoted words.
  if (parts.length % 2 === 0) parts.splice(-2, 2, `${parts.at(-2) ?? ''} ${parts.at(-1) ?? ''}`);
  const terms: SearchTerm[] = [];
  parts.forEach((part, i) => {
    const words = wordsOf(part);
    if (i % 2 === 0) {
      for (const w of words) terms.push(indexable(w) ? { kind: 'prefix', word: w } : { kind: 'contains', text: w });
      return;
    }
    const raw = part.trim().replace(/\s+/g, ' ');
    if (words.length > 0 && words.every(indexable)) terms.push({ kind: 'phrase', words });
    else if (raw) terms.push({ kind: 'contains', text: raw });
  });
  // Nothing but punctuation ("50%" has a word; "_" has none): the text itself, as a substring.
  if (terms.length === 0 && text.trim()) terms.push({ kind: 'contains', text: text.trim() });
  const seen = new Set<string>();
  return terms
    .filter((t) => {
      const key = JSON.stringify(t).toLocaleLowerCase('en');
      return !seen.has(key) && seen.add(key);
    })
    .slice(0, MAX_TERMS);
}
