import { resolve } from 'node:path';
import { MIGRATIONS_FOLDER } from '../../src/app/composition/operator-kit.ts';
import { wholeNumber } from '../cli/cli-errors.ts';
import type { CliContext } from '../cli/run-cli.ts';

/** Parsed command line of `npm run db`. */
export interface DbArgs {
  readonly command: string | undefined;
  readonly positionals: readonly string[];
  readonly sql: boolean;
  readonly json: boolean;
  readonly message: string | undefined;
  readonly autogenerate: boolean;
  readonly allowDestructive: boolean;
  readonly lockTimeoutSeconds: number;
  readonly migrationsDir: string;
  readonly schemaModule: string | undefined;
}

/**
 * Parses `npm run db` arguments through the shell; `downgrade -1`: a negative number is a positional, not an option.
 */
export function parseDbArgs(ctx: CliContext): DbArgs {
  const negative = (a: string) => /^-\d+$/.test(a);
  const parsed = ctx.parse({
    args: ctx.argv.filter((a) => !negative(a)),
    allowPositionals: true,
    options: {
      sql: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      message: { type: 'string', short: 'm' },
      autogenerate: { type: 'boolean', default: false },
      'allow-destructive': { type: 'boolean', default: false },
      'lock-timeout': { type: 'string', default: '30' },
      'migrations-dir': { type: 'string' },
      'schema-module': { type: 'string' },
    },
  });
  const [command, ...positionals] = [...parsed.positionals, ...ctx.argv.filter(negative)];
  const v = parsed.values;
  return {
    command,
    positionals,
    sql: v.sql,
    json: v.json,
    message: v.message,
    autogenerate: v.autogenerate,
    allowDestructive: v['allow-destructive'],
    lockTimeoutSeconds: wholeNumber('lock-timeout', v['lock-timeout']),
    migrationsDir: v['migrations-dir'] ? resolve(v['migrations-dir']) : MIGRATIONS_FOLDER,
    schemaModule: v['schema-module'],
  };
}
