import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SessionRecord, SessionStore } from '../../../domain/ports/session-store.ts';
import type { SessionUser } from '../../../domain/user.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { CompiledOnce } from '../connection/compiled-once.ts';
import { fromDbTime, toDbTime } from '../connection/db-values.ts';

/**
 * {@link SessionStore} over the `sessions` table. Only the SHA-256 of a token is stored, so a
 * copy of the table (a backup) cannot be replayed as live sessions.
 */
export class KyselySessionStore implements SessionStore {
  /** Read on every page, so compiled once. */
  private readonly byHash;

  constructor(private readonly db: Kysely<Database>) {
    this.byHash = new CompiledOnce(db, 1, (idHash: string) =>
      db.selectFrom('sessions').selectAll().where('id', '=', idHash),
    );
  }

  async insert(s: SessionRecord): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: hash(s.id),
        username: s.user.username,
        data: JSON.stringify({ user: s.user, csrfToken: s.csrfToken }),
        created_at: toDbTime(s.createdAt),
        last_seen_at: toDbTime(s.lastSeenAt),
        expires_at: toDbTime(s.expiresAt),
      })
      .execute();
  }

  async find(id: string): Promise<SessionRecord | null> {
    const [row] = await this.byHash.execute(hash(id));
    if (!row) return null;
    const data = parseData(row.data);
    if (!data) return null;
    return {
      id,
      user: data.user,
      csrfToken: data.csrfToken,
      createdAt: fromDbTime(row.created_at),
      lastSeenAt: fromDbTime(row.last_seen_at),
      expiresAt: fromDbTime(row.expires_at),
    };
  }

  async touch(id: string, lastSeenAt: Date, expiresAt: Date): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ last_seen_at: toDbTime(lastSeenAt), expires_at: toDbTime(expiresAt) })
      .where('id', '=', hash(id))
      .execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', hash(id)).execute();
  }

  async deleteForUser(username: string): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('username', '=', username).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async deleteExpired(now: Date): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('expires_at', '<', toDbTime(now)).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The stored JSON, checked: a row that does not parse is treated as no session. */
function parseData(text: string): { user: SessionUser; csrfToken: string } | null {
  try {
    const v = JSON.parse(text) as { user?: Partial<SessionUser>; csrfToken?: unknown };
    const u = v.user;
    if (!u || typeof u.username !== 'string' || typeof u.displayName !== 'string' || typeof v.csrfToken !== 'string')
      return null;
    return {
      user: {
        username: u.username,
        displayName: u.displayName,
        email: typeof u.email === 'string' ? u.email : null,
        isAdmin: u.isAdmin === true,
      },
      csrfToken: v.csrfToken,
    };
  } catch {
    return null;
  }
}
