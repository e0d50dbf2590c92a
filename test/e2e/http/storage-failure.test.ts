import { readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { Client, formBody, LogCapture } from '../../helpers/http-app.ts';
import { buildTestApp } from '../../helpers/test-app.ts';
import { multipart } from '../../helpers/multipart.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';
import { mountTmpfs, remountTmpfs, unmountTmpfs } from '../../helpers/tmpfs.ts';

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n'),
  Buffer.alloc(200_000, 0x20),
  Buffer.from('\n%%EOF\n'),
]);
const STORAGE_MESSAGE =
  /The file could not be stored: the server&#39;s storage is full or unavailable; nothing was saved\. Please tell IT\./;

const log = new LogCapture();
const env = await buildTestApp(
  t,
  { dialect: 'sqlite', path: join(tmpdir(), `tf-storage-${process.pid}.db`) },
  { MIN_FREE_DISK_MB: '1', LOG_LEVEL: 'info' },
  {},
  undefined,
  { logStream: log },
);
const mountReason = mountTmpfs(env.uploads, 128);
// Runs before the app's own teardown (last registered, first run): unmount, then close.
t.teardown(() => {
  if (mountReason === null) unmountTmpfs(env.uploads);
});

if (requireOrSkip(t, 'a tmpfs mounted over the upload folder (root, mount permitted)', mountReason)) {
  const alice = new Client(env.app);
  await alice.signIn('alice');
  const created = await alice.post('/forms', formBody([env.employeeIds['Anna Schmidt']!]));
  const formId = Number(/\/forms\/(\d+)/.exec(String(created.headers.location))![1]);
  await alice.get(`/forms/${formId}`);
  const upload = () => {
    const { body, type } = multipart([
      { name: '_csrf', value: alice.csrf },
      { name: 'files', filename: 'sheet.pdf', data: PDF },
    ]);
    return alice.postRaw(`/forms/${formId}/attachments`, body, { 'content-type': type });
  };
  const rows = () => env.services.database.db.selectFrom('attachments').selectAll().execute();
  const storageLogs = () => log.lines.filter((l) => l.msg === 'upload could not be stored');

  await t.test(
    'a full disk (ENOSPC) is a storage failure: 507, honest message, error log with the cause, no file',
    async (t) => {
      await writeFile(join(env.uploads, 'filler'), Buffer.alloc(60 * 1024, 1));
      const res = await upload();
      t.equal(res.statusCode, 507);
      t.match(res.body, STORAGE_MESSAGE);
      t.notMatch(res.body, /interrupted/);
      t.same(await readdir(env.uploads), ['filler'], 'nothing left behind');
      t.same(await rows(), []);
      const [line] = storageLogs();
      t.equal(line?.level, 50, 'logged at error');
      t.match(line, { code: 'ATTACHMENT_STORAGE_FAILED', err: { message: /ENOSPC/ } }, 'with the cause');
    },
  );

  await t.test('/health: low free space degrades (200), names the folders', async (t) => {
    const res = await env.app.inject('/health');
    t.equal(res.statusCode, 200);
    const report = res.json() as {
      status: string;
      disk: { minFreeMb: number; low: boolean; uploads: { freeMb: number }; backups: { freeMb: number } };
    };
    t.equal(report.status, 'degraded');
    t.match(report.disk, { minFreeMb: 1, low: true, uploads: { freeMb: 0 } });
    t.ok(report.disk.backups.freeMb > 1, 'the backup folder is on the big disk');
  });

  await t.test('read-only storage (EROFS) is a storage failure too', async (t) => {
    remountTmpfs(env.uploads, 'ro');
    t.teardown(() => remountTmpfs(env.uploads, 'rw'));
    const res = await upload();
    t.equal(res.statusCode, 507);
    t.match(res.body, STORAGE_MESSAGE);
    t.same(await rows(), []);
    const line = storageLogs().at(-1);
    t.equal(line?.level, 50);
    t.match(line, { err: { message: /EROFS/ } });
  });

  await t.test('a client that stops sending is still "interrupted" (400, info)', async (t) => {
    const before = log.lines.length;
    async function* broken() {
      yield PDF.subarray(0, 1000);
      throw new Error('socket hang up');
    }
    await t.rejects(env.services.attachments.add(formId, { originalName: 'x.pdf', content: broken() }, 'alice'), {
      code: 'ATTACHMENT_INTERRUPTED',
    });
    t.equal(log.lines.slice(before).filter((l) => l.level === 50).length, 0, 'nothing at error');
  });
}
