import type { Test } from 'tap';
import type { DatabaseHandle } from '../../src/adapters/db/connection/connect.ts';
import { KyselyAttachmentRepository } from '../../src/adapters/db/repositories/kysely-attachment-repository.ts';
import { KyselyAuditLog } from '../../src/adapters/db/repositories/kysely-audit-log.ts';
import { KyselyDocumentRegister } from '../../src/adapters/db/repositories/kysely-document-register.ts';
import { KyselyEmployeeRepository } from '../../src/adapters/db/repositories/kysely-employee-repository.ts';
import { KyselyFormSignatureRepository } from '../../src/adapters/db/repositories/kysely-form-signature-repository.ts';
import { KyselyTrainingFormRepository } from '../../src/adapters/db/repositories/kysely-training-form-repository.ts';
import { KyselyUnitOfWork } from '../../src/adapters/db/repositories/kysely-unit-of-work.ts';
import type { TransactionalRepositories, UnitOfWork } from '../../src/domain/ports/unit-of-work.ts';
import { InMemoryUnitOfWork } from '../fakes/in-memory-repositories.ts';
import { CONTRACT_DATABASES, forEachTarget, withDatabase, type DialectContext, type TargetName } from './targets.ts';

/** The targets a repository contract suite runs on: the fakes, each dialect, and (opt-in) Galera. */
export const REPOSITORY_TARGETS = ['memory', ...CONTRACT_DATABASES] as const satisfies readonly TargetName[];

/** One implementation of the repository ports, as a contract suite sees it. */
export interface RepositorySubject {
  readonly target: TargetName;
  readonly uow: UnitOfWork;
  /** The repositories outside any transaction. */
  readonly repos: TransactionalRepositories;
  /** Every employee's id, in directory-id order (for suites that seeded them through `repos`). */
  employeeIds(): Promise<number[]>;
  /**
   * The database behind a database target, for what only SQL shows (rows, columns, a second connection); null on
   * `memory`.
   */
  readonly database: { readonly handle: DatabaseHandle; readonly ctx: DialectContext } | null;
}

/**
 * Runs `body` once per selected repository target ({@link REPOSITORY_TARGETS}, narrowed by
 * `TEST_TARGETS`): over the in-memory fakes, and over the Kysely adapters on a fresh migrated
 * database, so the fakes answer to the same assertions as the adapters they stand for.
 */
export function forEachRepositoryTarget(
  t: Test,
  body: (t: Test, subject: RepositorySubject) => Promise<void>,
): Promise<void> {
  return forEachTarget(t, REPOSITORY_TARGETS, async (t, target) => {
    if (target === 'memory') {
      const uow = new InMemoryUnitOfWork();
      const employeeIds = async () =>
        [...uow.state.employees.values()].sort((a, b) => (a.directoryId < b.directoryId ? -1 : 1)).map((e) => e.id);
      return body(t, { target, uow, repos: uow.repositories(), employeeIds, database: null });
    }
    await withDatabase(t, target, (t, handle, ctx) => {
      const db = handle.db;
      const repos: TransactionalRepositories = {
        forms: new KyselyTrainingFormRepository(db),
        employees: new KyselyEmployeeRepository(db),
        audit: new KyselyAuditLog(db),
        attachments: new KyselyAttachmentRepository(db),
        documents: new KyselyDocumentRegister(db),
        signatures: new KyselyFormSignatureRepository(db),
      };
      const employeeIds = async () =>
        (await db.selectFrom('employees').select('id').orderBy('directory_id').execute()).map((e) => e.id);
      return body(t, { target, uow: new KyselyUnitOfWork(db), repos, employeeIds, database: { handle, ctx } });
    });
  });
}
