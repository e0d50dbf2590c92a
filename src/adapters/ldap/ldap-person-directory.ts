import { AndFilter, Client, EqualityFilter, OrFilter, type Entry, type Filter } from 'ldapts';
import { normaliseDn } from '../../domain/admin-by-group.ts';
import { DirectoryUnavailableError } from '../../domain/errors.ts';
import type { DirectoryPerson, PersonDirectory } from '../../domain/ports/person-directory.ts';
import { ldapConnectionOptions, type LdapConnectionOptions } from './ldap-client-options.ts';
import { attributeValues } from './ldap-entry.ts';
import type { LdapSettings } from './ldap-settings.ts';
import { parseLoginName } from './login-name.ts';
import { MAX_NESTING_DEPTH } from './nested-groups.ts';

const PERSON_ATTRIBUTES = ['sAMAccountName', 'displayName', 'cn', 'mail', 'department'];
const USER = new EqualityFilter({ attribute: 'objectClass', value: 'user' });
const GROUP = new EqualityFilter({ attribute: 'objectClass', value: 'group' });
const PAGED = { pageSize: 500 };

/**
 * {@link PersonDirectory} on LDAP (Active Directory), searched with the service account
 * (`LDAP_BIND_DN`): a name is looked up as the sign-in looks it up (sAMAccountName, or
 * userPrincipalName with an `@`), with escaped filter objects, never concatenated text. A group's
 * members are the users whose `memberOf` names it or a group nested in it (each group once, at most
 * {@link MAX_NESTING_DEPTH} levels). One connection per call, always closed.
 */
export class LdapPersonDirectory implements PersonDirectory {
  readonly #settings: LdapSettings & { bindDn: string; bindPassword: string };
  readonly #connection: LdapConnectionOptions;

  constructor(settings: LdapSettings) {
    if (settings.bindDn === null || settings.bindPassword === null)
      throw new Error('Looking people up in LDAP needs the service account (LDAP_BIND_DN, LDAP_BIND_PASSWORD)');
    this.#settings = { ...settings, bindDn: settings.bindDn, bindPassword: settings.bindPassword };
    this.#connection = ldapConnectionOptions(settings);
  }

  findByUsername(username: string): Promise<DirectoryPerson[]> {
    const login = username.trim();
    if (login === '' || login.length > 256) return Promise.resolve([]);
    return this.#withClient(async (client) => {
      const { upn, samAccountName } = parseLoginName(login, this.#settings.domain);
      const names: Filter[] = [
        ...(upn === null ? [] : [new EqualityFilter({ attribute: 'userPrincipalName', value: upn })]),
        ...(samAccountName === null
          ? []
          : [new EqualityFilter({ attribute: 'sAMAccountName', value: samAccountName })]),
      ];
      if (names.length === 0) return [];
      const byName = names.length === 1 ? names[0]! : new OrFilter({ filters: names });
      const { searchEntries } = await client.search(this.#settings.baseDn, {
        scope: 'sub',
        filter: new AndFilter({ filters: [USER, byName] }),
        attributes: PERSON_ATTRIBUTES,
        sizeLimit: 5,
      });
      return sorted(searchEntries.map((e) => person(e, login)));
    });
  }

  membersOf(groupDn: string): Promise<DirectoryPerson[]> {
    return this.#withClient(async (client) => {
      const groups = [groupDn];
      const seen = new Set([normaliseDn(groupDn)]);
      let level = [groupDn];
      for (let depth = 0; depth < MAX_NESTING_DEPTH && level.length > 0; depth++) {
        const { searchEntries } = await client.search(this.#settings.baseDn, {
          scope: 'sub',
          filter: new AndFilter({ filters: [GROUP, memberOfAny(level)] }),
          attributes: ['1.1'],
          paged: PAGED,
        });
        level = searchEntries.map((e) => e.dn).filter((dn) => !seen.has(normaliseDn(dn)));
        for (const dn of level) seen.add(normaliseDn(dn));
        groups.push(...level);
      }
      const { searchEntries } = await client.search(this.#settings.baseDn, {
        scope: 'sub',
        filter: new AndFilter({ filters: [USER, memberOfAny(groups)] }),
        attributes: PERSON_ATTRIBUTES,
        paged: PAGED,
      });
      return sorted(searchEntries.map((e) => person(e, '')).filter((p) => p.username !== ''));
    });
  }

  async #withClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client(this.#connection.client);
    try {
      if (this.#settings.tls === 'starttls') await client.startTLS({ ...this.#connection.tls });
      await client.bind(this.#settings.bindDn, this.#settings.bindPassword);
      return await work(client);
    } catch (error) {
      // The directory's own words go with the cause to the log; people get the domain's message.
      throw new DirectoryUnavailableError({ cause: error });
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }
}

function memberOfAny(dns: readonly string[]): Filter {
  const each = dns.map((dn) => new EqualityFilter({ attribute: 'memberOf', value: dn }));
  return each.length === 1 ? each[0]! : new OrFilter({ filters: each });
}

function person(entry: Entry, typed: string): DirectoryPerson {
  const first = (name: string) => attributeValues(entry, name)[0] ?? null;
  const username = (first('sAMAccountName') ?? typed).toLowerCase();
  return {
    username,
    displayName: first('displayName') ?? first('cn') ?? username,
    email: first('mail'),
    department: first('department'),
  };
}

function sorted(people: DirectoryPerson[]): DirectoryPerson[] {
  return people.sort((a, b) => a.displayName.localeCompare(b.displayName) || a.username.localeCompare(b.username));
}
