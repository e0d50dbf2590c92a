/** An administrator listed by name (the `admin_users` table). */
export interface AdminUser {
  readonly username: string;
  readonly createdBy: string;
  readonly createdAt: Date;
}

/** The users listed as administrators. Usernames are compared lower-case. */
export interface AdminUserRepository {
  isAdmin(username: string): Promise<boolean>;

  /** Every listed administrator, by username. */
  list(): Promise<AdminUser[]>;

  /** Adds each username not yet listed (idempotent); returns the usernames actually added. */
  ensure(usernames: readonly string[], by: string, at: Date): Promise<string[]>;

  /** Removes one administrator; returns false when the name was not listed. */
  remove(username: string): Promise<boolean>;
}
