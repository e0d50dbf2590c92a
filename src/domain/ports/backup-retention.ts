/** Old backups, removed past their retention. */
export interface BackupRetention {
  /**
   * Names of the backups older than `keepDays` before `now` (oldest first); removes them unless
   * `dryRun`.
   */
  prune(options: { keepDays: number; now: Date; dryRun?: boolean }): Promise<string[]>;
}
