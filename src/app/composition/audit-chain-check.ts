import type { Kysely } from 'kysely';
import { KyselyAuditChainReader } from '../../adapters/db/repositories/kysely-audit-chain-reader.ts';
import { Sha256ContentHasher } from '../../adapters/db/repositories/sha256-content-hasher.ts';
import type { Database } from '../../declared-schema/declared-schema.ts';
import type { AuditChainHead } from '../../domain/audit-seal.ts';
import { AuditChainCheck } from '../../domain/audit-chain-check.ts';

/** The audit-trail verification over a database (the cleanup job, `npm run audit -- verify`). */
export function auditChainCheck(db: Kysely<Database>): AuditChainCheck {
  return new AuditChainCheck({ chain: new KyselyAuditChainReader(db), hasher: new Sha256ContentHasher() });
}

/** Whether the database has the sealed audit trail yet (a deploy backs up before migrating: it may not). */
export async function hasSealedAuditTrail(db: Kysely<Database>): Promise<boolean> {
  return (await db.introspection.getTables()).some((t) => t.name === 'audit_chain_head');
}

/** The audit chain's head, or null when there is none yet or the database predates the sealed trail. */
export async function auditChainHeadIfSealed(db: Kysely<Database>): Promise<AuditChainHead | null> {
  return (await hasSealedAuditTrail(db)) ? new KyselyAuditChainReader(db).head() : null;
}
