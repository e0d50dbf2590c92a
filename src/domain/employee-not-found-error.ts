import { DomainError } from './errors.ts';

/** No employee has this id (inactive employees are found: they keep their record). */
export class EmployeeNotFoundError extends DomainError {
  constructor(readonly id: number) {
    super('EMPLOYEE_NOT_FOUND', `Employee ${id} does not exist`);
  }
}
