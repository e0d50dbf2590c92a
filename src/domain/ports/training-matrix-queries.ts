import type { DepartmentTally } from '../training-matrix-overview.ts';
import type { EmployeeDocumentTraining } from '../training-matrix.ts';

/**
 * The facts behind the training matrix, aggregated by the database: for each active employee in
 * the scope of a requirement, the newest revision of the document they attended a non-deleted
 * training on. "In scope" means the employee's department or job title is exactly a required
 * scope's value. Classifying (current / outdated / never) is the domain's (`matrixStatus`).
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

  /**
   * The whole matrix counted by department: for each department of active employees and each
   * non-retired document required of them (by department or job title, as in
   * {@link departmentTraining}), how many have each newest trained revision's effective date (null:
   * never trained). One row per (department, document, date), in no particular order; employees
   * without a department are left out.
   */
  departmentTallies(): Promise<DepartmentTally[]>;
}
