import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { runTs, runTsOnTerminal } from '../helpers/processes.ts';

/** The control characters in `text` but the newline (a `\r`, an escape, a backspace), as their codes. */
const controls = (text: string) =>
  [...text].map((c) => c.charCodeAt(0)).filter((code) => (code < 32 && code !== 10) || code === 127);
/** A `\r` not ending a line: a line redrawn in place (a pseudo-terminal turns each `\n` into `\r\n`). */
const REDRAW = /\r(?!\n)/;

function workspace(t: Test) {
  const dir = mkdtempSync(join(tmpdir(), 'tf-progress-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = {
    APP_ENV: 'test',
    LOG_LEVEL: 'silent',
    USE_SQLITE: 'true',
    DB_PATH: join(dir, 'app.db'),
    UPLOAD_FOLDER: join(dir, 'uploads'),
    BACKUP_FOLDER: join(dir, 'backups'),
  };
  return { dir, env };
}

t.test('seed: plain summaries on a pipe, a line redrawn in place on a terminal, nothing with --quiet', async (t) => {
  const { dir, env } = workspace(t);
  const seed = ['--forms', '3000', '--employees', '200'];
  const piped = await runTs('ops/seed.ts', seed, env, { cwd: dir });
  t.equal(piped.code, 0, piped.stderr);
  t.match(piped.stdout, /^seeded 200 employees, 3000 forms, \d+ trainee links into sqlite in [\d.]+ s\n$/);
  t.match(piped.stderr, /^employees: 200 rows in [\d.]+ s(, [\d,]+ rows\/s)?$/m);
  t.match(piped.stderr, /^forms: 3,000 rows in [\d.]+ s(, [\d,]+ rows\/s)?$/m);
  t.same(controls(piped.stdout + piped.stderr), [], 'no control characters on a pipe');

  const terminal = await runTsOnTerminal('ops/seed.ts', seed, env, { cwd: dir });
  t.equal(terminal.code, 0, terminal.stdout);
  t.match(terminal.stdout, /\rforms: [\d,]+ \/ 3,000 rows \(\d+%\)/, 'a progress line with count, total and share');
  t.match(terminal.stdout, /\rforms: 3,000 rows in [\d.]+ s.*\r\n/, 'ended by its summary and a newline');
  t.match(terminal.stdout, /seeded 200 employees, 3000 forms/);

  const quiet = await runTs('ops/seed.ts', [...seed, '--quiet'], env, { cwd: dir });
  t.equal(quiet.code, 0, quiet.stderr);
  t.equal(quiet.stderr, '', 'no progress');
  t.match(quiet.stdout, /^seeded 200 employees/, 'the result still');
  const quietTerminal = await runTsOnTerminal('ops/seed.ts', [...seed, '--quiet'], env, { cwd: dir });
  t.equal(quietTerminal.code, 0, quietTerminal.stdout);
  t.notMatch(quietTerminal.stdout, REDRAW, 'no progress line on a terminal either');
});

t.test('backup and restore report their stages, plainly on a pipe and redrawn on a terminal', async (t) => {
  const { dir, env } = workspace(t);
  t.equal((await runTs('ops/seed.ts', ['--forms', '50', '--employees', '10', '--quiet'], env, { cwd: dir })).code, 0);
  mkdirSync(join(dir, 'uploads', '2026'), { recursive: true });
  for (let i = 0; i < 5; i++) writeFileSync(join(dir, 'uploads', '2026', `sheet-${i}.pdf`), `%PDF-${i}`.repeat(1000));

  const backup = await runTs('ops/backup.ts', [], env, { cwd: dir });
  t.equal(backup.code, 0, backup.stderr);
  t.match(backup.stdout, /backup created: /);
  t.match(backup.stderr, /^database: [\d.]+ (B|KiB|MiB) in [\d.]+ s/m);
  t.match(backup.stderr, /^uploads: 5 files in [\d.]+ s/m);
  t.same(controls(backup.stdout + backup.stderr), [], 'no control characters on a pipe');

  const onTerminal = await runTsOnTerminal('ops/backup.ts', [], env, { cwd: dir });
  t.equal(onTerminal.code, 0, onTerminal.stdout);
  t.match(onTerminal.stdout, /\ruploads: \d \/ 5 files \(\d+%\)/);
  t.match(onTerminal.stdout, /backup: succeeded/);

  const name = readdirSync(join(dir, 'backups')).find((n) => n.startsWith('tf-backup-')) ?? '';
  const restore = await runTs('ops/restore.ts', [name, '--yes'], env, { cwd: dir });
  t.equal(restore.code, 0, restore.stderr);
  t.match(restore.stderr, /^verify: 6 files in [\d.]+ s/m, 'the database and five uploads checked');
  t.match(restore.stderr, /^uploads: 5 files in [\d.]+ s/m);
  t.same(controls(restore.stdout + restore.stderr), [], 'no control characters on a pipe');
  const restoreOnTerminal = await runTsOnTerminal('ops/restore.ts', [name, '--yes'], env, { cwd: dir });
  t.equal(restoreOnTerminal.code, 0, restoreOnTerminal.stdout);
  t.match(restoreOnTerminal.stdout, /\rverify: \d \/ 6 files \(\d+%\)/);
  const quiet = await runTs('ops/restore.ts', [name, '--yes', '--quiet'], env, { cwd: dir });
  t.equal(quiet.code, 0, quiet.stderr);
  t.equal(quiet.stderr, '');
  t.match(quiet.stdout, /restored backup /);
});
