import { CliError, UsageError, wholeNumber } from '../cli/cli-errors.ts';
import { EXIT } from '../cli/exit-codes.ts';
import type { CliCommand } from '../cli/run-cli.ts';

/**
 * Exit 1, not the table's 2, for a bad number and for refusing production: the one documented
 * exception in ops/cli/exit-codes.ts (the seed test asserts it).
 */
const refuse = (error: unknown): never => {
  throw new CliError(EXIT.FAILED, error instanceof Error ? error.message : String(error));
};

/**
 * `npm run seed -- --forms N --employees M [--random-seed S] [--quiet]`: fills the configured (non-production)
 * database, showing the rows inserted as it goes (none with --quiet).
 */
export const seedCommand: CliCommand = {
  name: 'seed',
  usage: 'usage: npm run seed -- [--forms N] [--employees M] [--random-seed S] [--quiet]',
  async run(ctx) {
    const { values } = ctx.parse({
      options: {
        forms: { type: 'string', default: '200' },
        employees: { type: 'string', default: '100' },
        'random-seed': { type: 'string', default: '1' },
        quiet: { type: 'boolean', default: false },
      },
    });
    let counts;
    try {
      counts = {
        forms: wholeNumber('forms', values.forms),
        employees: wholeNumber('employees', values.employees),
        randomSeed: wholeNumber('random-seed', values['random-seed']),
      };
      if (counts.forms > 0 && counts.employees === 0)
        throw new UsageError('forms need trainees: give --employees of at least 1');
    } catch (error) {
      return refuse(error);
    }
    const tools = ctx.tools();
    if (tools.config.appEnv === 'production') return refuse(new Error('refusing to seed a production database'));
    const started = performance.now();
    const progress = ctx.progress(values.quiet);
    const result = await tools.seed({ ...counts, now: new Date(), onProgress: progress.report });
    progress.finish();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    ctx.out.out(
      `seeded ${result.employees} employees, ${result.forms} forms, ${result.trainees} trainee links into ${tools.config.database.dialect} in ${seconds} s`,
    );
    return EXIT.OK;
  },
};
