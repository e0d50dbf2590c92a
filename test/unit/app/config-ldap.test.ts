import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { ConfigError, loadConfig } from '../../../src/app/config.ts';

const root = mkdtempSync(join(tmpdir(), 'tf-config-ldap-'));
const ca = join(root, 'ca.pem');
writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n');
const base = {
  APP_ENV: 'test',
  LDAP_HOST: 'dc1.corp.example',
  LDAP_BASE_DN: 'DC=corp,DC=example',
  LDAP_DOMAIN: 'corp.example',
};
const load = (env: Record<string, string>) => loadConfig(env, root).ldap;

t.test('no LDAP_HOST: LDAP sign-in is off', async (t) => {
  const ldap = load({ APP_ENV: 'test', ADMIN_GROUP_DN: 'CN=Admins,DC=corp,DC=example' });
  t.equal(ldap.settings, null);
  t.equal(ldap.port, 3268);
  t.equal(ldap.adminGroupDn, 'CN=Admins,DC=corp,DC=example');
});

t.test('direct-bind defaults', async (t) => {
  t.same(load(base).settings, {
    host: 'dc1.corp.example',
    port: 3268,
    baseDn: 'DC=corp,DC=example',
    domain: 'corp.example',
    tls: 'none',
    caFile: null,
    bindDn: null,
    bindPassword: null,
    userBindFormat: '{username}@{domain}',
    connectTimeoutMs: 5000,
    timeoutMs: 10_000,
    nestedGroups: 'auto',
  });
});

t.test('service account, ldaps with a CA file, timeouts', async (t) => {
  const s = load({
    ...base,
    LDAP_DOMAIN: '',
    LDAP_TLS: 'LDAPS',
    LDAP_CA_FILE: 'ca.pem',
    LDAP_BIND_DN: 'CN=svc,DC=corp,DC=example',
    LDAP_BIND_PASSWORD: 's3cret',
    LDAP_CONNECT_TIMEOUT_MS: '1500',
    LDAP_TIMEOUT_MS: '4000',
  }).settings;
  t.match(s, {
    port: 3269,
    tls: 'ldaps',
    caFile: ca,
    bindDn: 'CN=svc,DC=corp,DC=example',
    bindPassword: 's3cret',
    domain: null,
    connectTimeoutMs: 1500,
    timeoutMs: 4000,
  });
  t.equal(load({ ...base, LDAP_TLS: 'ldaps', LDAP_PORT: '636' }).settings?.port, 636, 'an explicit port wins');
  t.equal(load({ ...base, LDAP_TLS: 'starttls' }).settings?.port, 3268);
  t.ok(Object.isFrozen(s), 'frozen');
});

t.test('bad settings stop start-up with one line naming the variable', async (t) => {
  const cases: [Record<string, string>, string, RegExp][] = [
    [{ LDAP_HOST: 'ldaps://dc1.corp.example:3269' }, 'LDAP_HOST', /without scheme or port/],
    [{ LDAP_BASE_DN: '' }, 'LDAP_BASE_DN', /is required when LDAP_HOST is set/],
    [{ LDAP_BASE_DN: 'corp.example' }, 'LDAP_BASE_DN', /must be a distinguished name/],
    [{ LDAP_TLS: 'yes' }, 'LDAP_TLS', /must be one of none, ldaps, starttls/],
    [{ LDAP_NESTED_GROUPS: 'deep' }, 'LDAP_NESTED_GROUPS', /must be one of auto, in-chain, expand, off/],
    [{ LDAP_CA_FILE: 'ca.pem' }, 'LDAP_CA_FILE', /needs LDAP_TLS=ldaps or LDAP_TLS=starttls/],
    [{ LDAP_TLS: 'starttls', LDAP_CA_FILE: 'missing.pem' }, 'LDAP_CA_FILE', /file not found/],
    [{ LDAP_BIND_DN: 'CN=svc,DC=corp' }, 'LDAP_BIND_PASSWORD', /is required when LDAP_BIND_DN is set/],
    [{ LDAP_BIND_PASSWORD: 'hunter2-secret' }, 'LDAP_BIND_DN', /is required when LDAP_BIND_PASSWORD is set/],
    [{ LDAP_DOMAIN: '' }, 'LDAP_DOMAIN', /is required for direct bind/],
    [{ LDAP_USER_BIND_FORMAT: 'CORP\\user' }, 'LDAP_USER_BIND_FORMAT', /must contain \{username\}/],
    [{ LDAP_PORT: '0' }, 'LDAP_PORT', /whole number from 1 to 65535/],
    [{ LDAP_CONNECT_TIMEOUT_MS: '5s' }, 'LDAP_CONNECT_TIMEOUT_MS', /whole number/],
    [{ LDAP_TIMEOUT_MS: '50' }, 'LDAP_TIMEOUT_MS', /whole number from 100/],
    [{ ADMIN_GROUP_DN: 'Training Admins' }, 'ADMIN_GROUP_DN', /must be a distinguished name/],
  ];
  for (const [env, name, problem] of cases) {
    const error = t.throws(() => load({ ...base, ...env }), ConfigError, name) as Error;
    t.match(error.message, new RegExp(`^Invalid configuration: ${name} `), `${name} is named`);
    t.match(error.message, problem);
    t.notMatch(error.message, /\n|hunter2/, 'one line, no password');
  }
});

t.test('LDAP_NESTED_GROUPS: auto by default, any mode by name', async (t) => {
  t.equal(load(base).settings?.nestedGroups, 'auto');
  for (const mode of ['in-chain', 'expand', 'off'])
    t.equal(load({ ...base, LDAP_NESTED_GROUPS: mode.toUpperCase() }).settings?.nestedGroups, mode);
});

t.test('a domain is not needed with a service account or a format without {domain}', async (t) => {
  t.ok(load({ ...base, LDAP_DOMAIN: '', LDAP_BIND_DN: 'CN=svc,DC=corp', LDAP_BIND_PASSWORD: 'x' }).settings);
  t.equal(
    load({ ...base, LDAP_DOMAIN: '', LDAP_USER_BIND_FORMAT: 'CORP\\{username}' }).settings?.userBindFormat,
    'CORP\\{username}',
  );
});
