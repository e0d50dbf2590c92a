import type { Kysely } from 'kysely';
import type { SignInFailureLog } from '../../../domain/ports/sign-in-failure-log.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { fromDbTime, toDbTime } from '../connection/db-values.ts';

/**
 * {@link SignInFailureLog} over the `sign_in_failures` table: every instance on the database counts
 * the same failures. Each statement uses the (throttle_key, failed_at) index; the rows of keys never
 * seen again are removed by the nightly cleanup (`KyselyMaintenanceQueries.signInFailures`).
 */
export class KyselySignInFailureLog implements SignInFailureLog {
  constructor(private readonly db: Kysely<Database>) {}

  async record(keys: readonly string[], at: Date, forgetUpTo: Date): Promise<void> {
    if (keys.length === 0) return;
    await this.db
      .deleteFrom('sign_in_failures')
      .where('throttle_key', 'in', [...keys])
      .where('failed_at', '<=', toDbTime(forgetUpTo))
      .execute();
    await this.db
      .insertInto('sign_in_failures')
      .values(keys.map((key) => ({ throttle_key: key, failed_at: toDbTime(at) })))
      .execute();
  }

  async failuresAfter(keys: readonly string[], after: Date): Promise<ReadonlyMap<string, readonly Date[]>> {
    const found = new Map<string, Date[]>(keys.map((key) => [key, []]));
    if (keys.length === 0) return found;
    const rows = await this.db
      .selectFrom('sign_in_failures')
      .select(['throttle_key', 'failed_at'])
      .where('throttle_key', 'in', [...keys])
      .where('failed_at', '>', toDbTime(after))
      .orderBy('failed_at')
      .orderBy('id')
      .execute();
    for (const row of rows) found.get(row.throttle_key)?.push(fromDbTime(row.failed_at));
    return found;
  }

  async clear(key: string): Promise<void> {
    await this.db.deleteFrom('sign_in_failures').where('throttle_key', '=', key).execute();
  }
}
