import type { DepartmentTally } from '../training-matrix-overview.ts';
import type { EmployeeDocumentTraining, MatrixStatus, StatusCounts } from '../training-matrix.ts';

/**
 * One document of a matrix page and the domain's threshold for it (`currentFrom` in
 * training-matrix.ts). A cell is `never` without a training, `current` when `currentFrom` is null
 * or the newest trained revision's effective date is on or after it, else `outdated` — the
 * domain's `statusFrom`, which the database must reproduce exactly.
 */
export interface MatrixRule {
  readonly documentId: number;
  readonly currentFrom: string | null;
}

/**
 * The cells of a matrix page: each active employee (of `department`, when not null) and each
 * document of `rules` required of their department or job title. `rules` is in the order that
 * breaks ties in the overdue list (the domain passes the documents by reference); the documents
 * are taken as they are (the domain leaves retired ones out).
 */
export interface MatrixScope {
  readonly rules: readonly MatrixRule[];
  readonly department: string | null;
}

/** How many cells of one document have one status. */
export interface DocumentStatusCount {
  readonly documentId: number;
  readonly status: MatrixStatus;
  readonly cells: number;
}

/** How many people a scope has: everyone, and those with at least one cell of each status. */
export interface PeopleCounts {
  readonly everyone: number;
  readonly withStatus: StatusCounts;
}

/** The counts of a matrix page (`TrainingMatrixQueries.counts`). */
export interface MatrixCounts {
  readonly cells: readonly DocumentStatusCount[];
  readonly people: PeopleCounts;
}

/**
 * What one matrix page reads (`TrainingMatrixQueries.page`): one page of people — those with at
 * least one cell of `status` (everyone when null), `offset` people skipped, at most `limit` taken —
 * and the first `overdue` overdue cells.
 */
export interface MatrixPageQuery {
  readonly status: MatrixStatus | null;
  readonly offset: number;
  readonly limit: number;
  readonly overdue: number;
}

/** The facts of one matrix page (`TrainingMatrixQueries.page`). */
export interface MatrixPageFacts {
  readonly counts: MatrixCounts;
  /** Every cell of the page's people; people by display name and employee id, each one's cells by document id. */
  readonly people: readonly EmployeeDocumentTraining[];
  /**
   * The first overdue cells: not current, on a document whose `currentFrom` is not null; ordered by
   * `currentFrom` (the day the training was due), display name (code point order), employee id,
   * then the order of `rules`.
   */
  readonly overdue: readonly EmployeeDocumentTraining[];
}

export interface TrainingMatrixQueries {
  /**
   * A token that changes with every committed change that can move a matrix cell, whichever
   * process made it: forms and their trainees (as they change the per-(employee, document)
   * summary), requirements, documents and revisions, employees. Read once per page; a page read
   * after the token was read is at least as new as the token. Equal tokens: the same facts.
   */
  generation(): Promise<string>;

  /**
   * One row per active employee in scope of `documentId` (whatever the document's state), ordered by
   * display name, then employee id. An unknown document or one without requirements gives [].
   */
  documentTraining(documentId: number): Promise<EmployeeDocumentTraining[]>;

  /**
   * One row per (active employee of `department`, non-retired document required for the
   * department or for the employee's job title), ordered by display name, employee id, document
   * id. An unknown department gives [].
   */
  departmentTraining(department: string): Promise<EmployeeDocumentTraining[]>;

  /** The ids of the documents of {@link departmentTraining}'s rows, ascending ([] for an unknown department). */
  departmentDocuments(department: string): Promise<number[]>;

  /**
   * What a matrix page shows, read at once: the scope's cells counted per document and status (a
   * (document, status) without cells has no entry) and its people (everyone, and per status those
   * with at least one cell of it), one page of people and the first overdue cells
   * ({@link MatrixPageQuery}). A page past the end has no people; the counts are still given.
   */
  page(scope: MatrixScope, query: MatrixPageQuery): Promise<MatrixPageFacts>;

  /**
   * The whole matrix counted by department: for each department of active employees and each
   * non-retired document required of them (by department or job title, as in
   * {@link departmentTraining}), how many have each newest trained revision's effective date (null:
   * never trained). One row per (department, document, date), in no particular order; employees
   * without a department are left out.
   */
  departmentTallies(): Promise<DepartmentTally[]>;
}
