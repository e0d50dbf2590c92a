import t from 'tap';
import { KyselyEmployeeRepository } from '../../../src/adapters/db/repositories/kysely-employee-repository.ts';
import { KyselyPersonDirectory } from '../../../src/adapters/db/repositories/kysely-person-directory.ts';
import { forEachDialect } from '../../helpers/targets.ts';

const person = (directoryId: string, displayName: string, email: string | null, upn: string | null, active = true) => ({
  directoryId,
  displayName,
  email,
  userPrincipalName: upn,
  department: 'Quality Assurance',
  jobTitle: null,
  active,
  lastSyncedAt: null,
});

/** Issue #18 item 12 without LDAP: who a sign-in name is, from the employee directory's copy, on SQLite and MariaDB. */
await forEachDialect(t, async (t, handle) => {
  await new KyselyEmployeeRepository(handle.db).upsert([
    person('d1', 'Anna Schmidt', 'anna.schmidt@example.com', 'aschmidt@corp.example'),
    person('d2', 'Ben Rossi', 'Ben.Rossi@Example.com', null),
    person('d3', 'Old Timer', 'old@example.com', null, false),
    person('d4', 'Sam One', 'sam@example.com', null),
    person('d5', 'Sam Two', 'sam@example.org', null),
    person('d6', 'Underscore', 'a_b@example.com', null),
  ]);
  const directory = new KyselyPersonDirectory(handle.db);
  const names = async (username: string) => (await directory.findByUsername(username)).map((p) => p.displayName);

  t.same(await directory.findByUsername('anna.schmidt'), [
    {
      username: 'anna.schmidt',
      displayName: 'Anna Schmidt',
      email: 'anna.schmidt@example.com',
      department: 'Quality Assurance',
    },
  ]);
  t.same(await names('aschmidt'), ['Anna Schmidt'], 'by the user principal name before the @');
  t.same(await names('aschmidt@corp.example'), ['Anna Schmidt'], 'or whole');
  t.same(await names('BEN.ROSSI'), ['Ben Rossi'], 'any case');
  t.same(await names('old'), [], 'only active employees');
  t.same(await names('sam'), ['Sam One', 'Sam Two'], 'ambiguous: every match');
  t.same(await names('a%'), [], '% is literal');
  t.same(await names('a_c'), [], '_ is literal');
  t.same(await names('a_b'), ['Underscore']);
  t.same(await names('anna'), [], 'a part of the name is not the name');
  t.equal(await directory.membersOf(), null, 'the copy knows no groups');
});
