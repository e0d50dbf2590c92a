/**
 * A named lock shared by every instance of the application (through the database), so a job runs
 * at most once at a time however many servers are up. Held only while `work` runs; released when it
 * settles. If the holder's process dies, the lock frees itself after a bounded time (the adapter's
 * lease), with no one having to clean up.
 */
export interface JobLock {
  /**
   * Runs `work` while holding `name`. When another holder has it, waits up to `waitMs` (default 0)
   * and then returns `{ acquired: false }` without running `work`. A rejection of `work` is rethrown
   * after the lock is released.
   */
  withLock<T>(
    name: string,
    work: () => Promise<T>,
    options?: { waitMs?: number },
  ): Promise<{ acquired: true; value: T } | { acquired: false }>;
}
