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

/** One page of people: those with at least one cell of `status` (everyone when null). */
export interface PeoplePageRequest {
  readonly status: MatrixStatus | null;
  readonly offset: number;
  readonly limit: number;
}

/**
 * The facts behind the training matrix, aggregated by the database: for each active employee in
 * the scope of a requirement, the newest revision of the document they attended a non-deleted
 * training on. "In scope" means the employee's department or job title is exactly a required
 * scope's value. Classifying (current / outdated / never) is the domain's (`matrixStatus`); the
 * page queries count, filter and order by it with the thresholds the domain passes (`MatrixRule`).
 * The people order is display name, then employee id, as the database orders text (MariaDB's
 * collation folds case); the overdue order compares names code point by code point, as the domain.
 */
export interface TrainingMatrixQueries {
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
   * The scope's cells counted per document and status (a (document, status) without cells has no
   * entry), and its people: everyone, and per status those with at least one cell of it.
   */
  counts(scope: MatrixScope): Promise<MatrixCounts>;

  /**
   * Every cell of one page of the scope's people (those with a cell of `status`, when given),
   * people ordered by display name and employee id, `offset` people skipped and at most `limit`
   * taken; each person's cells by document id.
   */
  peoplePage(scope: MatrixScope, page: PeoplePageRequest): Promise<EmployeeDocumentTraining[]>;

  /**
   * The first `limit` overdue cells: not current, on a document whose `currentFrom` is not null;
   * ordered by `currentFrom` (the day the training was due), display name (code point order),
   * employee id, then the order of `rules`.
   */
  overdue(scope: MatrixScope, limit: number): Promise<EmployeeDocumentTraining[]>;

  /**
   * The whole matrix counted by department: for each department of active employees and each
   * non-retired document required of them (by department or job title, as in
   * {@link departmentTraining}), how many have each newest trained revision's effective date (null:
   * never trained). One row per (department, document, date), in no particular order; employees
   * without a department are left out.
   */
  departmentTallies(): Promise<DepartmentTally[]>;
}
