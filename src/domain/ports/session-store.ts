import type { SessionUser } from '../user.ts';

/** One signed-in session as stored. */
export interface SessionRecord {
  /** The secret token the browser holds (adapters may store only a hash of it). */
  readonly id: string;
  readonly user: SessionUser;
  /** The anti-CSRF token pages embed in every state-changing form. */
  readonly csrfToken: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  /** When the session ends unless used again: min(last use + idle timeout, creation + absolute timeout). */
  readonly expiresAt: Date;
}

/** Where sessions live, shared by every instance of the application (the `sessions` table). */
export interface SessionStore {
  insert(session: SessionRecord): Promise<void>;

  /** The session with that token, expired or not; `null` when there is none. */
  find(id: string): Promise<SessionRecord | null>;

  /** Records a use of the session. */
  touch(id: string, lastSeenAt: Date, expiresAt: Date): Promise<void>;

  /** Keeps a one-time message for the session's next page, replacing any; an unknown session keeps none. */
  keepNotice(id: string, notice: string): Promise<void>;

  /** The session's one-time message, removed as it is read; `null` when there is none. */
  takeNotice(id: string): Promise<string | null>;

  /** Removes one session; removing an unknown one is not an error. */
  delete(id: string): Promise<void>;

  /** Removes every session of one user (signed out everywhere); returns how many. */
  deleteForUser(username: string): Promise<number>;

  /** Removes every session that expired before `now`; returns how many. */
  deleteExpired(now: Date): Promise<number>;
}
