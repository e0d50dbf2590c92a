/** Conversions between domain values and the portable column values of the declared schema. */

/** A `Date` as the `datetime` column text, UTC with milliseconds: `2026-11-24 08:15:00.123`. */
export function toDbTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * A `datetime` column value back to a `Date`. Both dialects return `2026-11-24 08:15:00.123`, except
 * MariaDB's prepared statements, which leave out a zero fraction (`08:15:00`); both forms parse.
 */
export function fromDbTime(value: string): Date {
  const normalised = value.includes('T') ? value : value.replace(' ', 'T');
  return new Date(normalised.endsWith('Z') ? normalised : `${normalised}Z`);
}

export function fromDbTimeOrNull(value: string | null): Date | null {
  return value === null ? null : fromDbTime(value);
}

/** `boolean` columns hold 0/1 on both dialects (better-sqlite3 cannot bind JS booleans). */
export const toDbBool = (value: boolean): number => (value ? 1 : 0);
export const fromDbBool = (value: number | boolean | string): boolean => Number(value) === 1;

/** Escapes `%`, `_` and the escape character itself for `LIKE ... ESCAPE '!'`. */
export function likeContains(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** Splits `items` into arrays of at most `size` (bulk statements stay under parameter limits). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
