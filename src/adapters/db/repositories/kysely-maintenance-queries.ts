import type { Kysely } from 'kysely';
import type { MaintenanceQueries } from '../../../domain/ports/maintenance-queries.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { toDbTime } from '../connection/db-values.ts';

/** {@link MaintenanceQueries} on Kysely. */
export class KyselyMaintenanceQueries implements MaintenanceQueries {
  constructor(private readonly db: Kysely<Database>) {}

  async formsDeletedBefore(cutoff: Date): Promise<number[]> {
    const rows = await this.db
      .selectFrom('training_forms')
      .select('id')
      .where('deleted', '=', 1)
      .where('deleted_datetimestamp', '<', toDbTime(cutoff))
      .orderBy('deleted_datetimestamp')
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  }

  async referencedStoredNames(): Promise<Set<string>> {
    const rows = await this.db.selectFrom('attachments').select('stored_name').execute();
    return new Set(rows.map((r) => r.stored_name));
  }

  async expiredSessions(now: Date, remove: boolean): Promise<number> {
    if (remove) {
      const result = await this.db.deleteFrom('sessions').where('expires_at', '<', toDbTime(now)).executeTakeFirst();
      return Number(result.numDeletedRows);
    }
    const row = await this.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('expires_at', '<', toDbTime(now))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async signInFailuresUpTo(upTo: Date, remove: boolean): Promise<number> {
    if (remove) {
      const result = await this.db
        .deleteFrom('sign_in_failures')
        .where('failed_at', '<=', toDbTime(upTo))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    }
    const row = await this.db
      .selectFrom('sign_in_failures')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('failed_at', '<=', toDbTime(upTo))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
