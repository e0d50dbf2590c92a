import type { Kysely } from 'kysely';
import type { Readers, TransactionalRepositories, UnitOfWork } from '../../../domain/ports/unit-of-work.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { KyselyAttachmentRepository } from './kysely-attachment-repository.ts';
import { KyselyAuditLog } from './kysely-audit-log.ts';
import { KyselyDocumentRegister } from './kysely-document-register.ts';
import { KyselyEmployeeRepository } from './kysely-employee-repository.ts';
import { KyselyFormDetailsReader } from './kysely-form-details-reader.ts';
import { KyselyFormSignatureRepository } from './kysely-form-signature-repository.ts';
import { KyselyTrainingFormRepository } from './kysely-training-form-repository.ts';
import { retriedTransaction } from './retried-transaction.ts';
import { listCaches, type ListCaches } from './short-lived-cache.ts';

/** The repositories over one Kysely instance or transaction. */
export function kyselyRepositories(db: Kysely<Database>, caches?: ListCaches): TransactionalRepositories {
  return {
    forms: new KyselyTrainingFormRepository(db, caches),
    employees: new KyselyEmployeeRepository(db),
    audit: new KyselyAuditLog(db),
    attachments: new KyselyAttachmentRepository(db),
    documents: new KyselyDocumentRegister(db),
    signatures: new KyselyFormSignatureRepository(db),
  };
}

/**
 * {@link UnitOfWork} as a Kysely transaction (rolled back when `work` rejects; run again when the
 * database refuses it as a deadlock or lost certification, see {@link retriedTransaction}); reads
 * straight on the pool.
 */
export class KyselyUnitOfWork implements UnitOfWork {
  /** List counts and search ids shared by every transaction of this unit of work (see {@link ShortLivedCache}). */
  private readonly caches: ListCaches | undefined;

  /** Repositories straight on the pool, shared by every read. */
  private readonly readers: Readers;

  /** `listCacheMs`: how long the list caches keep an entry (default 5 s); 0 leaves them out. */
  constructor(
    private readonly db: Kysely<Database>,
    listCacheMs = 5_000,
  ) {
    this.caches = listCacheMs > 0 ? listCaches(listCacheMs) : undefined;
    this.readers = { ...kyselyRepositories(db, this.caches), details: new KyselyFormDetailsReader(db) };
  }

  run<T>(work: (repos: TransactionalRepositories) => Promise<T>): Promise<T> {
    return retriedTransaction(this.db, (trx) => work(kyselyRepositories(trx, this.caches)));
  }

  /** Straight on the pool: no BEGIN/COMMIT, and no connection held between the queries. */
  read<T>(work: (repos: Readers) => Promise<T>): Promise<T> {
    return work(this.readers);
  }
}
