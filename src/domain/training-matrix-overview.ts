import type { ControlledDocument, DocumentRevision } from './controlled-document.ts';
import { compareText, matrixStatus, type StatusCounts } from './training-matrix.ts';

/** How many active employees of a department have one newest trained date on one document (`TrainingMatrixQueries`). */
export interface DepartmentTally {
  readonly department: string;
  readonly documentId: number;
  /** Effective date of the newest revision trained on; null: never trained. */
  readonly newestTrainedEffectiveDate: string | null;
  readonly employees: number;
}

/** One department and one document of the overview. */
export interface OverviewCell {
  readonly department: string;
  readonly documentId: number;
  readonly counts: StatusCounts;
  /** Everyone of the department the document is required of. */
  readonly total: number;
  /** Current on the current revision, in whole percent rounded down (100 only when all are). */
  readonly percentCurrent: number;
}

/** The training matrix as departments × documents: who of each department is current on each document. */
export interface MatrixOverview {
  /** Documents required of someone, by reference, each with its current revision (today, UTC). */
  readonly documents: readonly {
    readonly document: ControlledDocument;
    readonly currentRevision: DocumentRevision | null;
  }[];
  /** Departments by name; `cells` line up with `documents` (null: not required of this department). */
  readonly departments: readonly { readonly department: string; readonly cells: readonly (OverviewCell | null)[] }[];
}

/** Classifies the tallies (`matrixStatus`) and lays them out; tallies of documents not in `documents` are left out. */
export function toOverview(
  tallies: readonly DepartmentTally[],
  documents: readonly ControlledDocument[],
  currentByDocument: ReadonlyMap<number, DocumentRevision | null>,
): MatrixOverview {
  const columns = [...documents]
    .sort((a, b) => compareText(a.reference, b.reference))
    .map((document) => ({ document, currentRevision: currentByDocument.get(document.id) ?? null }));
  const counts = new Map<string, Map<number, Record<keyof StatusCounts, number>>>();
  for (const t of tallies) {
    if (!currentByDocument.has(t.documentId)) continue;
    const byDocument = counts.get(t.department) ?? new Map<number, Record<keyof StatusCounts, number>>();
    counts.set(t.department, byDocument);
    const cell = byDocument.get(t.documentId) ?? { current: 0, outdated: 0, never: 0 };
    byDocument.set(t.documentId, cell);
    cell[matrixStatus(t.newestTrainedEffectiveDate, currentByDocument.get(t.documentId) ?? null)] += t.employees;
  }
  const departments = [...counts.keys()].sort(compareText).map((department) => ({
    department,
    cells: columns.map(({ document }) => {
      const c = counts.get(department)?.get(document.id);
      if (!c) return null;
      const total = c.current + c.outdated + c.never;
      return {
        department,
        documentId: document.id,
        counts: c,
        total,
        percentCurrent: Math.floor((c.current * 100) / total),
      };
    }),
  }));
  return { documents: columns, departments };
}
