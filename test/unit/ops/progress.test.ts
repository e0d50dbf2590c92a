import t from 'tap';
import { progressRenderer } from '../../../ops/cli/progress.ts';

/** A terminal line drawn over the line `previous`: `\r`, then padded with spaces to cover it. */
const over = (previous: string, text: string) => `\r${text.padEnd(previous.length)}`;

/** A stream that keeps what was written, and a clock the test moves by hand. */
function setUp(isTTY: boolean, quiet = false) {
  let ms = 0;
  const written: string[] = [];
  const progress = progressRenderer({
    stream: { isTTY, write: (text: string) => written.push(text) },
    quiet,
    now: () => ms,
  });
  return { progress, written, advance: (by: number) => (ms += by) };
}

t.test('on a terminal: one line per stage, rewritten with \\r, throttled, ended by its summary', async (t) => {
  const { progress, written, advance } = setUp(true);
  progress.report({ stage: 'forms', done: 0, total: 1000, unit: 'rows' });
  advance(50);
  progress.report({ stage: 'forms', done: 100, total: 1000, unit: 'rows' });
  advance(50);
  progress.report({ stage: 'forms', done: 200, total: 1000, unit: 'rows' });
  advance(2000);
  progress.report({ stage: 'forms', done: 1000, total: 1000, unit: 'rows' });
  progress.finish();
  t.same(written, [
    '\rforms: 0 / 1,000 rows (0%)',
    '\rforms: 200 / 1,000 rows (20%), 2,000 rows/s, 1 s left',
    over('forms: 200 / 1,000 rows (20%), 2,000 rows/s, 1 s left', 'forms: 1,000 / 1,000 rows (100%), 476 rows/s'),
    `${over('forms: 1,000 / 1,000 rows (100%), 476 rows/s', 'forms: 1,000 rows in 2.1 s, 476 rows/s')}\n`,
  ]);
  progress.finish();
  t.equal(written.length, 4, 'finishing twice writes nothing more');
});

t.test('on a terminal: a longer wait shows the time left; a new stage ends the one before', async (t) => {
  const { progress, written, advance } = setUp(true);
  progress.report({ stage: 'employees', done: 0, total: 1_000_000, unit: 'rows' });
  advance(10_000);
  progress.report({ stage: 'employees', done: 10_000, total: 1_000_000, unit: 'rows' });
  progress.report({ stage: 'uploads', done: 0, total: 3, unit: 'files' });
  advance(1000);
  progress.report({ stage: 'uploads', done: 3, total: 3, unit: 'files' });
  progress.finish();
  t.same(written, [
    '\remployees: 0 / 1,000,000 rows (0%)',
    '\remployees: 10,000 / 1,000,000 rows (1%), 1,000 rows/s, 16 min 30 s left',
    `${over(
      'employees: 10,000 / 1,000,000 rows (1%), 1,000 rows/s, 16 min 30 s left',
      'employees: 10,000 rows in 10.0 s, 1,000 rows/s',
    )}\n`,
    '\ruploads: 0 / 3 files (0%)',
    '\ruploads: 3 / 3 files (100%), 3 files/s',
    `${over('uploads: 3 / 3 files (100%), 3 files/s', 'uploads: 3 files in 1.0 s, 3 files/s')}\n`,
  ]);
});

t.test('not a terminal: plain lines at most every 10 s and a summary; no \\r, no escapes', async (t) => {
  const { progress, written, advance } = setUp(false);
  for (let done = 0; done <= 30_000; done += 1000) {
    progress.report({ stage: 'forms', done, total: 30_000, unit: 'rows' });
    advance(1000);
  }
  progress.report({ stage: 'database', done: 0, unit: 'bytes' });
  advance(500);
  progress.report({ stage: 'database', done: 3 * 1024 * 1024, unit: 'bytes' });
  progress.finish();
  t.same(written, [
    'forms: 10,000 / 30,000 rows (33%), 1,000 rows/s, 20 s left\n',
    'forms: 20,000 / 30,000 rows (66%), 1,000 rows/s, 10 s left\n',
    'forms: 30,000 / 30,000 rows (100%), 1,000 rows/s\n',
    'forms: 30,000 rows in 31.0 s, 968 rows/s\n',
    'database: 3.0 MiB in 0.5 s, 6.0 MiB/s\n',
  ]);
  t.notOk(written.join('').includes('\r') || written.join('').includes('\u001b'), 'no \\r, no escape');
});

t.test('--quiet: nothing at all, on a terminal or not', async (t) => {
  for (const tty of [true, false]) {
    const { progress, written, advance } = setUp(tty, true);
    progress.report({ stage: 'forms', done: 0, total: 10, unit: 'rows' });
    advance(20_000);
    progress.report({ stage: 'forms', done: 10, total: 10, unit: 'rows' });
    progress.finish();
    t.same(written, [], tty ? 'terminal' : 'not a terminal');
  }
});

t.test('without a total: the count and rate only', async (t) => {
  const { progress, written, advance } = setUp(true);
  progress.report({ stage: 'listing', done: 0, unit: 'employees' });
  advance(2000);
  progress.report({ stage: 'listing', done: 5000, unit: 'employees' });
  progress.finish();
  t.same(written, [
    '\rlisting: 0 employees',
    '\rlisting: 5,000 employees, 2,500 employees/s',
    '\rlisting: 5,000 employees in 2.0 s, 2,500 employees/s\n',
  ]);
});

t.test('on a terminal: a line is cut to its width, so it never wraps', async (t) => {
  const written: string[] = [];
  const progress = progressRenderer({
    stream: { isTTY: true, columns: 20, write: (text: string) => written.push(text) },
    quiet: false,
    now: () => 0,
  });
  progress.report({ stage: 'uploads', done: 0, total: 1000, unit: 'files' });
  progress.finish();
  t.same(written, ['\ruploads: 0 / 1,000 ', '\ruploads: 0 files in\n']);
});
