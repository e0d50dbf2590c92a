import type { Kysely } from 'kysely';
import type { AdminUser, AdminUserRepository } from '../../../domain/ports/admin-user-repository.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { fromDbTime, toDbTime } from '../connection/db-values.ts';

/** {@link AdminUserRepository} over `admin_users`; usernames stored lower-case. */
export class KyselyAdminUserRepository implements AdminUserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async isAdmin(username: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('admin_users')
      .select('id')
      .where('username', '=', username.toLowerCase())
      .executeTakeFirst();
    return row !== undefined;
  }

  async list(): Promise<AdminUser[]> {
    const rows = await this.db.selectFrom('admin_users').selectAll().orderBy('username').execute();
    return rows.map((r) => ({ username: r.username, createdBy: r.created_by, createdAt: fromDbTime(r.created_at) }));
  }

  async ensure(usernames: readonly string[], by: string, at: Date): Promise<string[]> {
    const wanted = [...new Set(usernames.map((u) => u.trim().toLowerCase()).filter((u) => u !== ''))];
    if (wanted.length === 0) return [];
    const added: string[] = [];
    for (const username of wanted) {
      // One statement per name: a concurrent start-up inserting the same name loses the race on
      // the unique index instead of failing the whole seed.
      try {
        if (await this.isAdmin(username)) continue;
        await this.db
          .insertInto('admin_users')
          .values({ username, created_by: by, created_at: toDbTime(at) })
          .execute();
        added.push(username);
      } catch (error) {
        if (!isDuplicate(error)) throw error;
      }
    }
    return added;
  }

  async remove(username: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('admin_users')
      .where('username', '=', username.toLowerCase())
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function isDuplicate(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
