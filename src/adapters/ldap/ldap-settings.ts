import type { NestedGroups } from './nested-groups.ts';

/** How the connection is protected: plain, TLS from the start (ldaps://, AD port 3269/636) or StartTLS. */
export type LdapTls = 'none' | 'ldaps' | 'starttls';

/** Everything the LDAP authenticator needs; built from `LDAP_*` settings by the composition root. */
export interface LdapSettings {
  readonly host: string;
  readonly port: number;
  /** Where users are searched (subtree), e.g. `dc=corp,dc=example`. */
  readonly baseDn: string;
  /** The UPN suffix for direct binds (`{domain}` in `userBindFormat`), e.g. `corp.example`. */
  readonly domain: string | null;
  readonly tls: LdapTls;
  /** PEM file with the CA(s) to trust for ldaps/StartTLS; null: the system's trust store. */
  readonly caFile: string | null;
  /** Service account: when both are set, users are searched with it (service-account mode). */
  readonly bindDn: string | null;
  readonly bindPassword: string | null;
  /** Direct-bind mode: the bind name for a typed username (`{username}`, `{domain}`), see `userBindName`. */
  readonly userBindFormat: string;
  /** TCP (and TLS) connect timeout. */
  readonly connectTimeoutMs: number;
  /** Timeout of each LDAP operation (bind, search, StartTLS); a whole sign-in gets connect + this. */
  readonly timeoutMs: number;
  /** How memberships through nested groups are found (see `NestedGroups`); default `auto`. */
  readonly nestedGroups?: NestedGroups;
}
