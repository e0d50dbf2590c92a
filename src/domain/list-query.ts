/** Columns a list of forms may be sorted by. */
export const SORT_FIELDS = ['trainingDate', 'title', 'trainer', 'trainingType', 'createdAt'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

/** A search over training forms; every filter is optional. */
export interface TrainingFormQuery {
  /** Matches title, description, trainer and reference document (case-insensitive substring). */
  readonly text?: string;
  readonly trainingType?: string;
  readonly trainer?: string;
  /** Inclusive bounds, `YYYY-MM-DD`. */
  readonly dateFrom?: string;
  readonly dateTo?: string;
  readonly traineeId?: number;
  readonly sort: SortField;
  readonly direction: 'asc' | 'desc';
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  /**
   * True when counting stopped at a cap: there are *at least* `total` matches (the pages show
   * "10,000+"). Counting every match of a broad search costs more than the page itself.
   */
  readonly totalCapped?: boolean;
  readonly page: number;
  readonly pageSize: number;
}

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 25;

/** Fills defaults and clamps paging so a repository never sees an unbounded request. */
export function normaliseQuery(query: Partial<TrainingFormQuery>): TrainingFormQuery {
  const blankToUndefined = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
  const pageSize = Math.min(Math.max(Math.trunc(query.pageSize ?? DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE);
  return {
    text: blankToUndefined(query.text),
    trainingType: blankToUndefined(query.trainingType),
    trainer: blankToUndefined(query.trainer),
    dateFrom: blankToUndefined(query.dateFrom),
    dateTo: blankToUndefined(query.dateTo),
    traineeId: query.traineeId,
    sort: query.sort && SORT_FIELDS.includes(query.sort) ? query.sort : 'trainingDate',
    direction: query.direction === 'asc' ? 'asc' : 'desc',
    page: Math.max(Math.trunc(query.page ?? 1), 1),
    pageSize,
  };
}
