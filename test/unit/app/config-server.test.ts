import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { loadConfig } from '../../../src/app/config.ts';
import { configRefused } from '../../helpers/config-refused.ts';

const root = mkdtempSync(join(tmpdir(), 'tf-config-server-'));

const fails = (t: Test, env: Record<string, string>, pattern: RegExp) => configRefused(t, root, env, pattern);

t.test("TRUST_PROXY: off or the proxies' addresses; never every hop, never a hop count", async (t) => {
  const trust = (value: string) => loadConfig({ TRUST_PROXY: value }, root).server.trustProxy;
  t.equal(loadConfig({}, root).server.trustProxy, false, 'off by default');
  for (const off of ['false', 'no', 'off', '0']) t.equal(trust(off), false, off);
  t.same(trust('10.0.0.5, 10.1.0.0/16 ,::1'), ['10.0.0.5', '10.1.0.0/16', '::1']);
  t.same(trust('Loopback'), ['loopback'], "proxy-addr's named ranges");
  for (const all of ['true', 'yes', 'on', 'TRUE'])
    fails(t, { TRUST_PROXY: all }, /TRUST_PROXY must not be .*every hop.*give the proxies' addresses/);
  for (const hops of ['1', '2'])
    fails(t, { TRUST_PROXY: hops }, /TRUST_PROXY must not be a hop count .*give the proxies' addresses/);
  fails(t, { TRUST_PROXY: 'proxy.example' }, /TRUST_PROXY .*"proxy.example"/);
  fails(t, { TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY .*"10.0.0.0\/33"/);
  fails(t, { TRUST_PROXY: '10.0.0.1,,10.0.0.2' }, /TRUST_PROXY .*got ""/);
});

t.test('HEADERS_TIMEOUT_MS: 10 s by default, never longer than REQUEST_TIMEOUT_MS', async (t) => {
  t.equal(loadConfig({}, root).server.headersTimeoutMs, 10_000);
  t.equal(loadConfig({ HEADERS_TIMEOUT_MS: '300' }, root).server.headersTimeoutMs, 300);
  t.equal(
    loadConfig({ REQUEST_TIMEOUT_MS: '5000' }, root).server.headersTimeoutMs,
    5000,
    'the default follows a shorter request timeout',
  );
  fails(t, { HEADERS_TIMEOUT_MS: '50' }, /HEADERS_TIMEOUT_MS must be a whole number from 100 to 600000 \(got "50"\)/);
  fails(t, { HEADERS_TIMEOUT_MS: 'soon' }, /HEADERS_TIMEOUT_MS must be a whole number/);
  fails(
    t,
    { REQUEST_TIMEOUT_MS: '5000', HEADERS_TIMEOUT_MS: '6000' },
    /HEADERS_TIMEOUT_MS must not be longer than REQUEST_TIMEOUT_MS \(5000\)/,
  );
});
