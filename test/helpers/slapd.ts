import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';
import type { LdapSettings } from '../../src/adapters/ldap/ldap-settings.ts';
import { freePort } from './ports.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/ldap/', import.meta.url));
const SLAPD = process.env.TEST_SLAPD ?? '/usr/sbin/slapd';
const SLAPADD = process.env.TEST_SLAPADD ?? '/usr/sbin/slapadd';
const MODULES = '/usr/lib/ldap';
const SCHEMAS = '/etc/ldap/schema';

/** The people in `test/fixtures/ldap/directory.ldif` and their passwords (test data only). */
export const TEST_DIRECTORY = {
  baseDn: 'dc=example,dc=test',
  domain: 'example.test',
  adminGroupDn: 'cn=Training Admins,ou=groups,dc=example,dc=test',
  trainersGroupDn: 'cn=Trainers,ou=groups,dc=example,dc=test',
  /** Nested: a member of Training Admins. */
  leadsGroupDn: 'cn=Training Leads,ou=groups,dc=example,dc=test',
  /** Loop A and Loop B are members of each other. */
  loopGroupDns: ['cn=Loop A,ou=groups,dc=example,dc=test', 'cn=Loop B,ou=groups,dc=example,dc=test'],
  /** Direct-bind format for this OpenLDAP (which refuses UPN bind names). */
  userBindFormat: 'uid={username},ou=people,dc=example,dc=test',
  service: { dn: 'uid=svc-training,ou=service,dc=example,dc=test', password: 'svc-secret-7' },
  users: {
    /** Normal user, member of Trainers. */
    alice: { username: 'alice', password: 'alice-secret-1', dn: 'uid=alice,ou=people,dc=example,dc=test' },
    /** Member of Training Admins; UPN differs from the sAMAccountName. */
    bob: {
      username: 'bob',
      upn: 'robert.builder@example.test',
      password: 'bob-secret-2',
      dn: 'uid=bob,ou=people,dc=example,dc=test',
    },
    /** userAccountControl 514 (ACCOUNTDISABLE). */
    carol: { username: 'carol', password: 'carol-secret-3', dn: 'uid=carol,ou=people,dc=example,dc=test' },
    /** lockoutTime > 0. */
    dave: { username: 'dave', password: 'dave-secret-4', dn: 'uid=dave,ou=people,dc=example,dc=test' },
    /** sAMAccountName "Erin"; no displayName, mail, UPN or groups. */
    erin: { username: 'erin', password: 'erin-secret-5', dn: 'uid=erin,ou=people,dc=example,dc=test' },
    /** Member of Training Leads only, so admin only through the nested group. */
    frank: { username: 'frank', password: 'frank-secret-8', dn: 'uid=frank,ou=people,dc=example,dc=test' },
    /** Member of Loop A (Loop A and Loop B are members of each other). */
    grace: { username: 'grace', password: 'grace-secret-9', dn: 'uid=grace,ou=people,dc=example,dc=test' },
    /** A user literally named "admin" (the injection target). */
    admin: { username: 'admin', password: 'admin-secret-6', dn: 'uid=admin,ou=people,dc=example,dc=test' },
  },
} as const;

/** A running throwaway slapd. */
export interface TestSlapd {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  /** With `{ tls: true }`: StartTLS works on `port`, ldaps on `ldapsPort`; certificates signed by `caFile`. */
  readonly tls: { readonly ldapsPort: number; readonly caFile: string } | null;
  stop(): Promise<void>;
}

/**
 * The `LDAP_*` settings that point the app at a test slapd (for `loadConfig`, e.g. in HTTP and
 * browser suites), in either sign-in mode, with `ADMIN_GROUP_DN` = Training Admins.
 */
export function ldapEnv(
  slapd: TestSlapd,
  mode: 'service-account' | 'direct-bind' = 'service-account',
): Record<string, string> {
  return {
    LDAP_HOST: slapd.host,
    LDAP_PORT: String(slapd.port),
    LDAP_BASE_DN: TEST_DIRECTORY.baseDn,
    LDAP_DOMAIN: TEST_DIRECTORY.domain,
    LDAP_CONNECT_TIMEOUT_MS: '2000',
    LDAP_TIMEOUT_MS: '5000',
    ADMIN_GROUP_DN: TEST_DIRECTORY.adminGroupDn,
    ...(mode === 'service-account'
      ? { LDAP_BIND_DN: TEST_DIRECTORY.service.dn, LDAP_BIND_PASSWORD: TEST_DIRECTORY.service.password }
      : { LDAP_USER_BIND_FORMAT: TEST_DIRECTORY.userBindFormat }),
  };
}

/** The two sign-in modes the suites run in. */
export const LDAP_MODES = ['service-account', 'direct-bind'] as const;
export type LdapMode = (typeof LDAP_MODES)[number];

/** The authenticator's settings for a test slapd in either mode (2 s timeouts), with `overrides`. */
export function ldapSettings(
  slapd: Pick<TestSlapd, 'host' | 'port'>,
  mode: LdapMode,
  overrides: Partial<LdapSettings> = {},
): LdapSettings {
  return {
    host: slapd.host,
    port: slapd.port,
    baseDn: TEST_DIRECTORY.baseDn,
    domain: TEST_DIRECTORY.domain,
    tls: 'none',
    caFile: null,
    bindDn: mode === 'service-account' ? TEST_DIRECTORY.service.dn : null,
    bindPassword: mode === 'service-account' ? TEST_DIRECTORY.service.password : null,
    userBindFormat: TEST_DIRECTORY.userBindFormat,
    connectTimeoutMs: 2000,
    timeoutMs: 2000,
    ...overrides,
  };
}

/** null when slapd and slapadd (and, for `tls`, openssl) are installed, else why not (for `requireOrSkip`). */
export function slapdUnavailableReason(options: { tls?: boolean } = {}): string | null {
  for (const bin of [SLAPD, SLAPADD])
    if (!existsSync(bin)) return `${bin} not found (apt-get install slapd ldap-utils)`;
  if (!existsSync(join(MODULES, 'back_mdb.so'))) return `${MODULES}/back_mdb.so not found`;
  if (options.tls && spawnSync('openssl', ['version']).status !== 0)
    return 'openssl not found (apt-get install openssl)';
  return null;
}

/**
 * Starts slapd with the test directory on a free loopback port in a temp dir and stops it (and
 * removes the dir) in `t`'s teardown. A watchdog process also kills it if this process dies
 * without running teardown (a killed test runner).
 */
export async function startSlapd(t: Test, options: { tls?: boolean } = {}): Promise<TestSlapd> {
  const dir = mkdtempSync(join(tmpdir(), 'tf-slapd-'));
  const conf = join(dir, 'slapd.conf');
  mkdirSync(join(dir, 'db'));
  if (options.tls) makeCertificates(dir);
  writeFileSync(conf, slapdConf(dir, options.tls === true));
  const add = spawnSync(SLAPADD, ['-q', '-f', conf, '-l', join(FIXTURES, 'directory.ldif')], { encoding: 'utf8' });
  if (add.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`slapadd failed (${add.status}): ${add.stderr}`);
  }

  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const ldapsPort = options.tls ? await freePort() : null;
    const urls = [`ldap://127.0.0.1:${port}/`, ...(ldapsPort === null ? [] : [`ldaps://127.0.0.1:${ldapsPort}/`])];
    const child = spawn(SLAPD, ['-d', '0', '-f', conf, '-h', urls.join(' ')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-2000)));
    try {
      await waitForPort(child, port, () => stderr);
      if (ldapsPort !== null) await waitForPort(child, ldapsPort, () => stderr);
    } catch (error) {
      lastError = error;
      child.kill('SIGKILL');
      continue; // most likely another process took the port between freePort() and slapd's bind
    }
    const stop = stopper(child, dir);
    t.teardown(stop);
    const tls = ldapsPort === null ? null : { ldapsPort, caFile: join(dir, 'ca.pem') };
    return { host: '127.0.0.1', port, url: `ldap://127.0.0.1:${port}`, tls, stop };
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`slapd did not start: ${String(lastError)}`);
}

/** A throwaway CA and a server certificate for 127.0.0.1/localhost (openssl; EC keys: fast). */
function makeCertificates(dir: string): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  writeFileSync(
    join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  const steps = [
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=Training Forms test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    ['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'],
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '2',
      '-extfile',
      'server.ext',
    ],
  ];
  for (const args of steps) {
    const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.error?.message ?? r.stderr}`);
  }
}

function slapdConf(dir: string, tls: boolean): string {
  return [
    ...(tls
      ? [
          `TLSCACertificateFile ${join(dir, 'ca.pem')}`,
          `TLSCertificateFile ${join(dir, 'server.pem')}`,
          `TLSCertificateKeyFile ${join(dir, 'server.key')}`,
        ]
      : []),
    `include ${SCHEMAS}/core.schema`,
    `include ${SCHEMAS}/cosine.schema`,
    `include ${SCHEMAS}/inetorgperson.schema`,
    `include ${join(FIXTURES, 'ad-test.schema')}`,
    `modulepath ${MODULES}`,
    'moduleload back_mdb',
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    'database mdb',
    'maxsize 16777216',
    `suffix "${TEST_DIRECTORY.baseDn}"`,
    `directory ${join(dir, 'db')}`,
    // Like AD: nothing is readable without a bind, so both sign-in modes must really bind.
    'access to attrs=userPassword by anonymous auth by * none',
    'access to * by users read by * none',
    '',
  ].join('\n');
}

function stopper(child: ChildProcess, dir: string): () => Promise<void> {
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), String(child.pid), dir], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  let stopped: Promise<void> | undefined;
  return () =>
    (stopped ??= new Promise<void>((resolve) => {
      process.removeListener('exit', killOnExit);
      const done = () => {
        clearTimeout(hard);
        if (watchdog.pid !== undefined) safeKill(watchdog.pid);
        rmSync(dir, { recursive: true, force: true });
        resolve();
      };
      const hard = setTimeout(() => child.kill('SIGKILL'), 3000);
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', done);
      child.kill('SIGTERM');
    }));
}

// Runs detached: when the test process disappears without teardown, kill slapd and remove its dir.
const WATCHDOG = `
const [parent, slapd, dir] = process.argv.slice(1);
const alive = (pid) => { try { process.kill(Number(pid), 0); return true; } catch { return false; } };
const timer = setInterval(() => {
  if (!alive(slapd)) { clearInterval(timer); return; }
  if (alive(parent)) return;
  try { process.kill(Number(slapd), 'SIGKILL'); } catch {}
  require('node:fs').rmSync(dir, { recursive: true, force: true });
  clearInterval(timer);
}, 500);
`;

function safeKill(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

async function waitForPort(child: ChildProcess, port: number, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`slapd exited with ${child.exitCode}: ${stderr()}`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`slapd did not listen on ${port} within 10 s: ${stderr()}`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
