import { DEFAULT_PAGE_SIZE, SORT_FIELDS, type SortField, type TrainingFormQuery } from '../../domain/list-query.ts';
import { isIsoDate } from '../../domain/training-form-validation.ts';

/** The list page's state, exactly as it appears in the URL (so links and the back button keep it). */
export interface ListParams {
  readonly q: string;
  readonly type: string;
  readonly trainer: string;
  readonly from: string;
  readonly to: string;
  readonly trainee: string;
  readonly traineeName: string;
  readonly sort: SortField;
  readonly dir: 'asc' | 'desc';
  readonly page: number;
  readonly size: number;
}

export const PAGE_SIZES = [10, 25, 50, 100] as const;
const KEYS = ['q', 'type', 'trainer', 'from', 'to', 'trainee', 'traineeName', 'sort', 'dir', 'page', 'size'] as const;

/** Reads the URL query; anything malformed falls back to the default (and is reported for dates). */
export function parseListParams(raw: unknown): { params: ListParams; errors: Record<string, string> } {
  const r = (raw ?? {}) as Record<string, unknown>;
  const text = (k: string, max = 200) => (typeof r[k] === 'string' ? (r[k] as string).trim().slice(0, max) : '');
  const errors: Record<string, string> = {};
  const date = (k: string) => {
    const v = text(k, 10);
    if (v !== '' && !isIsoDate(v)) {
      errors[k] = 'Not a date (YYYY-MM-DD); ignored.';
      return '';
    }
    return v;
  };
  const sort = text('sort');
  const size = Number(text('size'));
  const page = Number(text('page'));
  const trainee = text('trainee');
  return {
    params: {
      q: text('q'),
      type: text('type', 50),
      trainer: text('trainer', 120),
      from: date('from'),
      to: date('to'),
      trainee: /^\d{1,9}$/.test(trainee) ? trainee : '',
      traineeName: text('traineeName', 120),
      sort: (SORT_FIELDS as readonly string[]).includes(sort) ? (sort as SortField) : 'trainingDate',
      dir: text('dir') === 'asc' ? 'asc' : 'desc',
      page: Number.isSafeInteger(page) && page >= 1 && page <= 1_000_000 ? page : 1,
      size: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE,
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
    sort: p.sort,
    direction: p.dir,
    page: p.page,
    pageSize: p.size,
  };
}

/** A URL for `path` with these parameters changed; defaults are left out to keep URLs short. */
export function listUrl(path: string, p: ListParams, change: Partial<ListParams> = {}): string {
  const merged: ListParams = { ...p, ...change };
  const defaults: Partial<Record<(typeof KEYS)[number], string>> = { sort: 'trainingDate', dir: 'desc', page: '1', size: String(DEFAULT_PAGE_SIZE) };
  const search = new URLSearchParams();
  for (const key of KEYS) {
    const value = String(merged[key]);
    if (value !== '' && value !== defaults[key]) search.set(key, value);
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Link for a sortable column header: same column toggles the direction, a new column starts descending. */
export function sortUrl(path: string, p: ListParams, field: SortField): string {
  const dir = p.sort === field && p.dir === 'desc' ? 'asc' : 'desc';
  return listUrl(path, p, { sort: field, dir, page: 1 });
}

/** A positive integer id from a path parameter, or null (the route then answers 404). */
export function idParam(value: unknown): number | null {
  return typeof value === 'string' && /^[1-9]\d{0,8}$/.test(value) ? Number(value) : null;
}
