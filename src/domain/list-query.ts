import { isCursorOrder, type ListCursor } from './list-cursor.ts';

/** Columns a list of forms may be sorted by. */
export const SORT_FIELDS = ['trainingDate', 'title', 'trainer', 'trainingType', 'createdAt', 'traineeCount'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

/** The direction a column sorts in when first chosen: text A→Z, dates and counts largest first. */
export function firstDirection(field: SortField): 'asc' | 'desc' {
  return field === 'title' || field === 'trainer' || field === 'trainingType' ? 'asc' : 'desc';
}

/** A search over training forms; every filter is optional. */
export interface TrainingFormQuery {
  /** Searches title, description, trainer and reference document: every word (docs/search.md, search-terms.ts). */
  readonly text?: string;
  readonly trainingType?: string;
  readonly trainer?: string;
  /** Inclusive bounds, `YYYY-MM-DD`. */
  readonly dateFrom?: string;
  readonly dateTo?: string;
  readonly traineeId?: number;
  /**
   * Forms with a trainee (active or not) whose name, email or UPN contains this (case-insensitive):
   * a typed name filters by everyone it matches.
   */
  readonly traineeName?: string;
  /** Part of the document reference (`cr-004` finds `SOP-CR-004`; ASCII letters in any case). */
  readonly referenceDocument?: string;
  /** The reference's revision label, whole (ASCII letters in any case). */
  readonly referenceRevision?: string;
  /** Only these forms (a selection; at most `MAX_BULK_FORMS`, see bulk-action.ts). */
  readonly ids?: readonly number[];
  readonly sort: SortField;
  readonly direction: 'asc' | 'desc';
  /**
   * 1-based. With a `cursor` it only labels the page ("Page 7 of 40"): the cursor says which rows.
   */
  readonly page: number;
  readonly pageSize: number;
  /**
   * The rows next to this position instead of the `page`-th: seek paging, for the default sort only
   * ({@link normaliseQuery} drops it with any other).
   */
  readonly cursor?: ListCursor;
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
    traineeName: blankToUndefined(query.traineeName),
    referenceDocument: blankToUndefined(query.referenceDocument),
    referenceRevision: blankToUndefined(query.referenceRevision),
    ids: query.ids,
    sort: query.sort && SORT_FIELDS.includes(query.sort) ? query.sort : 'trainingDate',
    direction: query.direction === 'asc' ? 'asc' : 'desc',
    page: Math.max(Math.trunc(query.page ?? 1), 1),
    pageSize,
    cursor:
      query.cursor && isCursorOrder({ sort: query.sort ?? 'trainingDate', direction: query.direction ?? 'desc' })
        ? query.cursor
        : undefined,
  };
}

/**
 * The page `fetch` gives for `query`, or, when `query.page` lies past the last page (a bookmark
 * after deletions, `?page=9999`), the last page instead: its `page` says which one was shown.
 * When counting was capped the last page is the cap's. A cursor that finds nothing after it (the
 * rows were deleted since) gives the last page too; one that finds less than a page before it
 * reached the start, so the first page is shown (whole, and numbered 1).
 * A cursor's result keeps the `page` asked for as its label.
 */
export async function pageWithinRange<T>(
  query: TrainingFormQuery,
  fetch: (query: TrainingFormQuery) => Promise<Page<T>>,
): Promise<Page<T>> {
  const result = await fetch(query);
  const { cursor } = query;
  if (cursor?.direction === 'before' && result.items.length < query.pageSize)
    return fetch({ ...query, cursor: undefined, page: 1 });
  if (cursor && result.items.length === 0 && result.total > 0)
    return pageWithinRange({ ...query, cursor: undefined }, fetch);
  if (result.items.length > 0 || result.total === 0 || query.page === 1) return result;
  const lastPage = Math.max(1, Math.ceil(result.total / query.pageSize));
  return lastPage < query.page ? fetch({ ...query, page: lastPage }) : result;
}

/**
 * What is wrong with a date range (`YYYY-MM-DD` bounds, either may be blank), said of its end: an
 * end before the start matches nothing. `undefined` when the range is fine.
 */
export function dateRangeError(dateFrom: string, dateTo: string): string | undefined {
  if (dateFrom === '' || dateTo === '' || dateTo >= dateFrom) return undefined;
  return `Before the From date (${dateFrom}): nothing can match. Swap the dates?`;
}
