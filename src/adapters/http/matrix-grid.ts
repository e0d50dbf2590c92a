import type { TrainingMatrix } from '../../domain/training-matrix-service.ts';
import type { MatrixEmployee, MatrixRow } from '../../domain/training-matrix.ts';

/** One employee's line of a department matrix: their cell per document id. */
export interface GridLine {
  readonly employee: MatrixEmployee;
  readonly cells: ReadonlyMap<number, MatrixRow>;
}

/** Rows (one per employee and document) as one line per employee, in the rows' order (name, then id). */
export function gridLines(rows: readonly MatrixRow[]): GridLine[] {
  const lines = new Map<number, { employee: MatrixEmployee; cells: Map<number, MatrixRow> }>();
  for (const row of rows) {
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
