import { EmployeeNotFoundError } from './employee-not-found-error.ts';
import type { EmployeePage, EmployeeTrainingRecord, TrainingRecordFilter } from './employee-training-record.ts';
import type { Clock } from './ports/clock.ts';
import type { EmployeeTrainingRecordReader } from './ports/employee-training-record-reader.ts';

/** The largest page of the employee search. */
export const MAX_EMPLOYEE_PAGE_SIZE = 100;

/** Answers "what was this person trained on?" and finds the person first. */
export class EmployeeRecordService {
  constructor(private readonly deps: { readonly reader: EmployeeTrainingRecordReader; readonly clock: Clock }) {}

  /**
   * The employee (active or not) with every non-deleted training they attended that matches
   * `filter`, newest first. Blank filter values are ignored; the document text is trimmed.
   * Throws {@link EmployeeNotFoundError}.
   */
  async record(employeeId: number, filter: TrainingRecordFilter = {}): Promise<EmployeeTrainingRecord> {
    const employee = await this.deps.reader.employee(employeeId);
    if (!employee) throw new EmployeeNotFoundError(employeeId);
    const entries = await this.deps.reader.trainings(employeeId, cleanFilter(filter));
    return { employee, entries, asOf: this.deps.clock.now() };
  }

  /**
   * Employees (inactive too) whose name, email or department contains `text`, by name; page
   * numbers start at 1, a page size is clamped to 1..{@link MAX_EMPLOYEE_PAGE_SIZE}.
   */
  async search(text: string, page = 1, pageSize = 25): Promise<EmployeePage> {
    const size = Math.min(Math.max(Math.trunc(pageSize), 1), MAX_EMPLOYEE_PAGE_SIZE);
    const number = Math.max(Math.trunc(page), 1);
    const found = await this.deps.reader.findEmployees(text.trim(), (number - 1) * size, size);
    return { items: found.items, total: found.total, page: number, pageSize: size };
  }
}

function cleanFilter(filter: TrainingRecordFilter): TrainingRecordFilter {
  const out: { from?: string; to?: string; document?: string } = {};
  if (filter.from?.trim()) out.from = filter.from.trim();
  if (filter.to?.trim()) out.to = filter.to.trim();
  if (filter.document?.trim()) out.document = filter.document.trim();
  return out;
}
