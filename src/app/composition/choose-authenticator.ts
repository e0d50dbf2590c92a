import { DevelopmentAuthenticator } from '../../adapters/dev-auth/development-authenticator.ts';
import { LdapAuthenticator } from '../../adapters/ldap/ldap-authenticator.ts';
import type { Authenticator } from '../../domain/ports/authenticator.ts';
import type { Config } from '../config.ts';

/**
 * LDAP when LDAP_HOST is set; otherwise the development login where the configuration allows it
 * (never in staging/production); otherwise every sign-in fails with "directory unavailable".
 */
export function chooseAuthenticator(config: Config): Authenticator {
  if (config.ldap.settings) return new LdapAuthenticator(config.ldap.settings);
  if (config.devLogin) return new DevelopmentAuthenticator();
  return {
    authenticate: async () => ({
      ok: false,
      reason: 'directory-unavailable',
      detail: 'no authenticator configured (LDAP not set up, DEV_LOGIN off)',
    }),
  };
}
