import type { Employee, EmployeeFields } from '../employee.ts';

/** The employees known to the application (synced from the company directory). */
export interface EmployeeRepository {
  /** The employees among `ids` that exist, in ascending id order; unknown ids are left out. */
  findByIds(ids: readonly number[]): Promise<Employee[]>;

  /** Active employees whose name, email or UPN contains `text`, by name; at most `limit`. */
  search(text: string, limit: number): Promise<Employee[]>;

  /**
   * Employees, active or not, whose name, email or UPN contains `text`, by name (at most `limit`),
   * and how many match in all: the people a typed trainee name filters the list by.
   */
  named(text: string, limit: number): Promise<{ items: Employee[]; total: number }>;

  /**
   * Inserts or updates by `directoryId`; returns how many were added and updated. A row whose
   * fields already match is left untouched (its `lastSyncedAt` too), so a repeated sync writes nothing.
   */
  upsert(employees: readonly EmployeeFields[]): Promise<{ added: number; updated: number }>;

  /**
   * Marks inactive every active employee whose `directoryId` is not in `listed`, setting
   * `lastSyncedAt` to `at`; returns how many. Never deletes.
   */
  deactivateMissing(listed: readonly string[], at: Date): Promise<number>;

  /** How many employees are active. */
  countActive(): Promise<number>;
}
