import type { AttachmentRepository } from './attachment-repository.ts';
import type { AuditLog } from './audit-log.ts';
import type { DocumentRegister } from './document-register.ts';
import type { EmployeeRepository } from './employee-repository.ts';
import type { FormDetailsReader } from './form-details-reader.ts';
import type { FormSignatureRepository } from './form-signature-repository.ts';
import type { TrainingFormRepository } from './training-form-repository.ts';

/** The repositories bound to one transaction. */
export interface TransactionalRepositories {
  readonly forms: TrainingFormRepository;
  readonly employees: EmployeeRepository;
  readonly audit: AuditLog;
  readonly attachments: AttachmentRepository;
  /** The register, read to check and copy a form's chosen revision. */
  readonly documents: RegisterLookups;
  readonly signatures: FormSignatureRepository;
}

/** What forms read of the documents register. */
export type RegisterLookups = Pick<DocumentRegister, 'findDocument' | 'findRevision' | 'listDocuments' | 'revisionsOf'>;

/** The reading half of the repositories, for {@link UnitOfWork.read}: nothing here can write. */
export interface ReadRepositories {
  readonly forms: Pick<
    TrainingFormRepository,
    'findById' | 'search' | 'summaries' | 'monthlyCounts' | 'unlinkedReferences'
  >;
  readonly employees: Pick<EmployeeRepository, 'findByIds' | 'search' | 'named'>;
  readonly audit: Pick<AuditLog, 'listFor'>;
  readonly attachments: Pick<AttachmentRepository, 'findById' | 'listFor'>;
  readonly documents: RegisterLookups;
  readonly signatures: Pick<FormSignatureRepository, 'latestFor'>;
}

/** What {@link UnitOfWork.read} hands out: the reading repositories and reads shaped for one page. */
export interface Readers extends ReadRepositories {
  /** The detail page's read: a form with its trainees, attachments and history together. */
  readonly details: FormDetailsReader;
}

/**
 * Runs `work` in one database transaction: every write inside commits together or not at all.
 * A rejection of `work` rolls back and is rethrown unchanged. `work` may be run more than once
 * (the database refused the commit: a deadlock, or on a cluster a conflicting commit through
 * another node), so it must do nothing outside the repositories it is given — file moves and
 * other side effects belong before or after `run`.
 */
export interface UnitOfWork {
  run<T>(work: (repos: TransactionalRepositories) => Promise<T>): Promise<T>;
  /**
   * Runs read-only `work` without a transaction, for pages that only show data: each query sees
   * what was committed when it ran (two reads may straddle another user's save), and reads given
   * together may run in parallel on separate connections. A rejection is rethrown unchanged.
   */
  read<T>(work: (repos: Readers) => Promise<T>): Promise<T>;
}
