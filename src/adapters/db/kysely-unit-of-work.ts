import type { Kysely } from 'kysely';
import type { TransactionalRepositories, UnitOfWork } from '../../domain/ports/unit-of-work.ts';
import type { Database } from '../../schema/declared-schema.ts';
import { CountCache } from './count-cache.ts';
import { KyselyAttachmentRepository } from './kysely-attachment-repository.ts';
import { KyselyAuditLog } from './kysely-audit-log.ts';
import { KyselyEmployeeRepository } from './kysely-employee-repository.ts';
import { KyselyTrainingFormRepository } from './kysely-training-form-repository.ts';

/** The repositories over one Kysely instance or transaction. */
export function kyselyRepositories(db: Kysely<Database>, counts?: CountCache): TransactionalRepositories {
  return {
    forms: new KyselyTrainingFormRepository(db, counts),
    employees: new KyselyEmployeeRepository(db),
    audit: new KyselyAuditLog(db),
    attachments: new KyselyAttachmentRepository(db),
  };
}

/** {@link UnitOfWork} as a Kysely transaction (rolled back when `work` rejects). */
export class KyselyUnitOfWork implements UnitOfWork {
  /** List counts shared by every transaction of this unit of work (see {@link CountCache}). */
  private readonly counts = new CountCache();

  constructor(private readonly db: Kysely<Database>) {}

  run<T>(work: (repos: TransactionalRepositories) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(kyselyRepositories(trx, this.counts)));
  }
}
