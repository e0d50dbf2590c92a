/** A person as the company directory lists them. */
export interface DirectoryPerson {
  /** The directory's immutable id (Entra ID object id). */
  readonly directoryId: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly userPrincipalName: string | null;
  readonly department: string | null;
  readonly jobTitle: string | null;
  /** False for a disabled account (still listed, but no longer an active employee). */
  readonly enabled: boolean;
}

/** The company directory (Microsoft Graph in production, a stand-in in tests). */
export interface EmployeeDirectory {
  /**
   * Every person in the directory, all pages read. Rejects if any page cannot be read (after the
   * transport's own retries): a partial list is never returned.
   */
  listAll(signal?: AbortSignal): Promise<DirectoryPerson[]>;
}
