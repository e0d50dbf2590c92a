import type { Kysely, Transaction } from 'kysely';

/** How often a transaction runs at most when the database keeps refusing its commit. */
export const TRANSACTION_ATTEMPTS = 3;

/**
 * Runs `work` in a transaction, again (up to {@link TRANSACTION_ATTEMPTS} in all, after a short
 * random pause) when the database refuses it with a deadlock — InnoDB's deadlock victim on one
 * server, or on a Galera cluster the transaction that lost certification to a conflicting one
 * committed through another node (both are `ER_LOCK_DEADLOCK`, 1213, and roll back everything).
 * Safe because `work` only touches the database through the transaction (the UnitOfWork port
 * says so). Any other error, and the last refusal, is rethrown unchanged.
 */
export async function retriedTransaction<DB, T>(
  db: Kysely<DB>,
  work: (trx: Transaction<DB>) => Promise<T>,
  attempts = TRANSACTION_ATTEMPTS,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (attempt >= attempts || !isDeadlock(error)) throw error;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
    }
  }
}

function isDeadlock(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown };
  return e.code === 'ER_LOCK_DEADLOCK' || e.errno === 1213;
}
