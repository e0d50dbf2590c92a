/** The questions the nightly cleanup asks of the database. */
export interface MaintenanceQueries {
  /** Ids of forms in the trash whose deletion time is before `cutoff`, oldest deletion first. */
  formsDeletedBefore(cutoff: Date): Promise<number[]>;

  /** Stored names of every attachment row (of active and deleted forms). */
  referencedStoredNames(): Promise<Set<string>>;

  /** How many sessions expired before `now`; with `remove`, deletes them and returns how many went. */
  expiredSessions(now: Date, remove: boolean): Promise<number>;

  /**
   * How many failed sign-ins (of any throttle key) are at or before `upTo`, so no longer counted;
   * with `remove`, deletes them and returns how many went.
   */
  signInFailuresUpTo(upTo: Date, remove: boolean): Promise<number>;
}
