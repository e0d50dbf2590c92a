import type { AttachmentRepository } from './attachment-repository.ts';
import type { AuditLog } from './audit-log.ts';
import type { EmployeeRepository } from './employee-repository.ts';
import type { TrainingFormRepository } from './training-form-repository.ts';

/** The repositories bound to one transaction. */
export interface TransactionalRepositories {
  readonly forms: TrainingFormRepository;
  readonly employees: EmployeeRepository;
  readonly audit: AuditLog;
  readonly attachments: AttachmentRepository;
}

/**
 * Runs `work` in one database transaction: every write inside commits together or not at all.
 * A rejection of `work` rolls back and is rethrown unchanged.
 */
export interface UnitOfWork {
  run<T>(work: (repos: TransactionalRepositories) => Promise<T>): Promise<T>;
}
