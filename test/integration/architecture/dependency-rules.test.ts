import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import t from 'tap';
import { REPO } from '../../helpers/processes.ts';

// The rules `npm run lint` enforces, proven to bite: a scratch tree that breaks each rule once.

const depcruise = join(REPO, 'node_modules/.bin/depcruise');

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tf-arch-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
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
  spawnSync(depcruise, ['src', 'db', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
    cwd: dir,
    encoding: 'utf8',
  });

t.test('a clean tree passes', async (t) => {
  const dir = scratch({
    'src/domain/a.ts': 'export const a = 1;\n',
    'src/adapters/db/x.ts': "import { a } from '../../domain/a.ts';\nexport const x = a;\n",
    'src/app/main.ts': "import { x } from '../adapters/db/x.ts';\nexport const m = x;\n",
  });
  const result = cruise(dir);
  t.equal(result.status, 0, result.stdout + result.stderr);
});

t.test('the domain importing a framework, node:fs or an adapter fails', async (t) => {
  const dir = scratch({
    'src/domain/bad.ts':
      "import { readFileSync } from 'node:fs';\nimport { x } from '../adapters/db/x.ts';\nexport const b = [readFileSync, x];\n",
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
    'db/migrations/20260101000000_x.ts':
      "import { x } from '../../src/adapters/db/x.ts';\nexport const up = () => x;\n",
  });
  const result = cruise(dir);
  t.not(result.status, 0);
  t.match(result.stdout, /adapters-are-independent: src\/adapters\/http\/route\.ts → src\/adapters\/db\/x\.ts/);
  t.match(result.stdout, /migrations-are-frozen: db\/migrations\/20260101000000_x\.ts → src\/adapters\/db\/x\.ts/);
});

t.test('ops importing an adapter or the domain fails; through the composition root and config it passes', async (t) => {
  const dir = scratch({
    'src/domain/a.ts': 'export const a = 1;\n',
    'src/adapters/db/x.ts': 'export const x = 1;\n',
    'src/app/config.ts': 'export const c = 1;\n',
    'src/app/composition/operator-kit.ts': "import { x } from '../../adapters/db/x.ts';\nexport const tools = x;\n",
    'src/app/composition/compose.ts': "import { x } from '../../adapters/db/x.ts';\nexport const wiring = x;\n",
    'ops/good.ts':
      "import { tools } from '../src/app/composition/operator-kit.ts';\nimport { c } from '../src/app/config.ts';\nexport const g = [tools, c];\n",
    'ops/db/bad.ts':
      "import { x } from '../../src/adapters/db/x.ts';\nimport { a } from '../../src/domain/a.ts';\nimport { wiring } from '../../src/app/composition/compose.ts';\nexport const b = [x, a, wiring];\n",
  });
  const result = spawnSync(
    depcruise,
    ['src', 'ops', 'db', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
    { cwd: dir, encoding: 'utf8' },
  );
  t.not(result.status, 0);
  t.match(result.stdout, /ops-through-the-composition: ops\/db\/bad\.ts → src\/adapters\/db\/x\.ts/);
  t.match(result.stdout, /ops-through-the-composition: ops\/db\/bad\.ts → src\/domain\/a\.ts/);
  t.match(
    result.stdout,
    /ops-through-the-composition: ops\/db\/bad\.ts → src\/app\/composition\/compose\.ts/,
    'not the whole wiring either',
  );
  t.notMatch(result.stdout, /ops\/good\.ts/);
});

t.test('a job importing the database adapter fails', async (t) => {
  const dir = scratch({
    'src/adapters/db/x.ts': 'export const x = 1;\n',
    'src/app/jobs/bad-job.ts': "import { x } from '../../adapters/db/x.ts';\nexport const j = x;\n",
  });
  const result = cruise(dir);
  t.not(result.status, 0);
  t.match(result.stdout, /jobs-never-see-the-database: src\/app\/jobs\/bad-job\.ts → src\/adapters\/db\/x\.ts/);
});
