import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { Client, LogCapture, type TestApp } from '../../helpers/http-app.ts';
import { buildTestApp } from '../../helpers/test-app.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';
import { ldapEnv, slapdUnavailableReason, startSlapd, TEST_DIRECTORY } from '../../helpers/slapd.ts';

const { alice, carol, dave } = TEST_DIRECTORY.users;
const CANNOT = 'Your account cannot sign in at the moment; contact IT.';
const ORDINARY = 'Sign-in failed: check your username and password.';

/** A CA that signed nothing slapd presents: TLS to slapd must fail verification. */
function wrongCa(): { file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tf-wrong-ca-'));
  const r = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'key.pem',
      '-out',
      'ca.pem',
      '-subj',
      '/CN=Not the test CA',
      '-days',
      '2',
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  return { file: join(dir, 'ca.pem'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function app(t: Test, env: Record<string, string>): Promise<{ env: TestApp; log: LogCapture }> {
  const log = new LogCapture();
  const started = await buildTestApp(
    t,
    { dialect: 'sqlite', path: ':memory:' },
    { LOG_LEVEL: 'info', DEV_LOGIN: 'false', ...env },
    {},
    undefined,
    { logStream: log },
  );
  return { env: started, log };
}

async function signIn(env: TestApp, username: string, password: string) {
  const browser = new Client(env.app);
  await browser.get('/login');
  const res = await browser.post(
    '/login',
    { username, password },
    { 'x-request-id': `req-${username}-${password.length}` },
  );
  return { res, requestId: `req-${username}-${password.length}` };
}

async function lastFailure(env: TestApp, username: string): Promise<Record<string, unknown>> {
  const row = await env.services.database.db
    .selectFrom('audit_events')
    .select('details')
    .where('action', '=', 'sign-in-failed')
    .where('actor', '=', username)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return JSON.parse(row.details ?? 'null') as Record<string, unknown>;
}

if (
  requireOrSkip(t, 'slapd with TLS (apt-get install slapd ldap-utils openssl)', slapdUnavailableReason({ tls: true }))
) {
  const slapd = await startSlapd(t, { tls: true });

  for (const mode of ['service-account', 'direct-bind'] as const) {
    t.test(`${mode}: disabled and locked accounts are told so only with the right password`, async (t) => {
      const { env, log } = await app(t, ldapEnv(slapd, mode));
      for (const who of [carol, dave]) {
        const right = await signIn(env, who.username, who.password);
        t.equal(right.res.statusCode, 401, `${who.username}, right password`);
        t.match(right.res.body, CANNOT.replace(';', ';'));
        t.notMatch(right.res.body, /check your username and password/);
        const wrong = await signIn(env, who.username, 'not-the-password');
        t.equal(wrong.res.statusCode, 401, `${who.username}, wrong password`);
        t.match(wrong.res.body, ORDINARY);
        t.notMatch(wrong.res.body, /cannot sign in|contact IT/, 'a wrong password learns nothing about the account');
        const details = await lastFailure(env, who.username);
        t.match(
          details,
          { reason: 'invalid-credentials', detail: /wrong password/ },
          'the wrong attempt audited as such',
        );
      }
      await signIn(env, carol.username, carol.password);
      t.match(
        await lastFailure(env, carol.username),
        { reason: 'account-disabled', detail: /account disabled \(userAccountControl 514/ },
        "the disabled account's audit row names the reason",
      );
      const line = log.lines.find((l) => l.reqId === `req-carol-${carol.password.length}` && l.level === 40);
      t.match(
        line,
        { username: 'carol', reason: 'account-disabled', detail: /userAccountControl 514/ },
        'logged at warn with username, request id and detail',
      );
      t.notMatch(JSON.stringify(log.lines), new RegExp(`${carol.password}|not-the-password`), 'no password in the log');
      const ok = await signIn(env, alice.username, alice.password);
      t.equal(ok.res.statusCode, 303, 'a normal account still signs in');
    });
  }

  t.test('TLS with the wrong CA: the TLS error code reaches the log and the audit row', async (t) => {
    const ca = wrongCa();
    t.teardown(ca.remove);
    const { env, log } = await app(t, {
      ...ldapEnv(slapd),
      LDAP_TLS: 'ldaps',
      LDAP_PORT: String(slapd.tls!.ldapsPort),
      LDAP_CA_FILE: ca.file,
    });
    const { res, requestId } = await signIn(env, alice.username, alice.password);
    t.equal(res.statusCode, 401);
    t.match(res.body, /the company directory does not answer/);
    const code = /UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN/;
    const line = log.lines.find((l) => l.reqId === requestId && l.level === 40);
    t.match(
      line,
      { username: 'alice', reason: 'directory-unavailable', detail: code },
      'warn line with the TLS error code',
    );
    t.match(await lastFailure(env, 'alice'), { reason: 'directory-unavailable', detail: code }, 'audit row with it');
  });
}
