import t from 'tap';
import { selectedTargets, TARGETS } from '../../helpers/targets.ts';

// The one list of test targets and its TEST_TARGETS filter (test/helpers/targets.ts).

t.test('without TEST_TARGETS every target runs but the opt-in Galera cluster', async (t) => {
  t.same([...selectedTargets({})], ['memory', 'sqlite', 'mariadb']);
  t.same([...selectedTargets({ TEST_TARGETS: ' ' })], ['memory', 'sqlite', 'mariadb'], 'blank is unset');
  t.same([...TARGETS], ['memory', 'sqlite', 'mariadb', 'galera']);
  t.same(
    [...selectedTargets({}, { withOptIn: true })],
    [...TARGETS],
    'a suite written for one target (the Galera suite) runs by default',
  );
  t.same(
    [...selectedTargets({ TEST_TARGETS: 'sqlite' }, { withOptIn: true })],
    ['sqlite'],
    'unless TEST_TARGETS leaves it out',
  );
});

t.test('TEST_TARGETS narrows the run, or opts into Galera', async (t) => {
  t.same([...selectedTargets({ TEST_TARGETS: 'sqlite, mariadb' })], ['sqlite', 'mariadb']);
  t.same([...selectedTargets({ TEST_TARGETS: 'galera' })], ['galera']);
});

t.test('an unknown name throws, so a typo cannot quietly run nothing', async (t) => {
  t.throws(() => selectedTargets({ TEST_TARGETS: 'sqlite,mysql' }), /unknown targets: mysql/);
});
