import { Type, type Static } from '@sinclair/typebox';
import type { TrainingRecordFilter } from '../../domain/employee-training-record.ts';
import { dateRangeError } from '../../domain/list-query.ts';
import { isIsoDate } from '../../domain/training-form-validation.ts';
import { text } from './route-schemas.ts';

/** The record page's (and its CSV's) query: dates and part of a document reference. */
export const RecordQuery = Type.Object({ from: text(), to: text(), document: text() });
export type RecordQuery = Static<typeof RecordQuery>;

/** The employee search page's query. */
export const EmployeesQuery = Type.Object({ q: text(), page: Type.Optional(Type.Integer()) });

/** The record filter as it appears in the URL (so a link, the CSV and a bookmark keep it). */
export interface RecordParams {
  readonly from: string;
  readonly to: string;
  readonly document: string;
}

/**
 * The filter for a query: text trimmed and cut; a date that is not `YYYY-MM-DD` is reported and ignored, a reversed
 * range reported.
 */
export function recordParams(query: RecordQuery): { params: RecordParams; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const date = (key: 'from' | 'to') => {
    const v = (query[key] ?? '').trim().slice(0, 10);
    if (v !== '' && !isIsoDate(v)) {
      errors[key] = 'Not a date (YYYY-MM-DD); ignored.';
      return '';
    }
    return v;
  };
  const [from, to] = [date('from'), date('to')];
  const reversed = dateRangeError(from, to);
  if (reversed) errors.to = reversed;
  return { params: { from, to, document: (query.document ?? '').trim().slice(0, 120) }, errors };
}

/** The domain filter of these parameters. */
export const toFilter = (p: RecordParams): TrainingRecordFilter => ({ from: p.from, to: p.to, document: p.document });

/** `path` with the parameters as its query string; empty values and page 1 (the number) are left out. */
export function withParams(path: string, params: Readonly<Record<string, string | number>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== '' && value !== 1) search.set(key, String(value));
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}
