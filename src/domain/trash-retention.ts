const DAY_MS = 86_400_000;

/**
 * When a form deleted at `deletedAt` becomes due for purging: the cleanup job purges every form
 * in the trash longer than `retentionDays` (SOFT_DELETE_RETENTION_DAYS), so at its first run after
 * this moment (`CleanupService.run`).
 */
export function purgeDueAt(deletedAt: Date, retentionDays: number): Date {
  return new Date(deletedAt.getTime() + retentionDays * DAY_MS);
}
