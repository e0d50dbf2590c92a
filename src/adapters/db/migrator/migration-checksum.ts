import { createHash } from 'node:crypto';

/** Names the checksum algorithm stored beside each checksum, so it can evolve without false alarms. */
export const CHECKSUM_ALGORITHM = 'sha256-code-v1';

/**
 * The algorithm name for a file: compiled `.js` code differs from its `.ts` source (no type
 * annotations), so its checksums carry their own name and are never compared with the source's.
 */
export const checksumAlgorithm = (path: string): string =>
  path.endsWith('.js') ? `${CHECKSUM_ALGORITHM}-js` : CHECKSUM_ALGORITHM;

const WORD = /[\w$]/;

/**
 * The code of a migration file with comments and insignificant whitespace removed: string,
 * template and regular-expression literals are kept byte for byte, every run of whitespace
 * between tokens is dropped (or kept as one space between two word characters, where it separates
 * tokens). So re-indenting, re-wrapping or editing a comment does not change the checksum; any
 * change to the code (a name, a literal, a type annotation, a trailing comma, quote style) does.
 */
export function normaliseMigrationSource(source: string): string {
  const out: string[] = [];
  let last = ''; // last character emitted (kept apart: reading the end of a growing string is slow)
  let pendingSpace = false;
  let i = 0;
  const emit = (s: string) => {
    if (pendingSpace && WORD.test(last) && WORD.test(s[0] ?? '')) out.push(' ');
    pendingSpace = false;
    out.push(s);
    last = s.at(-1) ?? last;
  };
  const lastSignificant = () => last;
  while (i < source.length) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (/\s/.test(c)) {
      pendingSpace = true;
      i++;
    } else if (c === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') i++;
      pendingSpace = true;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? source.length : end + 2;
      pendingSpace = true;
    } else if (c === '"' || c === "'" || c === '`') {
      const start = i++;
      while (i < source.length && source[i] !== c) i += source[i] === '\\' ? 2 : 1;
      emit(source.slice(start, ++i));
    } else if (c === '/' && /^$|[(,=:[!&|?{};+\-*%<>~^]$/.test(lastSignificant())) {
      // a regular-expression literal (after an operator or at the start)
      const start = i++;
      let inClass = false;
      while (i < source.length && (inClass || source[i] !== '/')) {
        if (source[i] === '\\') i++;
        else if (source[i] === '[') inClass = true;
        else if (source[i] === ']') inClass = false;
        i++;
      }
      i++;
      while (i < source.length && /[a-z]/i.test(source[i] as string)) i++;
      emit(source.slice(start, i));
    } else {
      emit(c);
      i++;
    }
  }
  return out.join('');
}

/** The checksum stored when a migration is applied and compared by `check` (verdict 3). */
export function migrationChecksum(source: string): string {
  return createHash('sha256').update(normaliseMigrationSource(source)).digest('hex');
}
