import { readdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { Client, formBody } from '../../helpers/http-app.ts';
import { buildTestApp } from '../../helpers/test-app.ts';
import { multipart } from '../../helpers/multipart.ts';

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n'),
  Buffer.alloc(2_000_000, 0x20),
  Buffer.from('\n%%EOF\n'),
]);
const STORED = /^[a-f0-9]{32}\.bin$/;
const TEMP = /^\.tmp-[a-f0-9]{32}$/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const env = await buildTestApp(t, { dialect: 'sqlite', path: join(tmpdir(), `tf-temp-${process.pid}.db`) });
let aborted: () => void = () => {};
env.app.addHook('onRequestAbort', async (_request) => aborted());
const alice = new Client(env.app);
await alice.signIn('alice');
const created = await alice.post('/forms', formBody([env.employeeIds['Anna Schmidt']!]));
const formId = Number(/\/forms\/(\d+)/.exec(String(created.headers.location))![1]);
await alice.get(`/forms/${formId}`);

t.test('while an upload streams it exists only under a temporary name; cut off, nothing is left', async (t) => {
  const address = await env.app.listen({ port: 0, host: '127.0.0.1' });
  const { body, type } = multipart([
    { name: '_csrf', value: alice.csrf },
    { name: 'files', filename: 'cut.pdf', data: PDF },
  ]);
  const abortedNow = new Promise<void>((resolve) => (aborted = resolve));
  const socket = connect(Number(new URL(address).port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    `POST /forms/${formId}/attachments HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\nCookie: ${alice.cookieHeader()}\r\n\r\n`,
  );
  socket.write(body.subarray(0, 1_000_000));
  let during: string[] = [];
  for (let i = 0; i < 50 && during.length === 0; i++) {
    await sleep(50);
    during = await readdir(env.uploads);
  }
  t.equal(during.length, 1, 'one file is being written');
  t.match(during[0], TEMP, 'under a temporary name (a hard exit now leaves no file that looks stored)');
  t.notOk(
    during.some((n) => STORED.test(n)),
    'nothing under the final naming scheme yet',
  );
  socket.destroy();
  await abortedNow;
  let left: string[] = during;
  for (let i = 0; i < 50 && left.length > 0; i++) {
    await sleep(50);
    left = await readdir(env.uploads);
  }
  t.same(left, [], 'neither a stored file nor a temporary one is left');
  t.same(await env.services.database.db.selectFrom('attachments').selectAll().execute(), []);
});

t.test('a complete upload ends under its stored name, with no temporary file', async (t) => {
  const { body, type } = multipart([
    { name: '_csrf', value: alice.csrf },
    { name: 'files', filename: 'whole.pdf', data: PDF },
  ]);
  const res = await alice.postRaw(`/forms/${formId}/attachments`, body, { 'content-type': type });
  t.equal(res.statusCode, 303);
  const names = await readdir(env.uploads);
  t.equal(names.length, 1);
  t.match(names[0], STORED);
  const [row] = await env.services.database.db.selectFrom('attachments').selectAll().execute();
  t.equal(row?.stored_name, names[0]);
  t.equal(row?.size_bytes, PDF.length);
});
