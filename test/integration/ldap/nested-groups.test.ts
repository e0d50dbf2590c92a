import t from 'tap';
import { Client } from 'ldapts';
import { LdapAuthenticator, type LdapSettings } from '../../../src/adapters/ldap/ldap-authenticator.ts';
import { expandGroups, inChainFilter, nestedGroupsFor, uniqueDns } from '../../../src/adapters/ldap/nested-groups.ts';
import { isAdminByGroup } from '../../../src/domain/admin-by-group.ts';
import type { AuthenticationResult } from '../../../src/domain/ports/authenticator.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';
import {
  LDAP_MODES,
  ldapSettings,
  slapdUnavailableReason,
  startSlapd,
  TEST_DIRECTORY as D,
} from '../../helpers/slapd.ts';

// Memberships through nested groups (docs/ldap.md, "Nested groups"), against a real slapd.
const { alice, frank, grace } = D.users;
const MODES = LDAP_MODES;

const settings = ldapSettings;

function failed(r: AuthenticationResult): { reason: string; detail: string } {
  return r.ok ? { reason: 'ok', detail: `signed in as ${r.user.username}` } : { reason: r.reason, detail: r.detail };
}

/** The real client, with the string form of every search filter it sends recorded. */
function spying(s: LdapSettings) {
  const filters: string[] = [];
  const authenticator = new LdapAuthenticator(s, {
    createClient: (o) => {
      const c = new Client(o);
      const search = c.search.bind(c);
      c.search = (...args: Parameters<Client['search']>) => {
        filters.push(String(args[1]?.filter));
        return search(...args);
      };
      return c;
    },
  });
  return { authenticator, filters };
}

if (requireOrSkip(t, 'slapd', slapdUnavailableReason())) {
  const slapd = await startSlapd(t);

  for (const mode of MODES) {
    t.test(`${mode}: admin through a nested group (expanded: OpenLDAP has no in-chain rule)`, async (t) => {
      const { authenticator } = spying(settings(slapd, mode));
      const f = await authenticator.authenticate(frank.username, frank.password);
      if (!f.ok) return t.fail(`frank: ${failed(f).detail}`);
      t.same(f.user.groups, [D.leadsGroupDn, D.adminGroupDn], 'his direct group, then the group it is a member of');
      t.ok(isAdminByGroup(f.user, D.adminGroupDn), 'frank is admin through Training Leads');
      const g = await authenticator.authenticate(grace.username, grace.password);
      t.same(g.ok && g.user.groups, D.loopGroupDns, 'a cycle of groups ends, each group once');
      t.notOk(g.ok && isAdminByGroup(g.user, D.adminGroupDn));
    });
  }

  t.test('auto picks expand on OpenLDAP; in-chain sends AD’s filter; off reads memberOf only', async (t) => {
    const auto = spying(settings(slapd, 'service-account'));
    const f = await auto.authenticator.authenticate(frank.username, frank.password);
    t.ok(f.ok && isAdminByGroup(f.user, D.adminGroupDn), 'auto: frank is admin through Training Leads');
    t.ok(auto.filters.includes('(objectClass=*)'), 'auto read the rootDSE (no supportedCapabilities on OpenLDAP)');
    t.ok(auto.filters.includes(`(&(objectClass=group)(member=${D.leadsGroupDn}))`), 'and expanded level by level');
    const rootReads = auto.filters.filter((x) => x === '(objectClass=*)').length;
    await auto.authenticator.authenticate(alice.username, alice.password);
    t.equal(
      auto.filters.filter((x) => x === '(objectClass=*)').length,
      rootReads,
      'the rootDSE is read once per authenticator',
    );

    // slapd cannot evaluate 1.2.840.113556.1.4.1941: this shows the filter sent and what is done
    // with the answer; that AD returns the nested groups for it is not tested here.
    const inChain = spying(settings(slapd, 'service-account', { nestedGroups: 'in-chain' }));
    const c = await inChain.authenticator.authenticate(frank.username, frank.password);
    t.ok(
      inChain.filters.includes(`(&(objectClass=group)(member:1.2.840.113556.1.4.1941:=${frank.dn}))`),
      'in-chain: the matching-rule-in-chain filter with the user DN',
    );
    t.notOk(
      inChain.filters.some((x) => x.includes('(member=')),
      'no level-by-level search',
    );
    t.notOk(inChain.filters.includes('(objectClass=*)'), 'no rootDSE read when chosen explicitly');
    t.same(
      c.ok && c.user.groups,
      [D.leadsGroupDn],
      `slapd matches no group for the rule: the direct groups remain (${failed(c).detail})`,
    );

    const off = spying(settings(slapd, 'direct-bind', { nestedGroups: 'off' }));
    const o = await off.authenticator.authenticate(frank.username, frank.password);
    t.same(o.ok && o.user.groups, [D.leadsGroupDn], 'off: direct memberships only');
    t.notOk(
      off.filters.some((x) => x.includes('objectClass=group') || x === '(objectClass=*)'),
      'off: no group search',
    );
  });

  t.test('the expansion is bounded, de-duplicated and runs as any bound user', async (t) => {
    const raw = new Client({ url: slapd.url, connectTimeout: 2000, timeout: 2000 });
    t.teardown(() => raw.unbind());
    await raw.bind(frank.dn, frank.password);
    t.same(await expandGroups(raw, D.baseDn, [D.leadsGroupDn], 0), [D.leadsGroupDn], 'depth 0: the direct groups');
    t.same(
      await expandGroups(raw, D.baseDn, [D.leadsGroupDn], 1),
      [D.leadsGroupDn, D.adminGroupDn],
      'depth 1: one level up',
    );
    t.same(
      await expandGroups(raw, D.baseDn, [D.leadsGroupDn, D.adminGroupDn.toUpperCase()]),
      [D.leadsGroupDn, D.adminGroupDn.toUpperCase()],
      'a group already known is not added again',
    );
    t.same(await expandGroups(raw, D.baseDn, []), [], 'no groups: nothing to search');
    t.same(
      await expandGroups(raw, D.baseDn, ['cn=x)(member=*,ou=groups,dc=example,dc=test']),
      ['cn=x)(member=*,ou=groups,dc=example,dc=test'],
      'an odd DN is a value, not filter syntax',
    );
  });
}

t.test('choosing the path, the in-chain filter, de-duplication (pure)', async (t) => {
  t.equal(
    nestedGroupsFor(['1.2.840.113556.1.4.800', '1.2.840.113556.1.4.1670']),
    'in-chain',
    'AD (LDAP_CAP_ACTIVE_DIRECTORY_OID)',
  );
  t.equal(nestedGroupsFor(['1.2.840.113556.1.4.1851']), 'in-chain', 'AD LDS');
  t.equal(nestedGroupsFor([]), 'expand', 'anything else');
  t.equal(
    inChainFilter('CN=a)(b*,DC=corp').toString(),
    '(&(objectClass=group)(member:1.2.840.113556.1.4.1941:=CN=a\\29\\28b\\2a,DC=corp))',
    'the DN is escaped',
  );
  t.same(uniqueDns(['CN=G, DC=corp', 'cn=g,dc=CORP', 'CN=H,DC=corp']), ['CN=G, DC=corp', 'CN=H,DC=corp']);
});
