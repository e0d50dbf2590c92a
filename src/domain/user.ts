/** The person behind a session, as the pages see them. */
export interface SessionUser {
  /** Lower-case sign-in name; what audit events record as the actor. */
  readonly username: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly isAdmin: boolean;
}
