import { parseLoginName } from './login-name.ts';

/**
 * The name a user binds with in direct-bind mode (no service account).
 *
 * - `format` is filled in: `{username}` with the sAMAccountName and `{domain}` with the configured
 *   domain. Active Directory: `{username}@{domain}` (the default) or `EXAMPLE\{username}`.
 *   Directories that bind by DN (OpenLDAP): `uid={username},ou=people,...`; when the format is a DN
 *   (contains `=`), the name is escaped as a DN attribute value, so a name such as `x,ou=service`
 *   cannot point the bind at another entry.
 * - A name containing `@` is bound as typed (Active Directory accepts UPNs and
 *   `sAMAccountName@dnsDomain`; OpenLDAP refuses both, and its answer counts as invalid
 *   credentials), except with a DN format when the part after `@` is `domain`: then the part before
 *   `@` is the sAMAccountName the DN expects (`bob@example.test` → `uid=bob,...`).
 */
export function userBindName(login: string, format: string, domain: string | null): string {
  const isDn = format.includes('=');
  const { upn, samAccountName } = parseLoginName(login, domain);
  if (samAccountName === null || (upn !== null && !isDn)) return login;
  return format
    .replaceAll('{domain}', domain ?? '')
    .replaceAll('{username}', isDn ? escapeDnValue(samAccountName) : samAccountName);
}

/** Escapes an attribute value for use inside a DN (RFC 4514 section 2.4). */
export function escapeDnValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '\0') out += '\\00';
    else if ('"+,;<>\\='.includes(c)) out += `\\${c}`;
    else if ((i === 0 && (c === ' ' || c === '#')) || (i === value.length - 1 && c === ' ')) out += `\\${c}`;
    else out += c;
  }
  return out;
}
