import t from 'tap';
import type { Test } from 'tap';
import { KyselyDirectoryScopes } from '../../../src/adapters/db/repositories/kysely-directory-scopes.ts';
import { KyselyEmployeeRepository } from '../../../src/adapters/db/repositories/kysely-employee-repository.ts';
import type { EmployeeFields } from '../../../src/domain/employee.ts';
import type { DirectoryScopes } from '../../../src/domain/ports/directory-scopes.ts';
import { InMemoryDirectoryScopes } from '../../fakes/in-memory-directory-scopes.ts';
import { forEachDialect } from '../../helpers/targets.ts';

// One contract for DirectoryScopes: the in-memory fake, SQLite and MariaDB (required in CI).

const person = (i: number, department: string | null, jobTitle: string | null, active = true): EmployeeFields => ({
  directoryId: `d-${i}`,
  displayName: `Person ${i}`,
  email: null,
  userPrincipalName: null,
  department,
  jobTitle,
  active,
  lastSyncedAt: null,
});

const STAFF = [
  person(1, 'Maintenance', 'Technician'),
  person(2, 'Maintenance', 'Operator'),
  person(3, 'Quality Assurance', 'Technician'),
  person(4, 'Zeta Lab', null),
  person(5, 'alpha team', ''),
  person(6, 'Left Department', 'Retired Role', false),
  person(7, null, 'Engineer'),
];

async function contract(
  t: Test,
  scopes: DirectoryScopes,
  seed: (rows: readonly EmployeeFields[]) => Promise<void>,
): Promise<void> {
  t.same(await scopes.spellings('department'), [], 'no employees: no choices');
  await seed(STAFF);
  t.same(
    await scopes.spellings('department'),
    ['Maintenance', 'Quality Assurance', 'Zeta Lab', 'alpha team'],
    'distinct, active only, no empty value, code-unit order (upper case first, on every host)',
  );
  t.same(await scopes.spellings('job_title'), ['Engineer', 'Operator', 'Technician']);
}

t.test('in-memory fake', async (t) => {
  const employees: { employees: (EmployeeFields & { id: number })[] } = { employees: [] };
  await contract(t, new InMemoryDirectoryScopes(employees), async (rows) => {
    employees.employees.push(...rows.map((r, i) => ({ ...r, id: i + 1 })));
  });
});

t.test('database adapter, on every dialect', (t) =>
  forEachDialect(t, async (t, handle) => {
    const repo = new KyselyEmployeeRepository(handle.db);
    await contract(t, new KyselyDirectoryScopes(handle.db), async (rows) => {
      await repo.upsert(rows);
    });
  }),
);
