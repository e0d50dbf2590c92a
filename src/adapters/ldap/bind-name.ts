/**
 * The name a user binds with in direct-bind mode (no service account).
 *
 * - A name containing `@` is a user principal name and is used as typed: Active Directory accepts
 *   UPN binds (OpenLDAP does not; its answer then counts as invalid credentials).
 * - Otherwise `format` is filled in: `{username}` with the typed name and `{domain}` with the
 *   configured domain. Active Directory: `{username}@{domain}` (the default) or
 *   `EXAMPLE\{username}`. Directories that bind by DN (OpenLDAP): `uid={username},ou=people,...`;
 *   when the format is a DN (contains `=`), the name is escaped as a DN attribute value, so a
 *   name such as `x,ou=service` cannot point the bind at another entry.
 */
export function userBindName(login: string, format: string, domain: string | null): string {
  if (login.includes('@')) return login;
  const isDn = format.includes('=');
  return format
    .replaceAll('{domain}', domain ?? '')
    .replaceAll('{username}', isDn ? escapeDnValue(login) : login);
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
