/** The person behind a session, as the pages see them. */
export interface SessionUser {
  /** Lower-case sign-in name; what audit events record as the actor. */
  readonly username: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly isAdmin: boolean;
}

/**
 * The longest sign-in name, in characters (code points, as the database counts them): the
 * shortest column a username is written to, `audit_events.entity_id` (varchar 64). Longer names
 * are refused before they reach the directory; a test checks this against the declared schema.
 */
export const MAX_USERNAME_LENGTH = 64;

/** `name` cut to at most {@link MAX_USERNAME_LENGTH} characters (never inside a character). */
export function fitUsername(name: string): string {
  const chars = Array.from(name);
  return chars.length <= MAX_USERNAME_LENGTH ? name : chars.slice(0, MAX_USERNAME_LENGTH).join('');
}
