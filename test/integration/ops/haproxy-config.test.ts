import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { EXAMPLE_SETTINGS, renderHaproxyConfig } from '../../../ops/haproxy/haproxy-config.ts';
import { REPO } from '../../helpers/processes.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';

const EXAMPLE = join(REPO, 'ops/haproxy/training-forms.cfg');

t.test('the committed HAProxy example is what the renderer writes for its settings', async (t) => {
  t.equal(
    readFileSync(EXAMPLE, 'utf8'),
    renderHaproxyConfig(EXAMPLE_SETTINGS),
    'regenerate ops/haproxy/training-forms.cfg (docs/scale-out.md)',
  );
  const cfg = renderHaproxyConfig(EXAMPLE_SETTINGS);
  t.match(
    cfg,
    /option httpchk GET \/health\n\s+http-check expect status 200/,
    'only instances whose /health is 200 get requests',
  );
  t.match(
    cfg,
    /server node1 10\.0\.0\.11:3306 check\n\s+server node2 10\.0\.0\.12:3306 check backup/,
    'one Galera writer, the others backups',
  );
  t.notMatch(
    renderHaproxyConfig({ ...EXAMPLE_SETTINGS, database: undefined }),
    /listen galera/,
    'the database section is optional',
  );
});

t.test('HAProxy accepts the configuration', async (t) => {
  const version = spawnSync('haproxy', ['-v']);
  if (!requireOrSkip(t, 'HAProxy', version.status === 0 ? null : 'haproxy not found (apt-get install haproxy)')) return;
  const r = spawnSync('haproxy', ['-c', '-f', EXAMPLE], { encoding: 'utf8' });
  t.equal(r.status, 0, r.stdout + r.stderr);
});
