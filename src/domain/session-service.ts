import type { Clock } from './ports/clock.ts';
import type { SessionRecord, SessionStore } from './ports/session-store.ts';
import type { TokenGenerator } from './ports/token-generator.ts';
import type { SessionUser } from './user.ts';

/** How long sessions live. */
export interface SessionPolicy {
  /** A session unused for this long ends. */
  readonly idleTimeoutMs: number;
  /** A session ends this long after sign-in, however busy. */
  readonly absoluteTimeoutMs: number;
  /** Uses closer together than this do not write to the store (keeps reads cheap). */
  readonly touchIntervalMs: number;
}

/**
 * Sessions with idle and absolute timeouts. A sign-in always gets a fresh token (the old one, if
 * any, is removed), so a token planted before sign-in is worthless afterwards.
 */
export class SessionService {
  constructor(
    private readonly deps: {
      readonly store: SessionStore;
      readonly tokens: TokenGenerator;
      readonly clock: Clock;
      readonly policy: SessionPolicy;
    },
  ) {}

  /** Starts a session for `user`, ending `previousId` (rotation at sign-in). */
  async start(user: SessionUser, previousId?: string | null): Promise<SessionRecord> {
    if (previousId) await this.deps.store.delete(previousId);
    const now = this.deps.clock.now();
    const session: SessionRecord = {
      id: this.deps.tokens.token(),
      user,
      csrfToken: this.deps.tokens.token(),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: this.expiry(now, now),
    };
    await this.deps.store.insert(session);
    return session;
  }

  /** The live session with that token, touched; `null` (and removed) when unknown or timed out. */
  async resume(id: string): Promise<SessionRecord | null> {
    const session = await this.deps.store.find(id);
    if (!session) return null;
    const now = this.deps.clock.now();
    const { idleTimeoutMs, absoluteTimeoutMs, touchIntervalMs } = this.deps.policy;
    const idle = now.getTime() - session.lastSeenAt.getTime() >= idleTimeoutMs;
    const old = now.getTime() - session.createdAt.getTime() >= absoluteTimeoutMs;
    if (idle || old) {
      await this.deps.store.delete(id);
      return null;
    }
    if (now.getTime() - session.lastSeenAt.getTime() < touchIntervalMs) return session;
    const expiresAt = this.expiry(session.createdAt, now);
    await this.deps.store.touch(id, now, expiresAt);
    return { ...session, lastSeenAt: now, expiresAt };
  }

  /** Ends a session (sign-out); ending an unknown one is not an error. */
  async end(id: string): Promise<void> {
    await this.deps.store.delete(id);
  }

  /** Ends every session of a user (e.g. when their rights change); returns how many. */
  async endAllFor(username: string): Promise<number> {
    return this.deps.store.deleteForUser(username);
  }

  /** Removes timed-out sessions (for the cleanup job); returns how many. */
  async removeExpired(): Promise<number> {
    return this.deps.store.deleteExpired(this.deps.clock.now());
  }

  private expiry(createdAt: Date, lastSeenAt: Date): Date {
    const { idleTimeoutMs, absoluteTimeoutMs } = this.deps.policy;
    return new Date(Math.min(lastSeenAt.getTime() + idleTimeoutMs, createdAt.getTime() + absoluteTimeoutMs));
  }
}
