import type { Employee } from '../employee.ts';
import type { TrainingRecordEntry, TrainingRecordFilter } from '../employee-training-record.ts';

/**
 * The reads behind the employee training record and the employee search page. Inactive employees
 * are included everywhere (people who left keep their record); soft-deleted forms never are.
 */
export interface EmployeeTrainingRecordReader {
  /** The employee with this id, active or not; null when there is none. */
  employee(id: number): Promise<Employee | null>;

  /**
   * Every non-deleted training form the employee is a trainee of that matches `filter`, newest
   * first (training date, then form id, descending), each with its signature state (see
   * `signatureState`: the form's latest signature against its version). An unknown employee gives [].
   */
  trainings(employeeId: number, filter: TrainingRecordFilter): Promise<TrainingRecordEntry[]>;

  /**
   * Employees (inactive too) whose name, email or department contains `text` (ASCII letters in
   * any case — on MariaDB accents are ignored too; '' matches everyone), ordered by display name, then id;
   * `offset`/`limit` page them.
   * `total` counts every match.
   */
  findEmployees(text: string, offset: number, limit: number): Promise<{ items: Employee[]; total: number }>;
}
