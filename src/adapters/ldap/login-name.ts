/** What a typed sign-in name can stand for in the directory. */
export interface LoginName {
  /** The whole name when it contains `@`: matched against `userPrincipalName`; else null. */
  readonly upn: string | null;
  /**
   * The `sAMAccountName` it can stand for: a name without `@` as typed; for `name@suffix` the part
   * before the (last) `@` when `suffix` is the configured domain (case-insensitive), as Active
   * Directory accepts `sAMAccountName@dnsDomain` even when the UPN differs; else null.
   */
  readonly samAccountName: string | null;
}

/** Splits a trimmed, non-empty sign-in name; `domain` is `LDAP_DOMAIN` (null: not configured). */
export function parseLoginName(login: string, domain: string | null): LoginName {
  const at = login.lastIndexOf('@');
  if (at < 0) return { upn: null, samAccountName: login };
  const local = login.slice(0, at);
  const suffix = login.slice(at + 1);
  const inDomain = domain !== null && domain.trim() !== '' && suffix.toLowerCase() === domain.trim().toLowerCase();
  return { upn: login, samAccountName: inDomain && local !== '' ? local : null };
}
