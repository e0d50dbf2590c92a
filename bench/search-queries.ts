import { randomSource } from '../src/adapters/db/seed/seed-database.ts';

/** The text of a seeded form that queries are drawn from. */
export interface SearchableText {
  readonly title: string;
  readonly trainer: string;
  readonly description: string | null;
  readonly reference_document: string | null;
}

const words = (s: string | null) => (s ?? '').match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * `count` distinct realistic queries drawn from the text of `rows` (seed 7): 45 % one word's first
 * 3-8 letters, 25 % two words of one form, 10 % a whole reference (`SOP-605`), 10 % a quoted pair
 * of title words, 10 % a 1-2 character word. Fewer when the text does not hold that many.
 */
export function drawQueries(rows: readonly SearchableText[], count: number, seed = 7): string[] {
  const rnd = randomSource(seed);
  const out = new Set<string>();
  for (let tries = 0; out.size < count && tries < count * 50; tries++) {
    const r = rnd.pick(rows);
    const title = words(r.title);
    const all = [...title, ...words(r.trainer), ...words(r.description)].filter((w) => w.length >= 3);
    const w = rnd.pick(all.length ? all : ['form']);
    const kind = rnd.next();
    if (kind < 0.45) out.add(w.slice(0, rnd.int(3, Math.max(3, Math.min(8, w.length)))).toLowerCase());
    else if (kind < 0.7) out.add(`${w.toLowerCase()} ${rnd.pick(all.length ? all : ['form']).slice(0, 5)}`);
    else if (kind < 0.8 && r.reference_document) out.add(r.reference_document);
    else if (kind < 0.9 && title.length >= 2) {
      const i = rnd.int(0, title.length - 2);
      out.add(`"${title[i]} ${title[i + 1]}"`);
    } else out.add(w.slice(0, rnd.int(1, 2)).toLowerCase());
  }
  return [...out];
}
