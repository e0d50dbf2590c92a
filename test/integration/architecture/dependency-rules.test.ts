import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import t from 'tap';
import { REPO } from '../../helpers/processes.ts';

// The rules `npm run lint` enforces, proven to bite: a scratch tree that breaks each rule once.

const depcruise = join(REPO, 'node_modules/.bin/depcruise');

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tf-arch-'));
  copyFileSync(join(REPO, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  copyFileSync(join(REPO, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  mkdirSync(join(dir, 'db'), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const cruise = (dir: string) =>
  spawnSync(depcruise, ['src', 'db', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd: dir, encoding: 'utf8' });

t.test('a clean tree passes', async (t) => {
  const dir = scratch({
    'src/domain/a.ts': "export const a = 1;\n",
    'src/adapters/db/x.ts': "import { a } from '../../domain/a.ts';\nexport const x = a;\n",
    'src/app/main.ts': "import { x } from '../adapters/db/x.ts';\nexport const m = x;\n",
  });
  const result = cruise(dir);
  t.equal(result.status, 0, result.stdout + result.stderr);
});

t.test('the domain importing a framework, node:fs or an adapter fails', async (t) => {
  const dir = scratch({
    'src/domain/bad.ts': "import { readFileSync } from 'node:fs';\nimport { x } from '../adapters/db/x.ts';\nexport const b = [readFileSync, x];\n",
    'src/adapters/db/x.ts': 'export const x = 1;\n',
  });
  const result = cruise(dir);
  t.not(result.status, 0);
  t.match(result.stdout, /domain-is-pure: src\/domain\/bad\.ts → (node:)?fs/);
  t.match(result.stdout, /domain-is-pure: src\/domain\/bad\.ts → src\/adapters\/db\/x\.ts/);
});

t.test('an adapter importing another adapter fails; a migration importing src/ fails', async (t) => {
  const dir = scratch({
    'src/adapters/http/route.ts': "import { x } from '../db/x.ts';\nexport const r = x;\n",
    'src/adapters/db/x.ts': 'export const x = 1;\n',
    'db/migrations/20260101000000_x.ts': "import { x } from '../../src/adapters/db/x.ts';\nexport const up = () => x;\n",
  });
  const result = cruise(dir);
  t.not(result.status, 0);
  t.match(result.stdout, /adapters-are-independent: src\/adapters\/http\/route\.ts → src\/adapters\/db\/x\.ts/);
  t.match(result.stdout, /migrations-are-frozen: db\/migrations\/20260101000000_x\.ts → src\/adapters\/db\/x\.ts/);
});
