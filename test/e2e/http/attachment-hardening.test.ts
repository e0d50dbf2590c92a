import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import t from 'tap';
import { forEachDialect } from '../../helpers/targets.ts';
import { Client, formBody } from '../../helpers/http-app.ts';
import { buildTestApp } from '../../helpers/test-app.ts';
import { multipart, type Part } from '../../helpers/multipart.ts';
import { PNG, samplePdf } from '../../helpers/sample-files.ts';

const PDF = samplePdf(500);
/** Bidi controls and zero-width characters: they change how a name displays, not what it is. */
const INVISIBLE = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\ufeff\u2060]/u;
const pdfs = (n: number, prefix: string): Part[] =>
  Array.from({ length: n }, (_, i) => ({ name: 'files', filename: `${prefix}-${i + 1}.pdf`, data: PDF }));

/** A real zip (stored entries): local headers, data, central directory, end record. */
function storedZip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const fileName = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(fileName.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    central.push(dir, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dirBytes, end]);
}

const DOCX = storedZip({
  '[Content_Types].xml': `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${' '.repeat(400)}</Types>`,
  'word/document.xml': '<?xml version="1.0"?><w:document/>',
});

await forEachDialect(t, async (t, _handle, ctx) => {
  const env = await buildTestApp(t, ctx.settings);
  const alice = new Client(env.app);
  await alice.signIn('alice');
  const created = await alice.post('/forms', formBody([env.employeeIds['Anna Schmidt']!]));
  const formId = Number(/\/forms\/(\d+)/.exec(String(created.headers.location))![1]);
  await alice.get(`/forms/${formId}`);
  const upload = (files: Part[]) => {
    const { body, type } = multipart([{ name: '_csrf', value: alice.csrf }, ...files]);
    return alice.postRaw(`/forms/${formId}/attachments`, body, { 'content-type': type });
  };
  const files = () => readdir(env.uploads);
  const rows = () =>
    env.services.database.db.selectFrom('attachments').selectAll().where('training_form_id', '=', formId).execute();

  await t.test('a truncated zip / Office file is refused as an unknown type (415), not a 500', async (t) => {
    const cuts = {
      'header and garbage': Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(300, 0x41)]),
      'first 200 bytes of a real zip': DOCX.subarray(0, 200),
      'a real zip without its end': DOCX.subarray(0, DOCX.length - 30),
    };
    for (const [what, data] of Object.entries(cuts)) {
      const res = await upload([{ name: 'files', filename: 'report.docx', data }]);
      t.equal(res.statusCode, 415, what);
      t.match(res.body, /“report.docx” was not uploaded: /);
    }
    t.same(await files(), [], 'no file left in the upload folder');
    t.same(await rows(), [], 'no row');
  });

  await t.test('an upload is all or nothing: eleven files save none, ten save all', async (t) => {
    const tooMany = await upload(pdfs(11, 'eleven'));
    t.equal(tooMany.statusCode, 413, 'more than ten files are refused');
    t.match(tooMany.body, /At most 10 files can be uploaded at once/);
    t.same(await rows(), [], 'no attachment on the form');
    t.same(await files(), [], 'upload folder empty');
    const lateRefusal = await upload([
      ...pdfs(3, 'good'),
      { name: 'files', filename: 'bad.docx', data: Buffer.from('PK\x03\x04 cut', 'latin1') },
    ]);
    t.equal(lateRefusal.statusCode, 415, 'a refused file after good ones');
    t.same([await rows(), await files()], [[], []], 'saves none of them either');
    const ten = await upload(pdfs(10, 'ten'));
    t.equal(ten.statusCode, 303);
    t.same(
      (await rows()).map((r) => r.original_name),
      pdfs(10, 'ten').map((p) => p.filename),
      'ten files: all saved, in order',
    );
    t.equal((await files()).length, 10);
    const audit = await env.services.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', String(formId))
      .where('action', '=', 'attach')
      .execute();
    t.equal(audit.length, 10, 'each attached file audited');
  });

  await t.test('bidi controls and zero-width characters are taken out of attachment names', async (t) => {
    const names = {
      'invoice\u202egnp.exe': 'invoicegnp.exe',
      'a\u200bb\u200c\u200d\ufeffc\u2060.png': 'abc.png',
      '\u2066x\u2069\u200e\u200f\u061c\u202a\u202b\u202c\u202d.png': 'x.png',
      '\u202e\u200b.png': '.png',
      '\u202e\u200b': 'attachment',
    };
    const before = (await rows()).length;
    const res = await upload(Object.keys(names).map((filename) => ({ name: 'files', filename, data: PNG })));
    t.equal(res.statusCode, 303);
    const stored = (await rows()).slice(before);
    t.same(
      stored.map((r) => r.original_name),
      Object.values(names),
      'stored without them',
    );
    const detail = await alice.get(`/forms/${formId}`);
    t.notMatch(detail.body, INVISIBLE, 'the detail page shows none of them');
    t.match(detail.body, />invoicegnp\.exe<\/a>/);
    const download = await alice.get(`/forms/${formId}/attachments/${stored[0]!.id}?download=1`);
    t.equal(
      download.headers['content-disposition'],
      `attachment; filename="invoicegnp.exe"; filename*=UTF-8''invoicegnp.exe`,
    );
  });

  await t.test('a name stored before the rule is shown and downloaded without them too', async (t) => {
    const storedName = `${'e'.repeat(32)}.bin`;
    await writeFile(join(env.uploads, storedName), PNG);
    const inserted = await env.services.database.db
      .insertInto('attachments')
      .values({
        training_form_id: formId,
        stored_name: storedName,
        original_name: 'old\u202egnp.exe',
        content_type: 'image/png',
        size_bytes: PNG.length,
        sha256: 'x'.repeat(64),
        uploaded_by: 'alice',
        uploaded_at: '2026-11-24 08:00:00.000',
      })
      .executeTakeFirstOrThrow();
    const detail = await alice.get(`/forms/${formId}`);
    t.notMatch(detail.body, INVISIBLE);
    t.match(detail.body, />oldgnp\.exe<\/a>/);
    const download = await alice.get(`/forms/${formId}/attachments/${Number(inserted.insertId)}?download=1`);
    t.equal(download.statusCode, 200);
    t.match(
      String(download.headers['content-disposition']),
      /^attachment; filename="oldgnp\.exe"; filename\*=UTF-8''oldgnp\.exe$/,
    );
  });
});
