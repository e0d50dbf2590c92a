/** How many failed sign-ins are tolerated before further attempts are refused for a while. */
export interface ThrottlePolicy {
  readonly maxFailuresPerUser: number;
  readonly maxFailuresPerAddress: number;
  /** Failures older than this are forgotten; a blocked key is free again this long after its last failure. */
  readonly windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = { maxFailuresPerUser: 5, maxFailuresPerAddress: 20, windowMs: 15 * 60_000 };

/**
 * Counts failed sign-ins per username and per client address in a sliding window (in memory, per
 * application instance). Pure: the caller passes the time.
 */
export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE) {}

  /** Milliseconds until another attempt is allowed for this user/address, or 0 when allowed now. */
  retryAfterMs(username: string, address: string, now: number): number {
    const wait = (key: string, max: number) => {
      const recent = this.recent(key, now);
      if (recent.length < max) return 0;
      return (recent[recent.length - max] as number) + this.policy.windowMs - now;
    };
    return Math.max(wait(`user:${username}`, this.policy.maxFailuresPerUser), wait(`addr:${address}`, this.policy.maxFailuresPerAddress));
  }

  recordFailure(username: string, address: string, now: number): void {
    if (this.failures.size > 50_000) this.prune(now);
    for (const key of [`user:${username}`, `addr:${address}`]) this.failures.set(key, [...this.recent(key, now), now]);
  }

  /** A successful sign-in clears the user's failures (not the address's). */
  recordSuccess(username: string): void {
    this.failures.delete(`user:${username}`);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.policy.windowMs);
  }

  private prune(now: number): void {
    for (const key of [...this.failures.keys()]) if (this.recent(key, now).length === 0) this.failures.delete(key);
  }
}
