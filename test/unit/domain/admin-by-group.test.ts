import t from 'tap';
import { isAdminByGroup, normaliseDn } from '../../../src/domain/admin-by-group.ts';

const ADMINS = 'CN=Training Admins,OU=Groups,DC=corp,DC=example';

t.test('membership by distinguished name, compared as AD compares', async (t) => {
  t.ok(isAdminByGroup({ groups: ['CN=Other,DC=corp,DC=example', ADMINS] }, ADMINS));
  t.ok(
    isAdminByGroup({ groups: ['cn=training admins, ou=groups, dc=CORP, dc=example'] }, ADMINS),
    'case and spaces around , and = ignored',
  );
  t.ok(isAdminByGroup({ groups: [ADMINS] }, ' cn = Training Admins ,OU=Groups,DC=corp,DC=example '));
});

t.test('not a member, or no admin group configured', async (t) => {
  t.notOk(isAdminByGroup({ groups: [] }, ADMINS));
  t.notOk(
    isAdminByGroup({ groups: ['CN=Training Admins,OU=Groups,DC=corp,DC=other'] }, ADMINS),
    'same CN in another domain',
  );
  t.notOk(isAdminByGroup({ groups: ['CN=Training Admins Old,OU=Groups,DC=corp,DC=example'] }, ADMINS), 'a longer name');
  t.notOk(isAdminByGroup({ groups: ['OU=Groups,DC=corp,DC=example'] }, ADMINS), 'a parent container');
  t.notOk(isAdminByGroup({ groups: [ADMINS] }, null));
  t.notOk(isAdminByGroup({ groups: [ADMINS] }, '  '));
});

t.test('escaped commas stay inside their value', async (t) => {
  t.equal(normaliseDn('CN=Smith\\, John ,OU=X'), 'cn=smith\\, john,ou=x');
  t.notOk(
    isAdminByGroup({ groups: ['CN=A\\,OU=Groups,DC=corp'] }, 'CN=A,OU=Groups,DC=corp'),
    'an escaped comma is not a separator',
  );
});
