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
  /**
   * A session read from the store is trusted this long without reading it again (0: every use
   * reads the store). Ending sessions through this service takes effect at once; ending them
   * through another instance reaches this one within this time.
   */
  readonly recheckMs: number;
}

/** Most sessions remembered between store reads; beyond it the oldest reads are forgotten first. */
const MAX_REMEMBERED = 10_000;

/**
 * Sessions with idle and absolute timeouts. A sign-in always gets a fresh token (the old one, if
 * any, is removed), so a token planted before sign-in is worthless afterwards.
 *
 * Sessions read from the store are remembered for {@link SessionPolicy.recheckMs}: every page
 * needs its session, and reading it was one more database round trip per page. A remembered
 * session is used only while it has not expired by its own times, so whether a session timed out
 * is always decided on a fresh read (another instance may have used it since).
 */
export class SessionService {
  private readonly remembered = new Map<string, { session: SessionRecord; readAt: number }>();
  /** Counts the ends through this service, so a read that overlapped one is not remembered. */
  private endings = 0;

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
    if (previousId) await this.end(previousId);
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
    this.remember(session, now.getTime());
    return session;
  }

  /** The live session with that token, touched; `null` (and removed) when unknown or timed out. */
  async resume(id: string): Promise<SessionRecord | null> {
    const now = this.deps.clock.now();
    const session = this.recalled(id, now.getTime()) ?? (await this.read(id, now));
    if (!session) return null;
    if (now.getTime() - session.lastSeenAt.getTime() < this.deps.policy.touchIntervalMs) return session;
    const expiresAt = this.expiry(session.createdAt, now);
    await this.deps.store.touch(id, now, expiresAt);
    const touched = { ...session, lastSeenAt: now, expiresAt };
    const entry = this.remembered.get(id);
    if (entry) entry.session = touched;
    return touched;
  }

  /**
   * Keeps a one-time message ("Your changes were saved.") for the next page of the session, in
   * the store, so a reload or a bookmark does not show it again and every instance can show it.
   */
  async keepNotice(id: string, notice: string): Promise<void> {
    await this.deps.store.keepNotice(id, notice);
  }

  /** The session's one-time message, if any, removed as it is read. */
  async takeNotice(id: string): Promise<string | null> {
    return this.deps.store.takeNotice(id);
  }

  /** Ends a session (sign-out); ending an unknown one is not an error. */
  async end(id: string): Promise<void> {
    this.endings++;
    this.remembered.delete(id);
    await this.deps.store.delete(id);
  }

  /** Ends every session of a user (e.g. when their rights change); returns how many. */
  async endAllFor(username: string): Promise<number> {
    this.endings++;
    for (const [id, entry] of this.remembered) if (entry.session.user.username === username) this.remembered.delete(id);
    return this.deps.store.deleteForUser(username);
  }

  /** Removes timed-out sessions (for the cleanup job); returns how many. */
  async removeExpired(): Promise<number> {
    return this.deps.store.deleteExpired(this.deps.clock.now());
  }

  /** The session as stored, or `null` (and removed) when unknown or timed out. */
  private async read(id: string, now: Date): Promise<SessionRecord | null> {
    const endings = this.endings;
    const session = await this.deps.store.find(id);
    if (!session) return null;
    const { idleTimeoutMs, absoluteTimeoutMs } = this.deps.policy;
    const idle = now.getTime() - session.lastSeenAt.getTime() >= idleTimeoutMs;
    const old = now.getTime() - session.createdAt.getTime() >= absoluteTimeoutMs;
    if (idle || old) {
      await this.deps.store.delete(id);
      return null;
    }
    // A sign-out during the read may have deleted the row after it was read: use it, don't keep it.
    if (endings === this.endings) this.remember(session, now.getTime());
    return session;
  }

  /** A session read less than `recheckMs` ago that has not expired by its own times. */
  private recalled(id: string, now: number): SessionRecord | null {
    const entry = this.remembered.get(id);
    if (!entry) return null;
    if (now - entry.readAt < this.deps.policy.recheckMs && now < entry.session.expiresAt.getTime())
      return entry.session;
    this.remembered.delete(id);
    return null;
  }

  private remember(session: SessionRecord, now: number): void {
    if (this.deps.policy.recheckMs === 0) return;
    this.remembered.delete(session.id);
    if (this.remembered.size >= MAX_REMEMBERED) this.remembered.delete(this.remembered.keys().next().value as string);
    this.remembered.set(session.id, { session, readAt: now });
  }

  private expiry(createdAt: Date, lastSeenAt: Date): Date {
    const { idleTimeoutMs, absoluteTimeoutMs } = this.deps.policy;
    return new Date(Math.min(lastSeenAt.getTime() + idleTimeoutMs, createdAt.getTime() + absoluteTimeoutMs));
  }
}
