import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import {
  Client,
  InvalidCredentialsError,
  TimeLimitExceededError,
  UnwillingToPerformError,
  type ClientOptions,
} from 'ldapts';
import { escapeDnValue, userBindName } from '../../../src/adapters/ldap/bind-name.ts';
import { LdapAuthenticator, type LdapSettings } from '../../../src/adapters/ldap/ldap-authenticator.ts';
import { readDirectoryAccount } from '../../../src/adapters/ldap/ldap-entry.ts';
import { parseLoginName } from '../../../src/adapters/ldap/login-name.ts';
import { directoryFailure, rejectedBind } from '../../../src/adapters/ldap/ldap-failure.ts';
import { loadConfig } from '../../../src/app/config.ts';
import { isAdminByGroup } from '../../../src/domain/admin-by-group.ts';
import type { AuthenticationResult } from '../../../src/domain/ports/authenticator.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';
import {
  LDAP_MODES,
  ldapEnv,
  ldapSettings,
  slapdUnavailableReason,
  startSlapd,
  TEST_DIRECTORY as D,
  type TestSlapd,
} from '../../helpers/slapd.ts';

const { alice, bob, carol, dave, erin, admin } = D.users;
const MODES = LDAP_MODES;

const settings = ldapSettings;

/** An authenticator whose client factory records every client it builds (to prove "no bind" and "always closed"). */
function recording(s: LdapSettings) {
  const clients: Client[] = [];
  const options: ClientOptions[] = [];
  const authenticator = new LdapAuthenticator(s, {
    createClient: (o) => {
      options.push(o);
      const c = new Client(o);
      clients.push(c);
      return c;
    },
  });
  return { authenticator, clients, options };
}

function failed(r: AuthenticationResult): { reason: string; detail: string } {
  return r.ok ? { reason: 'ok', detail: `signed in as ${r.user.username}` } : { reason: r.reason, detail: r.detail };
}

if (requireOrSkip(t, 'slapd', slapdUnavailableReason({ tls: true }))) {
  const slapd = await startSlapd(t, { tls: true });
  const tls = slapd.tls as NonNullable<TestSlapd['tls']>;

  for (const mode of MODES) {
    t.test(`${mode} mode against slapd`, async (t) => {
      const { authenticator, clients } = recording(settings(slapd, mode));
      t.equal(authenticator.mode, mode);

      t.test('good sign-in returns the fields and groups', async (t) => {
        t.same(await authenticator.authenticate(alice.username, alice.password), {
          ok: true,
          user: {
            username: 'alice',
            displayName: 'Alice Example',
            email: 'alice@example.test',
            groups: [D.trainersGroupDn],
          },
        });
        const upper = await authenticator.authenticate('  ALICE ', alice.password);
        t.equal(upper.ok && upper.user.username, 'alice', 'the name is trimmed and matched case-insensitively');
        const minimal = await authenticator.authenticate('erin', erin.password);
        t.same(
          minimal,
          { ok: true, user: { username: 'erin', displayName: 'Erin Minimal', email: null, groups: [] } },
          'missing attributes: cn, null mail, no groups',
        );
      });

      t.test('admin by group membership', async (t) => {
        const b = await authenticator.authenticate(bob.username, bob.password);
        const a = await authenticator.authenticate(alice.username, alice.password);
        if (!b.ok || !a.ok) return t.fail(`sign-ins failed: ${failed(b).detail} / ${failed(a).detail}`);
        t.equal(b.user.groups.length, 2, 'multi-valued memberOf comes back as an array');
        t.ok(isAdminByGroup(b.user, D.adminGroupDn), 'bob is in Training Admins');
        t.ok(
          isAdminByGroup(b.user, 'cn=training admins, ou=groups, dc=EXAMPLE, dc=test'),
          'DN compared case- and space-insensitively',
        );
        t.notOk(isAdminByGroup(a.user, D.adminGroupDn), 'alice is not');
        t.notOk(isAdminByGroup(b.user, null), 'no admin group configured: nobody is admin by group');
      });

      t.test('wrong password and unknown user give the same reason', async (t) => {
        const wrong = failed(await authenticator.authenticate(alice.username, 'not-her-password'));
        const unknown = failed(await authenticator.authenticate('nobody', alice.password));
        t.equal(wrong.reason, 'invalid-credentials');
        t.equal(unknown.reason, 'invalid-credentials');
        t.match(wrong.detail, mode === 'service-account' ? /wrong password/ : /unknown user or wrong password/);
        t.match(
          unknown.detail,
          mode === 'service-account' ? /unknown user: no directory entry/ : /unknown user or wrong password/,
        );
        t.notMatch(wrong.detail + unknown.detail, /not-her-password|alice-secret/, 'no password in the detail');
        const group = failed(await authenticator.authenticate('trainers', alice.password));
        t.equal(group.reason, 'invalid-credentials', 'a group (sAMAccountName "trainers") is not a user');
      });

      t.test('empty password is refused before any connection or bind', async (t) => {
        const before = clients.length;
        t.same(failed(await authenticator.authenticate(alice.username, '')), {
          reason: 'empty-password',
          detail: 'empty password refused before any bind',
        });
        t.same(
          failed(await authenticator.authenticate('', alice.password)).reason,
          'invalid-credentials',
          'empty username too',
        );
        t.equal(clients.length, before, 'no client was created, so nothing was bound');
      });

      t.test('filter-injection usernames never authenticate and match nobody', async (t) => {
        for (const name of [
          '*',
          '*)(sAMAccountName=*',
          'admin)(|(a=*',
          'adm*',
          'admin)(objectClass=*',
          'admin,ou=people',
          'x\\2a',
        ]) {
          for (const password of [admin.password, alice.password]) {
            const r = failed(await authenticator.authenticate(name, password));
            t.equal(r.reason, 'invalid-credentials', `${JSON.stringify(name)} is refused`);
            if (mode === 'service-account')
              t.match(r.detail, /no directory entry matches/, `${JSON.stringify(name)} matched no entry`);
          }
        }
      });

      t.test('disabled and locked accounts', async (t) => {
        const disabled = failed(await authenticator.authenticate(carol.username, carol.password));
        t.equal(disabled.reason, 'account-disabled');
        t.match(disabled.detail, /ACCOUNTDISABLE/);
        const locked = failed(await authenticator.authenticate(dave.username, dave.password));
        t.equal(locked.reason, 'account-disabled');
        t.match(locked.detail, /lockoutTime/);
        t.equal(
          failed(await authenticator.authenticate(carol.username, 'guess')).reason,
          'invalid-credentials',
          'without the password the status is not revealed',
        );
      });

      t.test('user principal name input', async (t) => {
        const r = await authenticator.authenticate(bob.upn, bob.password);
        if (mode === 'service-account') {
          t.equal(r.ok && r.user.username, 'bob', 'found by userPrincipalName; the sAMAccountName is the username');
          t.equal(failed(await authenticator.authenticate(bob.upn, alice.password)).reason, 'invalid-credentials');
        } else {
          // The DN format gets the part before `@` ("robert.builder"), which is not bob's uid: a UPN
          // that differs from the sAMAccountName needs AD or a service account (docs/ldap.md).
          t.same(failed(r).reason, 'invalid-credentials');
          t.match(
            failed(r).detail,
            /direct bind as "uid=robert\.builder,ou=people,dc=example,dc=test": unknown user or wrong password/,
          );
          const elsewhere = failed(await authenticator.authenticate('bob@other.domain', bob.password));
          t.match(
            elsewhere.detail,
            /refused the bind name as invalid/,
            'another suffix is bound as typed; OpenLDAP refuses UPN bind names',
          );
        }
      });

      t.test('sAMAccountName@LDAP_DOMAIN input (AD accepts it although it is not the UPN)', async (t) => {
        for (const name of ['bob@example.test', 'BOB@Example.TEST', ' bob@example.test ']) {
          const r = await authenticator.authenticate(name, bob.password);
          t.equal(r.ok && r.user.username, 'bob', `${JSON.stringify(name)} signs in as bob: ${failed(r).detail}`);
          t.ok(r.ok && isAdminByGroup(r.user, D.adminGroupDn), 'with his groups');
        }
        t.equal(
          failed(await authenticator.authenticate('bob@example.test', alice.password)).reason,
          'invalid-credentials',
          'wrong password',
        );
        const other = failed(await authenticator.authenticate('bob@other.domain', bob.password));
        t.equal(other.reason, 'invalid-credentials', 'another domain suffix does not match bob');
        if (mode === 'service-account') t.match(other.detail, /no directory entry matches "bob@other\.domain"/);
        for (const name of [
          '*)(uid=*@example.test',
          '*@example.test',
          'admin)(|(a=*@example.test',
          '@example.test',
          'admin@',
        ]) {
          const r = failed(await authenticator.authenticate(name, admin.password));
          t.equal(r.reason, 'invalid-credentials', `${JSON.stringify(name)} is refused`);
          if (mode === 'service-account')
            t.match(r.detail, /no directory entry matches/, `${JSON.stringify(name)} matched no entry`);
        }
      });

      t.test('every client was closed after its sign-in', async (t) => {
        t.ok(clients.length > 20, `${clients.length} sign-ins reached the directory`);
        t.notOk(clients.some((c) => c.isConnected));
      });
    });
  }

  t.test('from LDAP_* settings through loadConfig to a sign-in', async (t) => {
    const emptyRoot = mkdtempSync(join(tmpdir(), 'tf-ldap-config-')); // no .env.test to read
    t.teardown(() => rmSync(emptyRoot, { recursive: true, force: true }));
    for (const mode of MODES) {
      const config = loadConfig({ APP_ENV: 'test', ...ldapEnv(slapd, mode) }, emptyRoot);
      t.ok(config.ldap.settings, mode);
      const a = new LdapAuthenticator(config.ldap.settings as LdapSettings);
      t.equal(a.mode, mode);
      for (const name of [bob.username, `${bob.username}@${D.domain}`]) {
        const r = await a.authenticate(name, bob.password);
        t.ok(
          r.ok && isAdminByGroup(r.user, config.ldap.adminGroupDn),
          `${mode}: ${name} signs in and is admin by group`,
        );
      }
    }
  });

  t.test('unescaped filters would have matched (the injection cases have teeth)', async (t) => {
    const raw = new Client({ url: slapd.url, connectTimeout: 2000, timeout: 2000 });
    t.teardown(() => raw.unbind());
    await raw.bind(D.service.dn, D.service.password);
    for (const [name, atLeast] of [
      ['*', 5],
      ['*)(sAMAccountName=*', 5],
      ['admin)(objectClass=*', 1],
    ] as const) {
      const { searchEntries } = await raw.search(D.baseDn, { filter: `(&(objectClass=user)(sAMAccountName=${name}))` });
      t.ok(
        searchEntries.length >= atLeast,
        `concatenated ${JSON.stringify(name)} matches ${searchEntries.length} entries`,
      );
    }
    await t.rejects(raw.bind(alice.dn, ''), 'slapd refuses DN + empty password (AD would accept it as anonymous)');
  });

  t.test('a wrong service account password is a directory problem, not the user’s', async (t) => {
    const a = new LdapAuthenticator(settings(slapd, 'service-account', { bindPassword: 'wrong' }));
    const r = failed(await a.authenticate(alice.username, alice.password));
    t.equal(r.reason, 'directory-unavailable');
    t.match(r.detail, /service account bind/);
    t.notMatch(r.detail, /wrong|alice-secret/, 'neither password is in the detail');
  });

  t.test('TLS: ldaps and StartTLS with the CA file', async (t) => {
    for (const mode of MODES) {
      const ldaps = new LdapAuthenticator(
        settings({ host: slapd.host, port: tls.ldapsPort }, mode, { tls: 'ldaps', caFile: tls.caFile }),
      );
      const r1 = await ldaps.authenticate(bob.username, bob.password);
      t.equal(r1.ok && r1.user.username, 'bob', `${mode} over ldaps`);
      const starttls = new LdapAuthenticator(settings(slapd, mode, { tls: 'starttls', caFile: tls.caFile }));
      const r2 = await starttls.authenticate(alice.username, alice.password);
      t.equal(r2.ok && r2.user.username, 'alice', `${mode} over StartTLS`);
      t.equal(
        failed(await starttls.authenticate(alice.username, 'nope')).reason,
        'invalid-credentials',
        'wrong password over StartTLS',
      );
    }
  });

  t.test('TLS: a certificate the CA does not vouch for is refused', async (t) => {
    for (const tlsMode of ['ldaps', 'starttls'] as const) {
      const port = tlsMode === 'ldaps' ? tls.ldapsPort : slapd.port;
      const { authenticator, clients } = recording(
        settings({ host: slapd.host, port }, 'service-account', { tls: tlsMode }),
      );
      const r = failed(await authenticator.authenticate(alice.username, alice.password));
      t.equal(r.reason, 'directory-unavailable', `${tlsMode} without the test CA`);
      t.match(r.detail, /certificate|self[- ]signed|UNABLE_TO_VERIFY/i);
      t.match(
        r.detail,
        tlsMode === 'ldaps' ? /^service account bind \(ldaps:/ : /^StartTLS/,
        'the detail names the step',
      );
      t.notOk(clients[0]?.isConnected, 'client closed');
    }
  });

  t.test('TLS: the wrong protocol for the port is a directory problem', async (t) => {
    const ldapsOnPlain = failed(
      await new LdapAuthenticator(
        settings(slapd, 'service-account', { tls: 'ldaps', caFile: tls.caFile }),
      ).authenticate(alice.username, alice.password),
    );
    t.same(
      [ldapsOnPlain.reason, /secure TLS connection/.test(ldapsOnPlain.detail)],
      ['directory-unavailable', true],
      ldapsOnPlain.detail,
    );
    const starttlsOnLdaps = failed(
      await new LdapAuthenticator(
        settings({ host: slapd.host, port: tls.ldapsPort }, 'direct-bind', { tls: 'starttls', caFile: tls.caFile }),
      ).authenticate(alice.username, alice.password),
    );
    t.same(
      [starttlsOnLdaps.reason, /^StartTLS/.test(starttlsOnLdaps.detail)],
      ['directory-unavailable', true],
      starttlsOnLdaps.detail,
    );
  });

  t.test('directory slow: each answer within the operation timeout, the whole sign-in not', async (t) => {
    const proxy = await slowProxy(slapd.port, 200, t);
    // each answer takes 200 ms (< 400); 3 requests take 600 ms (> 100 + 400)
    const quick = { connectTimeoutMs: 100, timeoutMs: 400 };
    const r = failed(
      await new LdapAuthenticator(settings({ host: '127.0.0.1', port: proxy }, 'service-account', quick)).authenticate(
        alice.username,
        alice.password,
      ),
    );
    t.equal(r.reason, 'directory-timeout');
    t.match(r.detail, /not finished within 500 ms/);
    const patient = await new LdapAuthenticator(
      settings({ host: '127.0.0.1', port: proxy }, 'service-account', { connectTimeoutMs: 100, timeoutMs: 2000 }),
    ).authenticate(alice.username, alice.password);
    t.equal(patient.ok, true, 'the same slow directory is fine with a longer timeout (the proxy works)');
  });

  t.test('a direct-bind format with the default UPN form is refused by OpenLDAP as invalid credentials', async (t) => {
    const a = new LdapAuthenticator(settings(slapd, 'direct-bind', { userBindFormat: '{username}@{domain}' }));
    const r = failed(await a.authenticate(alice.username, alice.password));
    t.equal(r.reason, 'invalid-credentials');
    t.match(r.detail, /direct bind as "alice@example.test"/);
  });
}

t.test('directory down: connection refused', async (t) => {
  const closed = await closedPort();
  for (const mode of MODES) {
    const { authenticator, clients } = recording(settings({ host: '127.0.0.1', port: closed }, mode));
    const r = failed(await authenticator.authenticate(alice.username, alice.password));
    t.equal(r.reason, 'directory-unavailable', mode);
    t.match(r.detail, /ECONNREFUSED/);
    t.notOk(clients[0]?.isConnected, 'client closed');
  }
});

t.test('directory black-holed: accepts and never answers', async (t) => {
  const sockets: Socket[] = [];
  const closedByClient: Promise<void>[] = [];
  const server = createServer((s) => {
    sockets.push(s);
    closedByClient.push(new Promise((resolve) => s.once('close', () => resolve())));
    s.on('error', () => undefined);
    s.resume(); // read and ignore the requests, so the client's FIN is seen
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  const port = (server.address() as { port: number }).port;
  for (const mode of MODES) {
    const { authenticator, options } = recording(
      settings({ host: '127.0.0.1', port }, mode, { connectTimeoutMs: 1000, timeoutMs: 300 }),
    );
    const r = failed(await authenticator.authenticate(alice.username, alice.password));
    t.equal(r.reason, 'directory-timeout', mode);
    t.match(r.detail, mode === 'service-account' ? /^service account bind/ : /^direct bind/);
    t.match(options[0], { connectTimeout: 1000, timeout: 300 }, 'both timeouts reach the client');
  }
  t.equal(sockets.length, 2, 'each sign-in reached the silent server');
  await Promise.all(closedByClient);
  t.pass('the client closed each connection after the timeout');
});

t.test('TLS settings reach the client', async (t) => {
  const ldaps = recording(settings({ host: 'dc1.example.test', port: 3269 }, 'service-account', { tls: 'ldaps' }));
  await ldaps.authenticator.authenticate('', 'x');
  await ldaps.authenticator.authenticate('x'.repeat(257), 'x');
  t.equal(ldaps.options.length, 0, 'nothing connects for an empty or overlong username');
  const closed = await closedPort();
  const r = recording(settings({ host: '127.0.0.1', port: closed }, 'service-account', { tls: 'ldaps' }));
  t.equal(failed(await r.authenticator.authenticate(alice.username, alice.password)).reason, 'directory-unavailable');
  t.match(r.options[0], { url: `ldaps://127.0.0.1:${closed}`, tlsOptions: { minVersion: 'TLSv1.2' } });
  t.throws(
    () => new LdapAuthenticator(settings({ host: 'h', port: 1 }, 'direct-bind', { bindDn: 'cn=x' })),
    /both a bind DN and a bind password/,
  );
  const badHost = failed(
    await new LdapAuthenticator(settings({ host: 'bad host/x', port: 389 }, 'direct-bind')).authenticate(
      alice.username,
      alice.password,
    ),
  );
  t.equal(badHost.reason, 'directory-unavailable', `a host ldapts cannot use: ${badHost.detail}`);
});

t.test('Active Directory answers and odd entries are mapped (pure)', async (t) => {
  const ad = (data: string) =>
    new InvalidCredentialsError(
      `80090308: LdapErr: DSID-0C09042A, comment: AcceptSecurityContext error, data ${data}, v4563`,
    );
  t.match(rejectedBind(ad('52e'), 'bind as "x"', 'wrong password'), {
    reason: 'invalid-credentials',
    detail: /wrong password \(AD data 52e\)/,
  });
  t.match(rejectedBind(ad('525'), 'w', 'm'), { reason: 'invalid-credentials', detail: /user not found/ });
  t.match(rejectedBind(ad('532'), 'w', 'm'), {
    reason: 'password-must-change',
    detail: /password expired \(AD data 532\)/,
  });
  t.match(rejectedBind(ad('773'), 'w', 'm'), {
    reason: 'password-must-change',
    detail: /password must be reset \(AD data 773\)/,
  });
  t.match(rejectedBind(ad('533'), 'w', 'm'), {
    reason: 'account-disabled',
    detail: /account disabled \(AD data 533\)/,
  });
  t.match(
    rejectedBind(ad('775'), 'w', 'm'),
    { reason: 'invalid-credentials', detail: /locked out.*whatever the password.*\(AD data 775\)/ },
    '775 comes with any password: it says nothing more',
  );
  t.match(rejectedBind(ad('701'), 'w', 'm'), { reason: 'account-disabled', detail: /expired/ });
  t.match(directoryFailure(new TimeLimitExceededError(), 'user search'), { reason: 'directory-timeout' });
  t.match(directoryFailure(new Error('Connection timeout'), 'connecting'), { reason: 'directory-timeout' });
  t.match(directoryFailure(new UnwillingToPerformError('no'), 'user search'), {
    reason: 'directory-unavailable',
    detail: /refused the request/,
  });

  const entry = (attrs: Record<string, string | string[]>) =>
    readDirectoryAccount({ dn: 'CN=X,DC=corp', ...attrs }, 'Typed');
  t.match(
    entry({ SAMACCOUNTNAME: 'JDoe', memberof: 'CN=G,DC=corp', useraccountcontrol: '66048' }),
    {
      user: { username: 'jdoe', displayName: 'jdoe', email: null, groups: ['CN=G,DC=corp'] },
      blockedBecause: null,
    },
    'names matched case-insensitively; a single memberOf becomes an array; 66048 (DONT_EXPIRE_PASSWORD) is fine',
  );
  t.equal(entry({}).user.username, 'typed', 'no sAMAccountName: the typed name, lower-cased');
  t.match(entry({ userAccountControl: '16' }).blockedBecause, /LOCKOUT/);
  t.match(
    entry({ userAccountControl: 'n/a' }).blockedBecause,
    /unreadable userAccountControl/,
    'unreadable flags block',
  );
  t.match(entry({ lockoutTime: '-1' }).blockedBecause, /unreadable lockoutTime/);
  t.equal(entry({ lockoutTime: '0' }).blockedBecause, null);
  t.equal(entry({ pwdLastSet: '0' }).mustChangePassword, true, 'pwdLastSet 0: must change at next logon');
  t.equal(entry({ pwdLastSet: '133471584000000000' }).mustChangePassword, false);

  t.equal(userBindName('jdoe', '{username}@{domain}', 'corp.example'), 'jdoe@corp.example');
  t.equal(userBindName('jdoe', 'CORP\\{username}', null), 'CORP\\jdoe');
  t.equal(
    userBindName('j.doe@corp.example', 'uid={username},dc=x', null),
    'j.doe@corp.example',
    'a UPN is bound as typed',
  );
  t.equal(userBindName('x,ou=svc', 'uid={username},dc=x', null), 'uid=x\\,ou\\=svc,dc=x', 'DN formats escape the name');
  t.equal(
    userBindName('bob@Example.Test', 'uid={username},dc=x', 'example.test'),
    'uid=bob,dc=x',
    'DN format: sAMAccountName@domain binds as the sAMAccountName',
  );
  t.equal(
    userBindName('bob@other.test', 'uid={username},dc=x', 'example.test'),
    'bob@other.test',
    'another suffix: as typed',
  );
  t.equal(
    userBindName('bob@example.test', '{username}@{domain}', 'example.test'),
    'bob@example.test',
    'AD formats: as typed',
  );
  t.equal(userBindName('bob@example.test', 'CORP\\{username}', 'example.test'), 'bob@example.test');
  t.equal(
    userBindName('x,ou=svc@example.test', 'uid={username},dc=x', 'example.test'),
    'uid=x\\,ou\\=svc,dc=x',
    'still escaped',
  );
  t.same(
    parseLoginName('a@b@example.test', 'example.test'),
    { upn: 'a@b@example.test', samAccountName: 'a@b' },
    'split at the last @',
  );
  t.same(parseLoginName('@example.test', 'example.test'), { upn: '@example.test', samAccountName: null });
  t.same(
    parseLoginName('bob@example.test', null),
    { upn: 'bob@example.test', samAccountName: null },
    'no LDAP_DOMAIN: UPN only',
  );
  t.equal(escapeDnValue(' #a+b;c<d>"e\\f\0 '), '\\ #a\\+b\\;c\\<d\\>\\"e\\\\f\\00\\ ');
});

/** A TCP proxy to slapd that delays every answer by `delayMs` (a slow directory). */
async function slowProxy(targetPort: number, delayMs: number, t: Test): Promise<number> {
  const sockets: Socket[] = [];
  const server = createServer((downstream) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.push(downstream, upstream);
    for (const s of [downstream, upstream]) s.on('error', () => undefined);
    downstream.pipe(upstream);
    upstream.on('data', (chunk) => setTimeout(() => downstream.write(chunk), delayMs));
    upstream.on('close', () => setTimeout(() => downstream.destroy(), delayMs));
    downstream.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  return (server.address() as { port: number }).port;
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
