/** A person as the company directory knows them: enough to tell who a sign-in name is. */
export interface DirectoryPerson {
  /** The sign-in name, lower-case. */
  readonly username: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly department: string | null;
}

/**
 * Who signs in under a name, asked of the company directory: LDAP where it is configured with a
 * service account, else the employee directory's copy (which knows no groups).
 */
export interface PersonDirectory {
  /**
   * The people who sign in as `username` (compared lower-case): none when unknown, more than one
   * when the name is ambiguous (at most 5 returned), ordered by display name. Throws
   * `DirectoryUnavailableError` when the directory cannot be asked.
   */
  findByUsername(username: string): Promise<DirectoryPerson[]>;

  /**
   * The members of the group with that distinguished name, directly or through nested groups,
   * ordered by display name; `null` when this directory cannot list groups (the employee copy).
   * Throws `DirectoryUnavailableError` when the directory cannot be asked.
   */
  membersOf(groupDn: string): Promise<DirectoryPerson[] | null>;
}
