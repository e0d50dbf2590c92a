/** A person the directory (or the development login) vouched for. */
export interface AuthenticatedUser {
  /** The sign-in name, lower-case (sAMAccountName on Active Directory). */
  readonly username: string;
  readonly displayName: string;
  readonly email: string | null;
  /** Distinguished names of the groups the person is a member of (AD `memberOf`), possibly empty. */
  readonly groups: readonly string[];
}

/**
 * Why a sign-in failed. The reason goes to the log and the audit trail; people see only a message
 * that does not reveal whether the account exists. `account-disabled` (disabled, locked, expired,
 * restricted) and `password-must-change` are returned **only when the directory confirmed the
 * password**; an account state the directory reports whatever the password (AD's locked-out, 775)
 * is an `invalid-credentials` whose `detail` names it.
 */
export type AuthenticationFailureReason =
  | 'empty-password'
  | 'invalid-credentials'
  | 'account-disabled'
  | 'password-must-change'
  | 'directory-unavailable'
  | 'directory-timeout';

export type AuthenticationResult =
  | { readonly ok: true; readonly user: AuthenticatedUser }
  /** `detail`: what the directory said, for the log and the audit trail (never a password). */
  | { readonly ok: false; readonly reason: AuthenticationFailureReason; readonly detail: string };

/** Checks a username and password against the company directory. Never throws for a failed sign-in. */
export interface Authenticator {
  authenticate(username: string, password: string): Promise<AuthenticationResult>;
}
