import type { SignInFailureLog } from '../../src/domain/ports/sign-in-failure-log.ts';

/** {@link SignInFailureLog} in memory (one instance's view); passes the same contract suite as the database adapter. */
export class InMemorySignInFailureLog implements SignInFailureLog {
  private readonly failures = new Map<string, number[]>();

  async record(keys: readonly string[], at: Date, forgetUpTo: Date): Promise<void> {
    for (const key of keys) {
      const kept = (this.failures.get(key) ?? []).filter((t) => t > forgetUpTo.getTime());
      this.failures.set(
        key,
        [...kept, at.getTime()].sort((a, b) => a - b),
      );
    }
  }

  async failuresAfter(keys: readonly string[], after: Date): Promise<ReadonlyMap<string, readonly Date[]>> {
    return new Map(
      keys.map((key) => [
        key,
        (this.failures.get(key) ?? []).filter((t) => t > after.getTime()).map((t) => new Date(t)),
      ]),
    );
  }

  async clear(key: string): Promise<void> {
    this.failures.delete(key);
  }
}
