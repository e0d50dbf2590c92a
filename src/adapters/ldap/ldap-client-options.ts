import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { ClientOptions } from 'ldapts';
import type { LdapSettings } from './ldap-settings.ts';

/** How to reach the directory: the ldapts client's options and the TLS options (ldaps or StartTLS). */
export interface LdapConnectionOptions {
  readonly client: ClientOptions;
  readonly tls: ConnectionOptions;
}

/** The connection options of `settings`: TLS 1.2 at least, the CA file if any, the server name checked. */
export function ldapConnectionOptions(settings: LdapSettings): LdapConnectionOptions {
  const tls: ConnectionOptions = {
    host: settings.host,
    ...(isIP(settings.host) ? {} : { servername: settings.host }),
    ...(settings.caFile === null ? {} : { ca: readFileSync(settings.caFile) }),
    minVersion: 'TLSv1.2',
  };
  return {
    tls,
    client: {
      url: `${settings.tls === 'ldaps' ? 'ldaps' : 'ldap'}://${settings.host}:${settings.port}`,
      connectTimeout: settings.connectTimeoutMs,
      timeout: settings.timeoutMs,
      ...(settings.tls === 'ldaps' ? { tlsOptions: tls } : {}),
    },
  };
}
