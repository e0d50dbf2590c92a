import type { AuditLog } from './audit-log.ts';
import type { DocumentRegister } from './document-register.ts';
import type { TrainingRequirements } from './training-requirements.ts';

/** The register's repositories bound to one transaction. */
export interface RegisterRepositories {
  readonly documents: DocumentRegister;
  readonly requirements: TrainingRequirements;
  readonly audit: AuditLog;
}

/** The reading half, for {@link RegisterUnitOfWork.read}: nothing here can write. */
export interface RegisterReaders {
  readonly documents: Pick<
    DocumentRegister,
    'findDocument' | 'findDocumentByReference' | 'listDocuments' | 'findRevision' | 'revisionsOf'
  >;
  readonly requirements: Pick<TrainingRequirements, 'find' | 'listForDocument' | 'listForScope'>;
}

/**
 * Transactions over the register, as `UnitOfWork` does for forms: `run` commits every write of
 * `work` (the change and its audit event) together or none, and may run `work` again after a
 * deadlock or lost cluster certification, so `work` must only use the repositories it is given.
 * A rejection rolls back and is rethrown unchanged. `read` runs without a transaction.
 */
export interface RegisterUnitOfWork {
  run<T>(work: (repos: RegisterRepositories) => Promise<T>): Promise<T>;
  read<T>(work: (repos: RegisterReaders) => Promise<T>): Promise<T>;
}
