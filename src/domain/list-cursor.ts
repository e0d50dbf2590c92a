/**
 * A position in the list's default order (training date, newest first; then id, largest first),
 * taken from the last row of a page (Next) or the first (Previous). Paging from it reads the rows
 * next to that position through the date index, however deep it lies, where `page=N` skips
 * (N - 1) × size rows first.
 */
export interface ListCursor {
  /** `after`: the rows that follow the position (the next page); `before`: those just ahead (the previous). */
  readonly direction: 'after' | 'before';
  /** `YYYY-MM-DD`, of the row the position was taken from. */
  readonly trainingDate: string;
  readonly id: number;
}

/** The sort a cursor pages: the list's default (training date, newest first). */
export function isCursorOrder(query: { readonly sort: string; readonly direction: 'asc' | 'desc' }): boolean {
  return query.sort === 'trainingDate' && query.direction === 'desc';
}

/**
 * Whether `row` lies after `position` in the default order (an older date, or the same date and a
 * smaller id); a row at the position itself lies neither after nor before it.
 */
export function liesAfter(
  row: { readonly trainingDate: string; readonly id: number },
  position: { readonly trainingDate: string; readonly id: number },
): boolean {
  return (
    row.trainingDate < position.trainingDate || (row.trainingDate === position.trainingDate && row.id < position.id)
  );
}

/** Whether `row` lies before `position` in the default order (see {@link liesAfter}). */
export function liesBefore(
  row: { readonly trainingDate: string; readonly id: number },
  position: { readonly trainingDate: string; readonly id: number },
): boolean {
  return (
    row.trainingDate > position.trainingDate || (row.trainingDate === position.trainingDate && row.id > position.id)
  );
}
