import type { AuthenticatedUser } from './ports/authenticator.ts';

/**
 * True when the user is a member of the administrators' group. Distinguished names compare the
 * way Active Directory compares them: attribute names and values case-insensitively, spaces around
 * `,` and `=` ignored. A null or blank group means nobody is admin by group.
 */
export function isAdminByGroup(user: Pick<AuthenticatedUser, 'groups'>, adminGroupDn: string | null): boolean {
  if (adminGroupDn === null || adminGroupDn.trim() === '') return false;
  const wanted = normaliseDn(adminGroupDn);
  return user.groups.some((group) => normaliseDn(group) === wanted);
}

/** A comparable form of a DN: RDNs split on unescaped commas, each `type=value` trimmed and lower-cased. */
export function normaliseDn(dn: string): string {
  return splitUnescaped(dn.trim(), ',')
    .map((rdn) => {
      const [type = '', ...rest] = splitUnescaped(rdn, '=');
      return `${type.trim().toLowerCase()}=${rest.join('=').trim().toLowerCase()}`;
    })
    .join(',');
}

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < text.length) {
      current += c + (text[i + 1] as string);
      i++;
    } else if (c === separator) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}
