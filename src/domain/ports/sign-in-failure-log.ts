/**
 * Failed sign-ins by throttle key (`user:<name>`, `addr:<address>`), shared by every application
 * instance that uses the same store. Keys are at most 200 characters and compared the way the
 * store compares text (MariaDB ignores case and trailing spaces), so callers pass normalised keys.
 */
export interface SignInFailureLog {
  /**
   * Records one failure at `at` under each of `keys`, and removes those keys' failures at or
   * before `forgetUpTo` (they no longer count; keeps a key's rows to one window's worth).
   */
  record(keys: readonly string[], at: Date, forgetUpTo: Date): Promise<void>;

  /**
   * The failure times of each of `keys` later than `after`, oldest first. Every key asked for is in
   * the map; a key with none maps to an empty array.
   */
  failuresAfter(keys: readonly string[], after: Date): Promise<ReadonlyMap<string, readonly Date[]>>;

  /** Forgets every failure of `key`; a key with none is no error. */
  clear(key: string): Promise<void>;
}
