import t from 'tap';
import { scenario } from './cli-verdicts-scenario.ts';
import { forEachDatabase } from '../../helpers/targets.ts';

t.test('check: verdicts 1-4 provoked for real through the CLI, exit codes 0/1', (t) =>
  forEachDatabase(t, ['mariadb'], scenario, { migrate: false }),
);
