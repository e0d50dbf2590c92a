import t from 'tap';
import { scenario } from './cli-migrate-scenario.ts';
import { onDialect } from './schema-test-kit.ts';

t.test('upgrade/downgrade --sql, stamp, history, failures and the lock, through the CLI', (t) => onDialect(t, 'mariadb', scenario));
