import type { Kysely, Selectable } from 'kysely';
import type { Employee, EmployeeFields } from '../../../domain/employee.ts';
import type { EmployeeRepository } from '../../../domain/ports/employee-repository.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { chunk, fromDbBool, fromDbTimeOrNull, likeContains, toDbBool, toDbTime } from '../connection/db-values.ts';
import { type Expression, sql, type SqlBool } from 'kysely';
import { bumpMatrixGeneration } from './matrix-generation.ts';

type EmployeeRow = Selectable<Database['employees']>;

/** {@link EmployeeRepository} on Kysely. */
export class KyselyEmployeeRepository implements EmployeeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async findByIds(ids: readonly number[]): Promise<Employee[]> {
    const out: Employee[] = [];
    for (const part of chunk(ids, 500)) {
      const rows = await this.db.selectFrom('employees').selectAll().where('id', 'in', part).execute();
      out.push(...rows.map(employeeFromRow));
    }
    return out.sort((a, b) => a.id - b.id);
  }

  async search(text: string, limit: number): Promise<Employee[]> {
    const rows = await this.db
      .selectFrom('employees as e')
      .selectAll()
      .where('active', '=', 1)
      .where(employeeNamed(text))
      .orderBy('display_name')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(employeeFromRow);
  }

  async named(text: string, limit: number): Promise<{ items: Employee[]; total: number }> {
    const matching = this.db.selectFrom('employees as e').where(employeeNamed(text));
    const rows = await matching.selectAll().orderBy('display_name').orderBy('id').limit(limit).execute();
    const count = await matching.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    return { items: rows.map(employeeFromRow), total: Number(count.n) };
  }

  async upsert(employees: readonly EmployeeFields[]): Promise<{ added: number; updated: number }> {
    let added = 0;
    let updated = 0;
    for (const part of chunk(employees, 500)) {
      const existing = await this.db
        .selectFrom('employees')
        .selectAll()
        .where(
          'directory_id',
          'in',
          part.map((e) => e.directoryId),
        )
        .execute();
      const byDirectoryId = new Map(existing.map((r) => [r.directory_id, r]));
      const fresh = part.filter((e) => !byDirectoryId.has(e.directoryId));
      if (fresh.length > 0) {
        await this.db.insertInto('employees').values(fresh.map(toRow)).execute();
        added += fresh.length;
      }
      for (const e of part) {
        const row = byDirectoryId.get(e.directoryId);
        if (!row) continue;
        const next = toRow(e);
        const changed = (Object.keys(next) as (keyof typeof next)[]).some(
          (k) => k !== 'last_synced_at' && String(next[k]) !== String(row[k]),
        );
        if (!changed) continue;
        await this.db.updateTable('employees').set(next).where('id', '=', row.id).execute();
        updated += 1;
      }
    }
    if (added + updated > 0) await bumpMatrixGeneration(this.db);
    return { added, updated };
  }

  async deactivateMissing(listed: readonly string[], at: Date): Promise<number> {
    const keep = new Set(listed);
    const active = await this.db
      .selectFrom('employees')
      .select(['id', 'directory_id'])
      .where('active', '=', 1)
      .execute();
    const gone = active.filter((r) => !keep.has(r.directory_id)).map((r) => r.id);
    for (const part of chunk(gone, 500)) {
      await this.db
        .updateTable('employees')
        .set({ active: 0, last_synced_at: toDbTime(at) })
        .where('id', 'in', part)
        .execute();
    }
    if (gone.length > 0) await bumpMatrixGeneration(this.db);
    return gone.length;
  }

  async countActive(): Promise<number> {
    const row = await this.db
      .selectFrom('employees')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('active', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

/**
 * The employee `e` (aliased so in the statement) has a name, email or UPN containing `text`: any
 * case (ASCII), `%` and `_` literal. The type-ahead's, Find's and the list's trainee-name match.
 */
export function employeeNamed(text: string): Expression<SqlBool> {
  const pattern = likeContains(text.trim());
  const like = (column: string) => sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '!'`;
  return sql<SqlBool>`(${like('e.display_name')} or ${like('e.email')} or ${like('e.user_principal_name')})`;
}

function toRow(e: EmployeeFields) {
  return {
    directory_id: e.directoryId,
    display_name: e.displayName,
    email: e.email,
    user_principal_name: e.userPrincipalName,
    department: e.department,
    job_title: e.jobTitle,
    active: toDbBool(e.active),
    last_synced_at: e.lastSyncedAt ? toDbTime(e.lastSyncedAt) : null,
  };
}

export function employeeFromRow(r: EmployeeRow): Employee {
  return {
    id: r.id,
    directoryId: r.directory_id,
    displayName: r.display_name,
    email: r.email,
    userPrincipalName: r.user_principal_name,
    department: r.department,
    jobTitle: r.job_title,
    active: fromDbBool(r.active),
    lastSyncedAt: fromDbTimeOrNull(r.last_synced_at),
  };
}
