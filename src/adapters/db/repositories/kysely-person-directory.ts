import { type Kysely, sql, type SqlBool } from 'kysely';
import type { DirectoryPerson, PersonDirectory } from '../../../domain/ports/person-directory.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';

/**
 * {@link PersonDirectory} over the employee directory's copy (the `employees` table, synced from
 * Entra ID), for where no LDAP service account is configured. A sign-in name matches an active
 * employee's user principal name or email, whole or the part before the `@`. The copy knows no
 * groups, so {@link membersOf} answers `null`.
 */
export class KyselyPersonDirectory implements PersonDirectory {
  constructor(private readonly db: Kysely<Database>) {}

  async findByUsername(username: string): Promise<DirectoryPerson[]> {
    const name = username.trim().toLowerCase();
    if (name === '') return [];
    // With an @ the whole address is meant; without, the part before any address's @ (`_`, `%` literal).
    const literal = name.replace(/[!%_]/g, (c) => `!${c}`);
    const pattern = name.includes('@') ? literal : `${literal}@%`;
    const like = (column: 'email' | 'user_principal_name') =>
      sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '!'`;
    const rows = await this.db
      .selectFrom('employees')
      .select(['display_name', 'email', 'user_principal_name', 'department'])
      .where('active', '=', 1)
      .where((eb) => eb.or([like('user_principal_name'), like('email')]))
      .orderBy('display_name')
      .orderBy('id')
      .limit(5)
      .execute();
    return rows.map((r) => ({
      username: name,
      displayName: r.display_name,
      email: r.email,
      department: r.department,
    }));
  }

  async membersOf(): Promise<DirectoryPerson[] | null> {
    return null;
  }
}
