import { type Static, Type } from '@sinclair/typebox';
import {
  DEFAULT_PAGE_SIZE,
  dateRangeError,
  firstDirection,
  SORT_FIELDS,
  type SortField,
  type TrainingFormQuery,
} from '../../domain/list-query.ts';
import { isCursorOrder, type ListCursor } from '../../domain/list-cursor.ts';
import { isIsoDate } from '../../domain/training-form-validation.ts';
import { oneOf, text } from './route-schemas.ts';

/** The list page's state, exactly as it appears in the URL (so links and the back button keep it). */
export interface ListParams {
  readonly q: string;
  readonly type: string;
  readonly trainer: string;
  readonly from: string;
  readonly to: string;
  readonly trainee: string;
  readonly traineeName: string;
  /** Part of the document reference, and its revision label. */
  readonly document: string;
  readonly revision: string;
  readonly sort: SortField;
  readonly dir: 'asc' | 'desc';
  readonly page: number;
  readonly size: number;
  /** A position (`YYYY-MM-DD_id`) the page continues from: set only by Next / Previous, default sort only. */
  readonly after: string;
  readonly before: string;
}

export const PAGE_SIZES = [10, 25, 50, 100] as const;
const KEYS = [
  'q',
  'type',
  'trainer',
  'from',
  'to',
  'trainee',
  'traineeName',
  'document',
  'revision',
  'sort',
  'dir',
  'page',
  'size',
  'after',
  'before',
] as const;

/** A list position in a URL: the training date and id of a row, `2026-03-15_4711`. */
const CURSOR = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])_[1-9][0-9]{0,8}$' });

/** The list and trash pages' query (and the CSV export's): its shape; the rules are below. */
export const ListQuery = Type.Object({
  q: text(),
  type: text(),
  trainer: text(),
  from: text(),
  to: text(),
  trainee: Type.Optional(Type.String({ pattern: '^[0-9]{0,9}$' })),
  traineeName: text(),
  document: text(),
  revision: text(),
  sort: Type.Optional(oneOf(SORT_FIELDS)),
  dir: Type.Optional(oneOf(['asc', 'desc'] as const)),
  page: Type.Optional(Type.Integer()),
  size: Type.Optional(Type.Integer()),
  /** Next / Previous of the default sort: a malformed position is refused (400), not guessed at. */
  after: Type.Optional(CURSOR),
  before: Type.Optional(CURSOR),
  /** `all`: every row of the page shown ticked ("select all on this page" without JavaScript). */
  select: Type.Optional(oneOf(['all'] as const)),
});
export type ListQuery = Static<typeof ListQuery>;

/**
 * The page state for a query: text trimmed and cut, a page out of range or a size not offered falls back; a bad date is
 * reported (and ignored), and so is a reversed date range (kept: it matches nothing).
 */
export function listParams(query: ListQuery): { params: ListParams; errors: Record<string, string> } {
  const trimmed = (value: string | undefined, max = 200) => (value ?? '').trim().slice(0, max);
  const errors: Record<string, string> = {};
  const date = (key: 'from' | 'to') => {
    const v = trimmed(query[key], 10);
    if (v !== '' && !isIsoDate(v)) {
      errors[key] = 'Not a date (YYYY-MM-DD); ignored.';
      return '';
    }
    return v;
  };
  const { page, size } = query;
  const [from, to] = [date('from'), date('to')];
  const reversed = dateRangeError(from, to);
  if (reversed) errors.to = reversed;
  const sort = query.sort ?? 'trainingDate';
  const dir = query.dir ?? 'desc';
  // A cursor pages the default sort only; with another a link carrying one is read by its page number.
  const seeks = isCursorOrder({ sort, direction: dir });
  const after = seeks ? (query.after ?? '') : '';
  return {
    params: {
      q: trimmed(query.q),
      type: trimmed(query.type, 50),
      trainer: trimmed(query.trainer, 120),
      from,
      to,
      trainee: query.trainee ?? '',
      traineeName: trimmed(query.traineeName, 120),
      document: trimmed(query.document, 120),
      revision: trimmed(query.revision, 20),
      sort,
      dir,
      page: page !== undefined && page >= 1 && page <= 1_000_000 ? page : 1,
      size: size !== undefined && (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE,
      after,
      before: seeks && after === '' ? (query.before ?? '') : '',
    },
    errors,
  };
}

/** The domain query for these parameters. */
export function toQuery(p: ListParams): Partial<TrainingFormQuery> {
  return {
    text: p.q,
    trainingType: p.type,
    trainer: p.trainer,
    dateFrom: p.from,
    dateTo: p.to,
    traineeId: p.trainee === '' ? undefined : Number(p.trainee),
    traineeName: p.trainee === '' ? p.traineeName : undefined,
    referenceDocument: p.document,
    referenceRevision: p.revision,
    sort: p.sort,
    direction: p.dir,
    page: p.page,
    pageSize: p.size,
    cursor: p.after ? cursorOf('after', p.after) : p.before ? cursorOf('before', p.before) : undefined,
  };
}

function cursorOf(direction: ListCursor['direction'], text: string): ListCursor {
  const [trainingDate = '', id = ''] = text.split('_');
  return { direction, trainingDate, id: Number(id) };
}

/** A row's position as a URL's `after` / `before` (the route schema's `CURSOR`). */
export function cursorText(row: { readonly trainingDate: string; readonly id: number }): string {
  return `${row.trainingDate}_${row.id}`;
}

/** A URL for `path` with these parameters changed; defaults are left out to keep URLs short. */
export function listUrl(path: string, p: ListParams, change: Partial<ListParams> = {}): string {
  // A position belongs to the link that sets it: any other change (a filter, a page number) drops it.
  const merged: ListParams = { ...p, after: '', before: '', ...change };
  const defaults: Partial<Record<(typeof KEYS)[number], string>> = {
    sort: 'trainingDate',
    dir: 'desc',
    page: '1',
    size: String(DEFAULT_PAGE_SIZE),
  };
  const search = new URLSearchParams();
  for (const key of KEYS) {
    const value = String(merged[key]);
    if (value !== '' && value !== defaults[key]) search.set(key, value);
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * Link for a sortable column header: the sorted column toggles its direction, another starts in its
 * first direction (text A→Z, dates and counts largest first).
 */
export function sortUrl(path: string, p: ListParams, field: SortField): string {
  const dir = p.sort !== field ? firstDirection(field) : p.dir === 'desc' ? 'asc' : 'desc';
  return listUrl(path, p, { sort: field, dir, page: 1 });
}
