import type { Kysely } from 'kysely';
import { KyselyAuditChainReader } from '../../adapters/db/repositories/kysely-audit-chain-reader.ts';
import { Sha256ContentHasher } from '../../adapters/db/repositories/sha256-content-hasher.ts';
import type { Database } from '../../declared-schema/declared-schema.ts';
import { AuditChainCheck } from '../../domain/audit-chain-check.ts';

/** The audit-trail verification over a database (the cleanup job, `npm run audit -- verify`). */
export function auditChainCheck(db: Kysely<Database>): AuditChainCheck {
  return new AuditChainCheck({ chain: new KyselyAuditChainReader(db), hasher: new Sha256ContentHasher() });
}
