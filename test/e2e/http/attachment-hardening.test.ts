import { readdir } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import t from 'tap';
import { forEachDialect } from '../../helpers/dialects.ts';
import { Client, formBody, startTestApp } from '../../helpers/http-app.ts';
import { multipart, type Part } from '../../helpers/multipart.ts';


const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n'), Buffer.alloc(500, 0x20), Buffer.from('\n%%EOF\n')]);
const pdfs = (n: number, prefix: string): Part[] => Array.from({ length: n }, (_, i) => ({ name: 'files', filename: `${prefix}-${i + 1}.pdf`, data: PDF }));

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
  const env = await startTestApp(ctx.settings);
  t.teardown(() => env.close());
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
  const rows = () => env.services.database.db.selectFrom('attachments').selectAll().where('training_form_id', '=', formId).execute();

  await t.test('a truncated zip / Office file is refused as an unknown type (415), not a 500', async (t) => {
    const cuts = {
      'header and garbage': Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(300, 0x41)]),
      'first 200 bytes of a real zip': DOCX.subarray(0, 200),
      'a real zip without its end': DOCX.subarray(0, DOCX.length - 30),
    };
    for (const [what, data] of Object.entries(cuts)) {
      const res = await upload([{ name: 'files', filename: 'report.docx', data }]);
      t.equal(res.statusCode, 415, what);
      t.match(res.body, /This type of file is not allowed/);
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
    const lateRefusal = await upload([...pdfs(3, 'good'), { name: 'files', filename: 'bad.docx', data: Buffer.from('PK\x03\x04 cut', 'latin1') }]);
    t.equal(lateRefusal.statusCode, 415, 'a refused file after good ones');
    t.same([await rows(), await files()], [[], []], 'saves none of them either');
    const ten = await upload(pdfs(10, 'ten'));
    t.equal(ten.statusCode, 303);
    t.same((await rows()).map((r) => r.original_name), pdfs(10, 'ten').map((p) => p.filename), 'ten files: all saved, in order');
    t.equal((await files()).length, 10);
    const audit = await env.services.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', String(formId)).where('action', '=', 'attach').execute();
    t.equal(audit.length, 10, 'each attached file audited');
  });
});
