import { readFileSync } from 'node:fs';
import t from 'tap';
import { SERVER_NODE_FLAGS } from '../../../ops/service/server-flags.ts';

// Every way of starting the production server passes the same node flags (the supervisor takes
// them from SERVER_NODE_FLAGS itself; the deploy test checks the running process).
const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const expected = `node ${SERVER_NODE_FLAGS.join(' ')} dist/src/app/server.js`;

t.test('the server is started with the same node flags everywhere', async (t) => {
  t.ok(SERVER_NODE_FLAGS.length > 0);
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  t.equal(scripts['start:prod'], expected, 'npm run start:prod');
  t.match(read('ops/systemd/training-forms@.service'), `ExecStart=/usr/bin/${expected}\n`, 'the systemd unit');
  t.match(read('docs/deployment.md'), `\`${expected}\``, 'the Windows service instructions');
});
