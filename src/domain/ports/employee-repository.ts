import type { Employee, EmployeeFields } from '../employee.ts';

/** The employees known to the application (synced from the company directory). */
export interface EmployeeRepository {
  /** The employees among `ids` that exist, in ascending id order; unknown ids are left out. */
  findByIds(ids: readonly number[]): Promise<Employee[]>;

  /** Active employees whose name, email or UPN contains `text`, by name; at most `limit`. */
  search(text: string, limit: number): Promise<Employee[]>;

  /** Inserts or updates by `directoryId`; returns how many were added and updated. */
  upsert(employees: readonly EmployeeFields[]): Promise<{ added: number; updated: number }>;
}
