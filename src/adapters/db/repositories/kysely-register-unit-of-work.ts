import type { Kysely } from 'kysely';
import type {
  RegisterReaders,
  RegisterRepositories,
  RegisterUnitOfWork,
} from '../../../domain/ports/register-unit-of-work.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { KyselyAuditLog } from './kysely-audit-log.ts';
import { KyselyDocumentRegister } from './kysely-document-register.ts';
import { KyselyTrainingRequirements } from './kysely-training-requirements.ts';
import { retriedTransaction } from './retried-transaction.ts';

function repositories(db: Kysely<Database>): RegisterRepositories {
  return {
    documents: new KyselyDocumentRegister(db),
    requirements: new KyselyTrainingRequirements(db),
    audit: new KyselyAuditLog(db),
  };
}

/** {@link RegisterUnitOfWork} as a Kysely transaction (retried on deadlock / lost certification); reads on the pool. */
export class KyselyRegisterUnitOfWork implements RegisterUnitOfWork {
  private readonly readers: RegisterReaders;

  constructor(private readonly db: Kysely<Database>) {
    this.readers = repositories(db);
  }

  run<T>(work: (repos: RegisterRepositories) => Promise<T>): Promise<T> {
    return retriedTransaction(this.db, (trx) => work(repositories(trx)));
  }

  read<T>(work: (repos: RegisterReaders) => Promise<T>): Promise<T> {
    return work(this.readers);
  }
}
