import type { SignInFailureLog } from './ports/sign-in-failure-log.ts';
import { fitUsername } from './user.ts';

/** How many failed sign-ins are tolerated before further attempts are refused for a while. */
export interface ThrottlePolicy {
  readonly maxFailuresPerUser: number;
  readonly maxFailuresPerAddress: number;
  /** Failures older than this are forgotten; a blocked key is free again this long after its last failure. */
  readonly windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  maxFailuresPerUser: 5,
  maxFailuresPerAddress: 20,
  windowMs: 15 * 60_000,
};

/** Throttle keys fit the log's 200 characters: usernames are cut like the audit trail's, addresses too. */
const userKey = (username: string) => `user:${fitUsername(username)}`;
const addressKey = (address: string) => `addr:${Array.from(address).slice(0, 190).join('')}`;

/**
 * Counts failed sign-ins per username and per client address in a sliding window. The failures are
 * kept in a {@link SignInFailureLog} (the database: shared by every instance); the arithmetic is
 * here, and the caller passes the time.
 */
export class SignInThrottle {
  constructor(
    private readonly log: SignInFailureLog,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
  ) {}

  /** Milliseconds until another attempt is allowed for this user/address, or 0 when allowed now. */
  async retryAfterMs(username: string, address: string, now: number): Promise<number> {
    const user = userKey(username);
    const addr = addressKey(address);
    const failures = await this.log.failuresAfter([user, addr], new Date(now - this.policy.windowMs));
    const wait = (key: string, max: number) => {
      const recent = (failures.get(key) ?? []).map((d) => d.getTime()).filter((t) => now - t < this.policy.windowMs);
      if (recent.length < max) return 0;
      return (recent[recent.length - max] as number) + this.policy.windowMs - now;
    };
    return Math.max(wait(user, this.policy.maxFailuresPerUser), wait(addr, this.policy.maxFailuresPerAddress));
  }

  async recordFailure(username: string, address: string, now: number): Promise<void> {
    await this.log.record(
      [userKey(username), addressKey(address)],
      new Date(now),
      new Date(now - this.policy.windowMs),
    );
  }

  /** A successful sign-in clears the user's failures (not the address's). */
  async recordSuccess(username: string): Promise<void> {
    await this.log.clear(userKey(username));
  }
}
