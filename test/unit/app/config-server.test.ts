import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { ConfigError, loadConfig } from '../../../src/app/config.ts';

const root = mkdtempSync(join(tmpdir(), 'tf-config-server-'));

const fails = (t: Test, env: Record<string, string>, pattern: RegExp) => {
  const error = (() => {
    try {
      loadConfig(env, root);
    } catch (e) {
      return e;
    }
    return null;
  })();
  t.ok(error instanceof ConfigError, `${JSON.stringify(env)} is refused`);
  t.match((error as Error).message, pattern);
  t.notMatch((error as Error).message, /\n/, 'one line');
};

t.test("TRUST_PROXY: off or the proxies' addresses; never every hop, never a hop count", async (t) => {
  const trust = (value: string) => loadConfig({ TRUST_PROXY: value }, root).server.trustProxy;
  t.equal(loadConfig({}, root).server.trustProxy, false, 'off by default');
  for (const off of ['false', 'no', 'off', '0']) t.equal(trust(off), false, off);
  t.same(trust('10.0.0.5, 10.1.0.0/16 ,::1'), ['10.0.0.5', '10.1.0.0/16', '::1']);
  t.same(trust('Loopback'), ['loopback'], "proxy-addr's named ranges");
  for (const all of ['true', 'yes', 'on', 'TRUE']) fails(t, { TRUST_PROXY: all }, /TRUST_PROXY must not be .*every hop.*give the proxies' addresses/);
  for (const hops of ['1', '2']) fails(t, { TRUST_PROXY: hops }, /TRUST_PROXY must not be a hop count .*give the proxies' addresses/);
  fails(t, { TRUST_PROXY: 'proxy.example' }, /TRUST_PROXY .*"proxy.example"/);
  fails(t, { TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY .*"10.0.0.0\/33"/);
  fails(t, { TRUST_PROXY: '10.0.0.1,,10.0.0.2' }, /TRUST_PROXY .*got ""/);
});
