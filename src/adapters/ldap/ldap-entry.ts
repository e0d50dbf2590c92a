import type { Entry } from 'ldapts';
import type { AuthenticatedUser } from '../../domain/ports/authenticator.ts';

/** Attributes read for a sign-in; nothing else is requested from the directory. */
export const USER_ATTRIBUTES = [
  'sAMAccountName',
  'userPrincipalName',
  'displayName',
  'cn',
  'mail',
  'memberOf',
  'userAccountControl',
  'lockoutTime',
  'pwdLastSet',
] as const;

const ACCOUNTDISABLE = 0x2;
const LOCKOUT = 0x10;

/** A directory entry mapped to the domain, plus why the account may not sign in (null: it may). */
export interface DirectoryAccount {
  readonly dn: string;
  readonly user: AuthenticatedUser;
  readonly blockedBecause: string | null;
  /** `pwdLastSet` is 0: an administrator set "must change password at next logon". */
  readonly mustChangePassword: boolean;
}

/**
 * Maps a search entry to an account. Attribute names are matched case-insensitively (servers
 * return them as stored); single values may come back as a string or an array; `memberOf` is
 * always an array. Unreadable account flags block the sign-in rather than allow it.
 */
export function readDirectoryAccount(entry: Entry, typedName: string): DirectoryAccount {
  const values = valuesOf(entry);
  const first = (name: string) => values(name)[0] ?? null;
  const username = (first('sAMAccountName') ?? typedName).toLowerCase();
  const user: AuthenticatedUser = {
    username,
    displayName: first('displayName') ?? first('cn') ?? username,
    email: first('mail'),
    groups: values('memberOf'),
  };
  return {
    dn: entry.dn,
    user,
    blockedBecause: blockedBecause(first('userAccountControl'), first('lockoutTime')),
    mustChangePassword: first('pwdLastSet') === '0',
  };
}

function blockedBecause(userAccountControl: string | null, lockoutTime: string | null): string | null {
  if (userAccountControl !== null) {
    if (!/^-?\d+$/.test(userAccountControl)) return `unreadable userAccountControl "${userAccountControl}"`;
    const flags = Number(userAccountControl);
    if (flags & ACCOUNTDISABLE) return `account disabled (userAccountControl ${flags} has ACCOUNTDISABLE 0x2)`;
    if (flags & LOCKOUT) return `account locked out (userAccountControl ${flags} has LOCKOUT 0x10)`;
  }
  if (lockoutTime !== null) {
    if (!/^\d+$/.test(lockoutTime)) return `unreadable lockoutTime "${lockoutTime}"`;
    if (BigInt(lockoutTime) > 0n) return `account locked out (lockoutTime ${lockoutTime})`;
  }
  return null;
}

/** The string values of one attribute of an entry (name matched case-insensitively; none: `[]`). */
export function attributeValues(entry: Entry, name: string): string[] {
  return valuesOf(entry)(name);
}

function valuesOf(entry: Entry): (name: string) => string[] {
  const byName = new Map<string, unknown>();
  for (const [key, value] of Object.entries(entry)) if (key !== 'dn') byName.set(key.toLowerCase(), value);
  return (name) => {
    const raw = byName.get(name.toLowerCase());
    const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    return list
      .map((v: unknown) => (typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('utf8') : ''))
      .map((v) => v.trim())
      .filter((v) => v !== '');
  };
}
