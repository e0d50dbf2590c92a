import type { Kysely } from 'kysely';
import type { DirectoryScopes } from '../../../domain/ports/directory-scopes.ts';
import type { ScopeKind } from '../../../domain/training-requirement.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';

const COLUMN = { department: 'department', job_title: 'job_title' } as const;

/** {@link DirectoryScopes} on Kysely: served by `ix_employees_department` / `ix_employees_job_title`. */
export class KyselyDirectoryScopes implements DirectoryScopes {
  constructor(private readonly db: Kysely<Database>) {}

  async spellings(kind: ScopeKind): Promise<string[]> {
    const column = COLUMN[kind];
    const rows = await this.db
      .selectFrom('employees')
      .select(column)
      .distinct()
      .where('active', '=', 1)
      .where(column, 'is not', null)
      .where(column, '<>', '')
      .execute();
    // Sorted here, not by the database: MariaDB's collation folds case and accents, SQLite's does not.
    const values = rows.map((r) => r[column]).filter((v): v is string => typeof v === 'string');
    return values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
}
