import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { chromiumUnavailableReason } from '../../helpers/chromium.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// `npm run screenshots` writes real PNGs of the five pages at both widths (its own process, which
// starts and stops the app and Chromium itself; it has ended when execFile returns).
if (requireOrSkip(t, 'Chromium', chromiumUnavailableReason())) {
  const out = mkdtempSync(join(tmpdir(), 'tf-shots-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  await promisify(execFile)(join(ROOT, 'node_modules/.bin/tsx'), ['bench/screenshots.ts', out], { cwd: ROOT });
  const expected = ['list', 'detail', 'edit', 'trash', 'admin-home'].flatMap((p) => [`${p}-1366.png`, `${p}-390.png`]);
  t.same(readdirSync(out).sort(), expected.sort(), 'one file per page and width');
  for (const file of expected) {
    const png = readFileSync(join(out, file));
    t.same(png.subarray(0, 8), PNG_SIGNATURE, `${file} is a PNG`);
    t.equal(png.toString('latin1', 12, 16), 'IHDR');
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    t.equal(width, Number(/-(\d+)\.png$/.exec(file)![1]), `${file}: as wide as its viewport`);
    t.ok(height >= (width === 390 ? 844 : 768), `${file}: the whole page (${height} px high)`);
  }
}
