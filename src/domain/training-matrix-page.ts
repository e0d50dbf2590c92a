import type { DocumentStatusCount } from './ports/training-matrix-queries.ts';
import type { MatrixDocument, MatrixRow, MatrixStatus, OverdueEntry, StatusCounts } from './training-matrix.ts';

/** People shown per page of a matrix table (the CSV has everyone). */
export const MATRIX_PAGE_SIZE = 100;
/** Overdue entries shown on a matrix page, longest overdue first (the status filter and the CSV have all). */
export const OVERDUE_SHOWN = 25;

/** Which page of a matrix a reader asks for. */
export interface MatrixPageRequest {
  /** 1-based; past the end gives the last page. Default 1. */
  readonly page?: number;
  /** Only people with at least one cell of this status (the counts stay everyone's). */
  readonly status?: MatrixStatus;
}

/** One page of people of a matrix table. */
export interface MatrixPeoplePage {
  /** Every cell of the people of the page, ordered by name, employee id, document id. */
  readonly rows: readonly MatrixRow[];
  /** 1-based, clamped to the pages there are. */
  readonly page: number;
  readonly lastPage: number;
  /** People matching the status filter. */
  readonly total: number;
  /** 1-based positions of the first and last person shown (0 and 0 when there is none). */
  readonly first: number;
  readonly last: number;
}

/** What a matrix page shows: everyone's counts, the longest overdue and one page of people. */
export interface TrainingMatrixPage {
  /** Each document of the matrix (by reference) with its current revision (today, UTC) and its counts. */
  readonly documents: readonly MatrixDocument[];
  /** Across every cell. */
  readonly counts: StatusCounts;
  /** Everyone in scope. */
  readonly people: number;
  /** How many cells are overdue. */
  readonly overdueTotal: number;
  /** The {@link OVERDUE_SHOWN} longest overdue, in `overdueEntries` order. */
  readonly overdue: readonly OverdueEntry[];
  readonly shown: MatrixPeoplePage;
}

/** Where page `requested` of `total` people starts, clamped as {@link MatrixPeoplePage} says. */
export function pagePosition(total: number, requested = 1, size = MATRIX_PAGE_SIZE) {
  const lastPage = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, Math.trunc(requested)), lastPage);
  const offset = (page - 1) * size;
  const shown = Math.max(0, Math.min(size, total - offset));
  return { page, lastPage, total, offset, limit: size, first: shown ? offset + 1 : 0, last: offset + shown };
}

/** Each document's counts from the database's per-status tallies (zeros where there is none). */
export function countsByDocument(tallies: readonly DocumentStatusCount[]): Map<number, StatusCounts> {
  const out = new Map<number, Record<MatrixStatus, number>>();
  for (const t of tallies) {
    const counts = out.get(t.documentId) ?? { current: 0, outdated: 0, never: 0 };
    counts[t.status] += t.cells;
    out.set(t.documentId, counts);
  }
  return out;
}

/** The sum of some counts. */
export function sumCounts(all: readonly StatusCounts[]): StatusCounts {
  const sum = { current: 0, outdated: 0, never: 0 };
  for (const c of all) for (const s of ['current', 'outdated', 'never'] as const) sum[s] += c[s];
  return sum;
}
