import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { forEachDialect, type DialectContext } from '../../helpers/targets.ts';
import { Client, formBody } from '../../helpers/http-app.ts';
import { buildTestApp } from '../../helpers/test-app.ts';
import { multipart, type Part } from '../../helpers/multipart.ts';
import { EXE, PNG } from '../../helpers/sample-files.ts';

const MB = 1024 * 1024;
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'),
  Buffer.alloc(3000, 0x20),
  Buffer.from('\n%%EOF\n'),
]);

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** What the behaviours below share on one dialect (made once per dialect, in this order). */
async function fixtureFor(t: Test, ctx: DialectContext) {
  const env = await buildTestApp(t, ctx.settings, { MAX_UPLOAD_MB: '1' });
  const { app } = env;
  /** Called when a request is aborted (the cut-off upload waits for it). */
  const onAbort = { notify: (): void => {} };
  app.addHook('onRequestAbort', async (_request) => onAbort.notify());

  const alice = new Client(app);
  await alice.signIn('alice');
  const created = await alice.post('/forms', formBody([env.employeeIds['Anna Schmidt']!]));
  const formId = Number(/\/forms\/(\d+)/.exec(String(created.headers.location))![1]);
  await alice.get(`/forms/${formId}`);
  const upload = (parts: Part[]) => {
    const { body, type } = multipart(parts);
    return alice.postRaw(`/forms/${formId}/attachments`, body, { 'content-type': type });
  };
  const files = () => readdir(env.uploads);
  const rows = () =>
    env.services.database.db.selectFrom('attachments').selectAll().where('training_form_id', '=', formId).execute();
  const refused = async (t: Test, parts: Part[], status: number, message: RegExp) => {
    const before = { files: (await files()).length, rows: (await rows()).length };
    const res = await upload(parts);
    t.equal(res.statusCode, status);
    t.match(res.body, message);
    t.equal((await files()).length, before.files, 'no file left behind');
    t.equal((await rows()).length, before.rows, 'no row left behind');
  };
  return { ctx, env, app, onAbort, alice, created, formId, upload, files, rows, refused };
}
type Fixture = Awaited<ReturnType<typeof fixtureFor>>;

/** One behaviour per entry, run in this order on one fixture per dialect. */
const BEHAVIOURS: readonly (readonly [string, (t: Test, fx: Fixture) => Promise<void>])[] = [
  [
    'upload two files at once, stored under generated names with their hash',
    async (t, { env, alice, formId, upload, files, rows }) => {
      const res = await upload([
        { name: '_csrf', value: alice.csrf },
        { name: 'files', filename: 'Sign-in sheet – ü.pdf', data: PDF },
        { name: 'files', filename: 'photo.png', data: PNG },
      ]);
      t.equal(res.statusCode, 303);
      t.equal(res.headers.location, `/forms/${formId}#attachments`);
      const stored = await rows();
      t.same(
        stored.map((r) => [r.original_name, r.content_type, Number(r.size_bytes), r.sha256]),
        [
          ['Sign-in sheet – ü.pdf', 'application/pdf', PDF.length, sha(PDF)],
          ['photo.png', 'image/png', PNG.length, sha(PNG)],
        ],
      );
      const names = await files();
      t.equal(names.length, 2);
      for (const n of names) t.match(n, /^[a-f0-9]{32}\.bin$/);
      t.same(await readFile(join(env.uploads, stored[0]!.stored_name)), PDF);
      const page = await alice.get(`/forms/${formId}`);
      t.match(page.body, /Sign-in sheet – ü\.pdf/);
      t.match(page.body, /<strong>alice<\/strong> attached/);
    },
  ],
  [
    'a PDF opens in the browser (its detected type, nosniff, a CSP of its own), or downloads when asked',
    async (t, { alice, formId, rows }) => {
      const [pdf] = await rows();
      const res = await alice.get(`/forms/${formId}/attachments/${pdf!.id}`);
      t.equal(res.statusCode, 200);
      t.same(res.rawPayload, PDF);
      t.equal(res.headers['content-type'], 'application/pdf');
      const name = `filename="Sign-in sheet _ _.pdf"; filename*=UTF-8''${encodeURIComponent('Sign-in sheet – ü.pdf')}`;
      t.equal(res.headers['content-disposition'], `inline; ${name}`);
      t.equal(res.headers['x-content-type-options'], 'nosniff');
      t.equal(
        res.headers['content-security-policy'],
        "default-src 'none'; img-src 'self'; object-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; " +
          "base-uri 'none'; form-action 'none'",
        'no script, fetch or form; not sandboxed (Chromium would not show a sandboxed PDF)',
      );
      const saved = await alice.get(`/forms/${formId}/attachments/${pdf!.id}?download=1`);
      t.equal(saved.headers['content-disposition'], `attachment; ${name}`);
      t.same(saved.rawPayload, PDF);
      t.equal((await alice.get(`/forms/${formId}/attachments/${pdf!.id}?download=yes`)).statusCode, 400);
      const [, png] = await rows();
      const image = await alice.get(`/forms/${formId}/attachments/${png!.id}`);
      t.equal(image.headers['content-type'], 'image/png');
      t.match(image.headers['content-disposition'], /^inline; /);
      t.match(
        image.headers['content-security-policy'],
        /^default-src 'none'; .*; sandbox$/,
        'an image is sandboxed too',
      );
      const detail = await alice.get(`/forms/${formId}`);
      t.match(
        detail.body,
        new RegExp(
          `<a href="/forms/${formId}/attachments/${pdf!.id}">Sign-in sheet – ü.pdf</a> <a [^>]*href="/forms/${formId}/attachments/${pdf!.id}\\?download=1" download`,
        ),
        'the name opens it; a Download link saves it',
      );
      t.equal(
        (await alice.get(`/forms/${formId + 1000}/attachments/${pdf!.id}`)).statusCode,
        404,
        'only through its own form',
      );
      t.equal((await alice.get(`/forms/${formId}/attachments/987654`)).statusCode, 404);
    },
  ],
  [
    'a disallowed type is refused by its content, whatever its name',
    async (t, { alice, refused }) => {
      await refused(
        t,
        [
          { name: '_csrf', value: alice.csrf },
          { name: 'files', filename: 'report.pdf', data: EXE },
        ],
        415,
        /“report.pdf” was not uploaded: it is a Windows program, which cannot be attached\. Nothing was saved\. Allowed: PDF, images/,
      );
      await refused(
        t,
        [
          { name: '_csrf', value: alice.csrf },
          { name: 'files', filename: 'notes.txt', data: Buffer.from([0x41, 0x00, 0x01, 0x42]) },
        ],
        415,
        /“notes.txt” was not uploaded: its name ends in .txt but it is not plain text/,
      );
      await refused(
        t,
        [
          { name: '_csrf', value: alice.csrf },
          { name: 'files', filename: 'run.sh', data: Buffer.from('#!/bin/sh\necho hi\n') },
        ],
        415,
        /“run.sh” was not uploaded: its content is not a PDF, an image, an Office document or plain text/,
      );
    },
  ],
  [
    'plain text is accepted by name when it really is text',
    async (t, { alice, upload, rows }) => {
      const res = await upload([
        { name: '_csrf', value: alice.csrf },
        { name: 'files', filename: 'notes.txt', data: Buffer.from('Attendance notes\nAll present.\n') },
      ]);
      t.equal(res.statusCode, 303);
      t.equal((await rows()).at(-1)!.content_type, 'text/plain');
    },
  ],
  [
    'empty, oversize and no-file uploads are refused',
    async (t, { alice, upload, rows, refused }) => {
      await refused(
        t,
        [
          { name: '_csrf', value: alice.csrf },
          { name: 'files', filename: 'empty.pdf', data: Buffer.alloc(0) },
        ],
        400,
        /“empty.pdf” is empty \(0 bytes\), so nothing was uploaded/,
      );
      const big = Buffer.concat([PDF, Buffer.alloc(MB - PDF.length + 1, 0x20)]);
      await refused(
        t,
        [
          { name: '_csrf', value: alice.csrf },
          { name: 'files', filename: 'big.pdf', data: big },
        ],
        413,
        /“big.pdf” is larger than the limit of 1 MB, so nothing was uploaded/,
      );
      await refused(t, [{ name: '_csrf', value: alice.csrf }], 400, /Choose a file/);
      const exact = Buffer.concat([PDF, Buffer.alloc(MB - PDF.length, 0x20)]);
      const res = await upload([
        { name: '_csrf', value: alice.csrf },
        { name: 'files', filename: 'exact.pdf', data: exact },
      ]);
      t.equal(res.statusCode, 303, 'exactly at the limit is fine');
      t.equal(Number((await rows()).at(-1)!.size_bytes), MB);
    },
  ],
  [
    'the CSRF token must come first in the multipart body',
    async (t, { alice, refused }) => {
      await refused(t, [{ name: 'files', filename: 'a.pdf', data: PDF }], 403, /This form has expired/);
      await refused(
        t,
        [
          { name: '_csrf', value: 'wrong' },
          { name: 'files', filename: 'a.pdf', data: PDF },
        ],
        403,
        /expired/,
      );
      await refused(
        t,
        [
          { name: 'files', filename: 'a.pdf', data: PDF },
          { name: '_csrf', value: alice.csrf },
        ],
        403,
        /expired/,
      );
    },
  ],
  [
    'an upload cut off midway leaves no file and no row',
    async (t, { app, onAbort, alice, formId, files, rows }) => {
      const before = { files: (await files()).length, rows: (await rows()).length };
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = new URL(address);
      const { body, type } = multipart([
        { name: '_csrf', value: alice.csrf },
        { name: 'files', filename: 'cut.pdf', data: Buffer.concat([PDF, Buffer.alloc(600_000, 0x20)]) },
      ]);
      const abortedNow = new Promise<void>((resolve) => (onAbort.notify = resolve));
      const socket = connect(Number(port), '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        `POST /forms/${formId}/attachments HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\nCookie: ${alice.cookieHeader()}\r\n\r\n`,
      );
      socket.write(body.subarray(0, 300_000));
      await new Promise((resolve) => setTimeout(resolve, 200));
      socket.destroy();
      await abortedNow;
      let left = { files: -1, rows: -1 };
      for (let i = 0; i < 50; i++) {
        left = { files: (await files()).length, rows: (await rows()).length };
        if (left.files === before.files) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      t.same(left, before);
    },
  ],
  [
    'the domain refuses an interrupted stream the same way',
    async (t, { env, formId, files }) => {
      const before = (await files()).length;
      async function* broken() {
        yield PDF;
        throw new Error('socket hang up');
      }
      await t.rejects(env.services.attachments.add(formId, { originalName: 'x.pdf', content: broken() }, 'alice'), {
        code: 'ATTACHMENT_INTERRUPTED',
      });
      t.equal((await files()).length, before);
    },
  ],
  [
    'deleting an attachment asks first (a page, no script), then removes its row and file',
    async (t, { alice, formId, files, rows }) => {
      const [first] = await rows();
      const detail = await alice.get(`/forms/${formId}`);
      t.match(
        detail.body,
        new RegExp(`<a class="button small warn" href="/forms/${formId}/attachments/${first!.id}/delete"`),
        'the detail page links to the confirmation instead of posting at once',
      );
      const ask = await alice.get(`/forms/${formId}/attachments/${first!.id}/delete`);
      t.equal(ask.statusCode, 200);
      t.match(ask.body, /<h1>Delete the attachment “[^”]+”\?<\/h1>/);
      t.match(ask.body, new RegExp(`<form method="post" action="/forms/${formId}/attachments/${first!.id}/delete"`));
      t.match(ask.body, /name="_csrf" value="[^"]+"/);
      t.ok((await files()).includes(first!.stored_name), 'asking deletes nothing');
      const forged = await alice.post(`/forms/${formId}/attachments/${first!.id}/delete`, { _csrf: 'forged' });
      t.equal(forged.statusCode, 403, 'the confirmation is CSRF-protected');
      t.ok((await files()).includes(first!.stored_name));
      t.equal((await alice.get(`/forms/${formId}/attachments/987654/delete`)).statusCode, 404);
      const res = await alice.post(`/forms/${formId}/attachments/${first!.id}/delete`);
      t.equal(res.statusCode, 303);
      t.notOk((await files()).includes(first!.stored_name));
      t.equal((await alice.get(`/forms/${formId}/attachments/${first!.id}`)).statusCode, 404);
    },
  ],
  [
    'purging the form removes all its files',
    async (t, { app, alice, formId, files, rows }) => {
      const names = (await rows()).map((r) => r.stored_name);
      t.ok(names.length >= 2);
      await alice.post(`/forms/${formId}/delete`);
      t.equal(
        (await alice.get(`/forms/${formId}/attachments/${(await rows())[0]!.id}`)).statusCode,
        404,
        'no downloads from the trash',
      );
      const boss = new Client(app);
      await boss.signIn('boss');
      t.match((await boss.get(`/trash/${formId}`)).body, /Attachments \(\d+\)/);
      t.equal((await boss.post(`/trash/${formId}/purge`)).statusCode, 303);
      const left = await files();
      for (const n of names) t.notOk(left.includes(n), `${n} removed`);
      t.same(await rows(), []);
    },
  ],
];

await forEachDialect(t, async (t, _handle, ctx) => {
  const fx = await fixtureFor(t, ctx);
  for (const [name, behaviour] of BEHAVIOURS) await t.test(name, (t) => behaviour(t, fx));
});
