import t from 'tap';
import { FailureCollector } from '../../failure-collector.mjs';

// npm test repeats each failing test by its full name before the closing count (test/failure-collector.mjs).

const feed = (text: string): string[] => {
  const collector = new FailureCollector();
  for (const line of text.split('\n')) collector.line(line);
  return collector.report();
};

t.test('a failing assertion is named by file, subtest and assertion, with its diagnostics', async (t) => {
  const report = feed(
    [
      '# Subtest: test/unit/a.test.ts',
      '    # Subtest: passes',
      '        ok 1 - fine',
      '        1..1',
      '    ok 1 - passes # time=1ms',
      '    # Subtest: breaks',
      '        not ok 1 - should be equal',
      '          ---',
      '          found: 1',
      '          wanted: 2',
      '          ...',
      '        1..1',
      '    not ok 2 - breaks # time=2ms',
      '    1..2',
      'not ok 1 - test/unit/a.test.ts # time=3ms',
      '# Subtest: test/unit/b.test.ts',
      '    ok 1 - fine',
      'ok 2 - test/unit/b.test.ts # time=1ms',
    ].join('\n'),
  );
  t.same(report, ['# FAILED test/unit/a.test.ts › breaks › should be equal', '#     found: 1', '#     wanted: 2']);
});

t.test('a subtest that fails without a failing assertion (a timeout) is reported itself', async (t) => {
  const report = feed(
    [
      '# Subtest: test/e2e/slow.test.ts',
      '    # Subtest: waits',
      '        1..0',
      '    not ok 1 - waits # time=30000ms',
      '      ---',
      '      message: timeout!',
      '      ...',
      'not ok 1 - test/e2e/slow.test.ts',
    ].join('\n'),
  );
  t.same(report, ['# FAILED test/e2e/slow.test.ts › waits', '#     message: timeout!']);
});

t.test('all passing, or skipped and todo, reports nothing', async (t) => {
  t.same(feed('# Subtest: x\n    ok 1 - y\nok 1 - x\nnot ok 2 - later # TODO not yet'), []);
});
