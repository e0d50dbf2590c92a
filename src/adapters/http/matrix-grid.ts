import type { TrainingMatrix } from '../../domain/training-matrix-service.ts';
import type { MatrixEmployee, MatrixRow, MatrixStatus } from '../../domain/training-matrix.ts';

/** One employee's line of a department matrix: their cell per document id. */
export interface GridLine {
  readonly employee: MatrixEmployee;
  readonly cells: ReadonlyMap<number, MatrixRow>;
}

/** The matrix's rows as one line per employee, in the matrix's order (name, then id). */
export function gridLines(matrix: TrainingMatrix): GridLine[] {
  const lines = new Map<number, { employee: MatrixEmployee; cells: Map<number, MatrixRow> }>();
  for (const row of matrix.rows) {
    const line = lines.get(row.employee.id) ?? { employee: row.employee, cells: new Map<number, MatrixRow>() };
    line.cells.set(row.documentId, row);
    lines.set(row.employee.id, line);
  }
  return [...lines.values()];
}

/** The CSV columns of a matrix export: one record per employee and document. */
export const MATRIX_CSV_COLUMNS = [
  'Employee ID',
  'Employee',
  'Department',
  'Job title',
  'Document',
  'Current revision',
  'Status',
  'Trained revision',
  'Last training date',
  'Due since',
] as const;

/** The records of {@link MATRIX_CSV_COLUMNS}, in the matrix's row order. */
export function matrixCsvRecords(matrix: TrainingMatrix): (string | number | null)[][] {
  const documents = new Map(matrix.documents.map((d) => [d.document.id, d]));
  return matrix.rows.map((row) => {
    const column = documents.get(row.documentId);
    const current = column?.currentRevision ?? null;
    return [
      row.employee.id,
      row.employee.displayName,
      row.employee.department,
      row.employee.jobTitle,
      column?.document.reference ?? null,
      current?.revision ?? null,
      row.status,
      row.trainedRevision,
      row.lastTrainingDate,
      row.status !== 'current' && current ? current.effectiveDate : null,
    ];
  });
}

/** People shown per page of a matrix table (the CSV has everyone). */
export const MATRIX_PAGE_SIZE = 100;
/** Overdue entries shown on a matrix page, longest overdue first (the status filter and the CSV have all). */
export const OVERDUE_SHOWN = 25;

/** One page of a matrix table. */
export interface MatrixPage<T> {
  readonly items: readonly T[];
  /** 1-based, clamped to the pages there are. */
  readonly page: number;
  readonly lastPage: number;
  readonly total: number;
  /** 1-based positions of the first and last item shown (0 and 0 when there is none). */
  readonly first: number;
  readonly last: number;
}

/** The `requested` page (default 1; past the end: the last) of `items`, `size` a page. */
export function matrixPage<T>(items: readonly T[], requested = 1, size = MATRIX_PAGE_SIZE): MatrixPage<T> {
  const lastPage = Math.max(1, Math.ceil(items.length / size));
  const page = Math.min(Math.max(1, Math.trunc(requested)), lastPage);
  const start = (page - 1) * size;
  const shown = items.slice(start, start + size);
  return {
    items: shown,
    page,
    lastPage,
    total: items.length,
    first: shown.length ? start + 1 : 0,
    last: start + shown.length,
  };
}

/** Lines with at least one cell of `status` (all lines without one). */
export function linesWithStatus(lines: readonly GridLine[], status: MatrixStatus | undefined): readonly GridLine[] {
  if (!status) return lines;
  return lines.filter((line) => [...line.cells.values()].some((cell) => cell.status === status));
}
