import type { Kysely } from 'kysely';
import { KyselyPersonDirectory } from '../../adapters/db/repositories/kysely-person-directory.ts';
import { LdapPersonDirectory } from '../../adapters/ldap/ldap-person-directory.ts';
import type { Database } from '../../declared-schema/declared-schema.ts';
import type { PersonDirectory } from '../../domain/ports/person-directory.ts';
import type { Config } from '../config.ts';

/**
 * Where "who is this sign-in name?" is asked: LDAP when it is configured with a service account
 * (a direct-bind setup has no credentials to search with outside a sign-in), else the employee
 * directory's copy in the database.
 */
export function choosePersonDirectory(config: Config, db: Kysely<Database>): PersonDirectory {
  const ldap = config.ldap.settings;
  return ldap !== null && ldap.bindDn !== null ? new LdapPersonDirectory(ldap) : new KyselyPersonDirectory(db);
}
