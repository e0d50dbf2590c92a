import t from 'tap';
import { scenario } from './cli-migrate-scenario.ts';
import { forEachDatabase } from '../../helpers/targets.ts';

t.test('upgrade/downgrade --sql, stamp, history, failures and the lock, through the CLI', (t) =>
  forEachDatabase(t, ['mariadb'], scenario, { migrate: false }),
);
