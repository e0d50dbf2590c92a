import { parseSearchText, wordsOf } from '../../src/domain/search-terms.ts';

/** Case and accents folded as FTS5's `unicode61 remove_diacritics 2` and utf8mb4_unicode_ci fold them. */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('en');

/**
 * The list's text search over a form's searchable fields, as the full-text indexes answer it
 * (src/domain/search-terms.ts): every term matches some field — a word prefix, a phrase (the same
 * words in a row), or a case-insensitive substring.
 */
export function matchesSearchText(text: string, fields: readonly (string | null)[]): boolean {
  const docs = fields.map((f) => f ?? '');
  const words = docs.map((d) => wordsOf(fold(d)));
  return parseSearchText(text).every((t) => {
    if (t.kind === 'contains') return docs.some((d) => d.toLowerCase().includes(t.text.toLowerCase()));
    if (t.kind === 'prefix') return words.some((ws) => ws.some((w) => w.startsWith(fold(t.word))));
    const phrase = t.words.map(fold);
    return words.some((ws) => ws.some((_, i) => phrase.every((p, j) => ws[i + j] === p)));
  });
}
