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

  async keepNotice(id: string, notice: string): Promise<void> {
    const [row] = await this.byHash.execute(hash(id));
    const data = row ? parseData(row.data) : null;
    if (!data) return;
    await this.db
      .updateTable('sessions')
      .set({ data: JSON.stringify({ ...data, notice }) })
      .where('id', '=', hash(id))
      .execute();
  }

  async takeNotice(id: string): Promise<string | null> {
    const [row] = await this.byHash.execute(hash(id));
    const data = row ? parseData(row.data) : null;
    if (!row || !data?.notice) return null;
    // Only the message read is removed: one written meanwhile (another tab) stays for the next page.
    const { notice, ...rest } = data;
    const taken = await this.db
      .updateTable('sessions')
      .set({ data: JSON.stringify(rest) })
      .where('id', '=', hash(id))
      .where('data', '=', row.data)
      .executeTakeFirst();
    return Number(taken.numUpdatedRows) === 1 ? notice : null;
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

/** What the `data` column holds: the user, the CSRF token and a one-time message, if any. */
interface SessionData {
  readonly user: SessionUser;
  readonly csrfToken: string;
  readonly notice?: string;
}

/** The stored JSON, checked: a row that does not parse is treated as no session. */
function parseData(text: string): SessionData | null {
  try {
    const v = JSON.parse(text) as { user?: Partial<SessionUser>; csrfToken?: unknown; notice?: unknown };
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
      ...(typeof v.notice === 'string' && { notice: v.notice }),
    };
  } catch {
    return null;
  }
}
