import type { ControlledDocument, DocumentRevision } from './controlled-document.ts';
import type { Employee } from './employee.ts';

/**
 * Where one employee stands on one required document: trained on the current revision (or a
 * later one issued ahead of its date), only on an older one (needs retraining), or never.
 */
export type MatrixStatus = 'current' | 'outdated' | 'never';
export const MATRIX_STATUSES: readonly MatrixStatus[] = ['current', 'outdated', 'never'];

export type MatrixEmployee = Pick<Employee, 'id' | 'displayName' | 'department' | 'jobTitle'>;

/** What the database knows of one employee and one required document (see `TrainingMatrixQueries`). */
export interface EmployeeDocumentTraining {
  readonly employee: MatrixEmployee;
  readonly documentId: number;
  /** Effective date of the newest revision of the document the employee attended a (non-deleted) training on. */
  readonly newestTrainedEffectiveDate: string | null;
  /** The latest training date on any revision of the document. */
  readonly lastTrainingDate: string | null;
}

/** One cell of the matrix. */
export interface MatrixRow {
  readonly employee: MatrixEmployee;
  readonly documentId: number;
  readonly status: MatrixStatus;
  /** Label of the newest revision trained on, or null. */
  readonly trainedRevision: string | null;
  readonly lastTrainingDate: string | null;
}

export type StatusCounts = Readonly<Record<MatrixStatus, number>>;

/** One document's column of a matrix. */
export interface MatrixDocument {
  readonly document: ControlledDocument;
  readonly currentRevision: DocumentRevision | null;
  readonly counts: StatusCounts;
}

/**
 * The status rule. With no revision in force yet, any training on the document counts as current
 * (people trained ahead of the first effective date are not behind).
 */
export function matrixStatus(
  newestTrainedEffectiveDate: string | null,
  current: DocumentRevision | null,
): MatrixStatus {
  return statusFrom(newestTrainedEffectiveDate, currentFrom(current));
}

/**
 * The status rule's threshold for a document: a training on a revision effective on or after this
 * date is current; null (no revision in force yet): any training is. The database compares with
 * it when it counts, filters and orders a matrix page (`TrainingMatrixQueries`).
 */
export function currentFrom(current: DocumentRevision | null): string | null {
  return current?.effectiveDate ?? null;
}

/** {@link matrixStatus} against a threshold from {@link currentFrom}: never, current, else outdated. */
export function statusFrom(newestTrainedEffectiveDate: string | null, threshold: string | null): MatrixStatus {
  if (newestTrainedEffectiveDate === null) return 'never';
  if (threshold === null || newestTrainedEffectiveDate >= threshold) return 'current';
  return 'outdated';
}

/** Classifies raw facts; `revisionsByDocument` holds every revision of each document in them. */
export function toMatrixRows(
  facts: readonly EmployeeDocumentTraining[],
  revisionsByDocument: ReadonlyMap<number, readonly DocumentRevision[]>,
  currentByDocument: ReadonlyMap<number, DocumentRevision | null>,
): MatrixRow[] {
  return facts.map((f) => {
    const trained = (revisionsByDocument.get(f.documentId) ?? []).find(
      (r) => r.effectiveDate === f.newestTrainedEffectiveDate,
    );
    return {
      employee: f.employee,
      documentId: f.documentId,
      status: matrixStatus(f.newestTrainedEffectiveDate, currentByDocument.get(f.documentId) ?? null),
      trainedRevision: trained?.revision ?? null,
      lastTrainingDate: f.lastTrainingDate,
    };
  });
}

export function countStatuses(rows: readonly Pick<MatrixRow, 'status'>[]): StatusCounts {
  const counts: Record<MatrixStatus, number> = { current: 0, outdated: 0, never: 0 };
  for (const r of rows) counts[r.status]++;
  return counts;
}

/** An employee behind on a document whose revision is in force. */
export interface OverdueEntry {
  readonly row: MatrixRow;
  readonly document: ControlledDocument;
  readonly currentRevision: DocumentRevision;
  /** The current revision's effective date: the day from which the training was due. */
  readonly dueSince: string;
}

/**
 * Who is overdue: not `current` on a document whose current revision is in force, longest
 * overdue first, then by name.
 */
export function overdueEntries(
  rows: readonly MatrixRow[],
  documents: ReadonlyMap<number, MatrixDocument>,
): OverdueEntry[] {
  const out: OverdueEntry[] = [];
  for (const row of rows) {
    const doc = documents.get(row.documentId);
    if (row.status === 'current' || !doc?.currentRevision) continue;
    out.push({
      row,
      document: doc.document,
      currentRevision: doc.currentRevision,
      dueSince: doc.currentRevision.effectiveDate,
    });
  }
  return out.sort(
    (a, b) =>
      compareText(a.dueSince, b.dueSince) ||
      compareText(a.row.employee.displayName, b.row.employee.displayName) ||
      a.row.employee.id - b.row.employee.id ||
      compareText(a.document.reference, b.document.reference),
  );
}

/** Plain code-unit order: the same on every host (no locale), and fast on 10k-row matrices. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
