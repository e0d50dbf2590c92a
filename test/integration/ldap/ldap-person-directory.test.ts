import t from 'tap';
import { LdapPersonDirectory } from '../../../src/adapters/ldap/ldap-person-directory.ts';
import { DirectoryUnavailableError } from '../../../src/domain/errors.ts';
import { freePort } from '../../helpers/ports.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';
import { ldapSettings, slapdUnavailableReason, startSlapd, TEST_DIRECTORY as D } from '../../helpers/slapd.ts';

/** Issue #18 item 12: who a sign-in name is, and who the administrators' group holds, from a real slapd. */
if (requireOrSkip(t, 'slapd (apt-get install slapd ldap-utils)', slapdUnavailableReason())) {
  const slapd = await startSlapd(t);
  const directory = new LdapPersonDirectory(ldapSettings(slapd, 'service-account'));

  t.test('a sign-in name is the person the sign-in would find', async (t) => {
    t.same(await directory.findByUsername('alice'), [
      { username: 'alice', displayName: 'Alice Example', email: 'alice@example.test', department: null },
    ]);
    t.same(
      (await directory.findByUsername(' BOB ')).map((p) => p.displayName),
      ['Bob Builder'],
      'trimmed, any case',
    );
    t.same(
      (await directory.findByUsername(D.users.bob.upn)).map((p) => p.username),
      ['bob'],
      'by user principal name',
    );
    t.same(await directory.findByUsername('nobody'), []);
    t.same(await directory.findByUsername(''), []);
  });

  t.test('filter metacharacters are escaped, never wildcards', async (t) => {
    for (const name of ['*', 'a*', '*)(sAMAccountName=*', 'alice)(|(objectClass=*'])
      t.same(await directory.findByUsername(name), [], name);
  });

  t.test("the group's members, directly and through a nested group, by name", async (t) => {
    const members = await directory.membersOf(D.adminGroupDn);
    t.same(
      members.map((p) => [p.username, p.displayName]),
      [
        ['bob', 'Bob Builder'],
        ['frank', 'Frank Lead'],
      ],
    );
    t.same(await directory.membersOf('cn=No Such Group,ou=groups,dc=example,dc=test'), []);
    const loop = await directory.membersOf(D.loopGroupDns[0]);
    t.same(
      loop.map((p) => p.username),
      ['grace'],
      'a cycle of groups ends',
    );
  });

  t.test('an unreachable directory or a refused service account is DirectoryUnavailableError', async (t) => {
    const closed = new LdapPersonDirectory(
      ldapSettings({ host: '127.0.0.1', port: await freePort() }, 'service-account'),
    );
    await t.rejects(closed.findByUsername('alice'), DirectoryUnavailableError);
    const wrong = new LdapPersonDirectory(ldapSettings(slapd, 'service-account', { bindPassword: 'not-the-password' }));
    await t.rejects(wrong.membersOf(D.adminGroupDn), { code: 'DIRECTORY_UNAVAILABLE' });
    t.throws(() => new LdapPersonDirectory(ldapSettings(slapd, 'direct-bind')), /service account/);
  });
}
