import { existsSync } from 'node:fs';
import { connectDatabase, type DatabaseSettings } from '../../adapters/db/connection/connect.ts';
import { KyselyAuditChainReader } from '../../adapters/db/repositories/kysely-audit-chain-reader.ts';
import type { AuditChainHead } from '../../domain/audit-seal.ts';
import type { AuditChainReport } from '../../domain/verify-audit-chain.ts';
import { auditChainCheck, hasSealedAuditTrail } from './audit-chain-check.ts';
import { DatabaseUnavailableError, describeTarget } from './operator-database.ts';

/** What `npm run audit -- verify` reports: the verification, and the chain head read before it. */
export interface AuditTrailVerification {
  readonly report: AuditChainReport;
  readonly head: AuditChainHead | null;
}

/**
 * Verifies the audit trail of the database at `settings` (never creates one), against `anchor` (a
 * head recorded earlier) when given. Throws
 * {@link DatabaseUnavailableError} when it cannot check: no such SQLite file, no answer, or no
 * sealed trail yet (migrations not applied).
 */
export async function verifyAuditTrail(
  settings: DatabaseSettings,
  anchor?: AuditChainHead,
): Promise<AuditTrailVerification> {
  if (settings.dialect === 'sqlite' && settings.path !== ':memory:' && !existsSync(settings.path))
    throw new DatabaseUnavailableError(`SQLite database file ${settings.path} does not exist`);
  const handle = connectDatabase(settings);
  try {
    let sealed: boolean;
    try {
      sealed = await hasSealedAuditTrail(handle.db);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new DatabaseUnavailableError(`cannot reach the database (${describeTarget(settings)}): ${message}`, {
        cause: error,
      });
    }
    if (!sealed)
      throw new DatabaseUnavailableError(
        `${describeTarget(settings)} has no sealed audit trail yet; run "npm run db -- upgrade head" first`,
      );
    const head = await new KyselyAuditChainReader(handle.db).head();
    return { report: await auditChainCheck(handle.db).verify(anchor), head };
  } finally {
    await handle.close();
  }
}
