import type { ConnectionOptions } from 'node:tls';
import { AndFilter, Client, EqualityFilter, OrFilter, type ClientOptions, type Entry, type Filter } from 'ldapts';
import type { AuthenticationResult, Authenticator } from '../../domain/ports/authenticator.ts';
import { userBindName } from './bind-name.ts';
import { ldapConnectionOptions } from './ldap-client-options.ts';
import { readDirectoryAccount, USER_ATTRIBUTES } from './ldap-entry.ts';
import { parseLoginName } from './login-name.ts';
import { detectNestedGroups, expandGroups, groupsInChain } from './nested-groups.ts';
import { directoryFailure, failure, isCredentialRejection, rejectedBind } from './ldap-failure.ts';
import type { LdapSettings } from './ldap-settings.ts';

export type { LdapSettings, LdapTls } from './ldap-settings.ts';
export type { NestedGroups } from './nested-groups.ts';

/** Test seam: builds the ldapts client (one per sign-in). */
export type LdapClientFactory = (options: ClientOptions) => Client;

const MAX_USERNAME_LENGTH = 256;

interface Progress {
  step: string;
  abandoned: boolean;
}

/**
 * Active Directory sign-in with ldapts. Per sign-in, on one connection:
 * 1. refuse an empty password before connecting (AD takes "DN + empty password" as an anonymous success);
 * 2. bind as the service account (service-account mode) or as the user (direct-bind mode);
 * 3. search the user by sAMAccountName; a name with `@` by userPrincipalName, or by the
 *    sAMAccountName before the `@` when the part after it is the configured domain
 *    (escaped filter objects, never string concatenation); exactly one entry must match;
 * 4. bind as the found DN with the password;
 * 5. read the entry again as the user and refuse disabled or locked accounts
 *    (userAccountControl 0x2 or 0x10, lockoutTime > 0) and passwords to change (pwdLastSet 0);
 * 6. add the groups the user is a member of through nested groups (`settings.nestedGroups`).
 * Unknown user and wrong password give the same reason (`invalid-credentials`); `detail` tells
 * them apart for the log. The connection is always closed. Each request has the operation
 * timeout, and the whole sign-in is cut off after connect timeout + operation timeout.
 */
export class LdapAuthenticator implements Authenticator {
  readonly #settings: LdapSettings;
  readonly #createClient: LdapClientFactory;
  readonly #clientOptions: ClientOptions;
  readonly #tlsOptions: ConnectionOptions;
  /** `auto`: what the rootDSE said, once per authenticator. */
  #detectedNesting: 'in-chain' | 'expand' | undefined;

  constructor(settings: LdapSettings, options: { createClient?: LdapClientFactory } = {}) {
    if ((settings.bindDn === null) !== (settings.bindPassword === null))
      throw new Error('LDAP service account needs both a bind DN and a bind password');
    this.#settings = settings;
    this.#createClient = options.createClient ?? ((o) => new Client(o));
    const connection = ldapConnectionOptions(settings);
    this.#tlsOptions = connection.tls;
    this.#clientOptions = connection.client;
  }

  /** Which flow is configured: with a service account, or binding as the user. */
  get mode(): 'service-account' | 'direct-bind' {
    return this.#settings.bindDn === null ? 'direct-bind' : 'service-account';
  }

  async authenticate(username: string, password: string): Promise<AuthenticationResult> {
    const login = username.trim();
    if (password === '') return failure('empty-password', 'empty password refused before any bind');
    if (login === '') return failure('invalid-credentials', 'empty username refused before any bind');
    if (login.length > MAX_USERNAME_LENGTH)
      return failure('invalid-credentials', `username longer than ${MAX_USERNAME_LENGTH} characters`);

    let client: Client;
    try {
      client = this.#createClient(this.#clientOptions);
    } catch (error) {
      return directoryFailure(error, `creating the client (${this.#clientOptions.url})`);
    }
    const progress: Progress = { step: 'connecting', abandoned: false };
    const limitMs = this.#settings.connectTimeoutMs + this.#settings.timeoutMs;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<AuthenticationResult>((resolve) => {
      timer = setTimeout(() => {
        progress.abandoned = true;
        resolve(
          failure(
            'directory-timeout',
            `${progress.step} (${this.#clientOptions.url}): sign-in not finished within ${limitMs} ms (connect + operation timeout)`,
          ),
        );
      }, limitMs);
    });
    try {
      return await Promise.race([this.#signIn(client, login, password, progress), deadline]);
    } finally {
      clearTimeout(timer);
      await client.unbind().catch(() => undefined);
    }
  }

  /** The sign-in proper; never throws. Stops before the next request once `progress.abandoned` is set. */
  async #signIn(client: Client, login: string, password: string, progress: Progress): Promise<AuthenticationResult> {
    const next = (step: string) => {
      if (progress.abandoned) throw new Error('sign-in abandoned after the deadline');
      progress.step = step;
    };
    try {
      if (this.#settings.tls === 'starttls') {
        next('StartTLS');
        await client.startTLS({ ...this.#tlsOptions });
      }
      const { bindDn, bindPassword } = this.#settings;
      if (bindDn !== null && bindPassword !== null) {
        next('service account bind');
        await client.bind(bindDn, bindPassword);
      } else {
        next('direct bind');
        const bindName = userBindName(login, this.#settings.userBindFormat, this.#settings.domain);
        try {
          await client.bind(bindName, password);
        } catch (error) {
          if (isCredentialRejection(error))
            return rejectedBind(error, `direct bind as "${bindName}"`, 'unknown user or wrong password');
          throw error;
        }
      }

      next('user search');
      const entries = await this.#findUser(client, login);
      if (entries.length === 0)
        return failure('invalid-credentials', `unknown user: no directory entry matches "${login}"`);
      if (entries.length > 1)
        return failure('invalid-credentials', `ambiguous user: more than one directory entry matches "${login}"`);
      const account = readDirectoryAccount(entries[0] as Entry, login);

      next('user bind');
      try {
        await client.bind(account.dn, password);
      } catch (error) {
        if (isCredentialRejection(error)) return rejectedBind(error, `bind as "${account.dn}"`, 'wrong password');
        throw error;
      }
      // Read again as the user: a successful bind on AD resets an expired lockout (lockoutTime).
      next('reading the account');
      const fresh = await this.#readEntry(client, account.dn);
      const current = fresh === undefined ? account : readDirectoryAccount(fresh, login);
      if (current.blockedBecause !== null)
        return failure('account-disabled', `${account.dn}: ${current.blockedBecause}`);
      if (current.mustChangePassword)
        return failure('password-must-change', `${account.dn}: password must be changed (pwdLastSet 0)`);
      next('reading nested groups');
      const groups = await this.#allGroups(client, account.dn, current.user.groups);
      return { ok: true, user: { ...current.user, groups } };
    } catch (error) {
      return directoryFailure(error, `${progress.step} (${this.#clientOptions.url})`);
    }
  }

  async #findUser(client: Client, login: string): Promise<Entry[]> {
    const { upn, samAccountName } = parseLoginName(login, this.#settings.domain);
    const names: Filter[] = [
      ...(upn === null ? [] : [new EqualityFilter({ attribute: 'userPrincipalName', value: upn })]),
      ...(samAccountName === null ? [] : [new EqualityFilter({ attribute: 'sAMAccountName', value: samAccountName })]),
    ];
    const byName = names.length === 1 ? (names[0] as Filter) : new OrFilter({ filters: names });
    const { searchEntries } = await client.search(this.#settings.baseDn, {
      scope: 'sub',
      filter: new AndFilter({ filters: [new EqualityFilter({ attribute: 'objectClass', value: 'user' }), byName] }),
      attributes: [...USER_ATTRIBUTES],
      sizeLimit: 2,
    });
    return searchEntries;
  }

  async #allGroups(client: Client, userDn: string, direct: readonly string[]): Promise<string[]> {
    const setting = this.#settings.nestedGroups ?? 'auto';
    if (setting === 'off') return [...direct];
    const how = setting === 'auto' ? (this.#detectedNesting ??= await detectNestedGroups(client)) : setting;
    return how === 'in-chain'
      ? groupsInChain(client, this.#settings.baseDn, userDn, direct)
      : expandGroups(client, this.#settings.baseDn, direct);
  }

  async #readEntry(client: Client, dn: string): Promise<Entry | undefined> {
    const { searchEntries } = await client.search(dn, { scope: 'base', attributes: [...USER_ATTRIBUTES] });
    return searchEntries[0];
  }
}
