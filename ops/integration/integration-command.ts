import { recordGate } from '../deploy/gate.ts';
import { UsageError } from '../cli/cli-errors.ts';
import { EXIT } from '../cli/exit-codes.ts';
import type { CliCommand } from '../cli/run-cli.ts';
import { runChecks, type CheckOptions } from './checks.ts';

/**
 * `npm run test:integration -- --base-url <url> [--env <expected APP_ENV>] [--record-pass <gate> --commit <sha>]`:
 * checks a running environment from the outside, like the old staging checks. Prints ✅/❌ per
 * check; exit 1 on any ❌. With --commit, the instance must run that commit. With --record-pass, a
 * full pass (page checks included) is recorded for the production gate. The page checks sign in
 * with INTEGRATION_ADMIN_USER / INTEGRATION_ADMIN_PASSWORD when set (required with --record-pass).
 */
export const integrationCommand: CliCommand = {
  name: 'integration checks',
  usage:
    'usage: npm run test:integration -- --base-url <http(s)://host:port> [--env <staging|production|...>] [--record-pass <gate folder> --commit <sha>]',
  async run(ctx) {
    const { values } = ctx.parse({
      options: {
        'base-url': { type: 'string' },
        env: { type: 'string' },
        'record-pass': { type: 'string' },
        commit: { type: 'string' },
      },
    });
    const baseUrl = values['base-url']?.replace(/\/+$/, '');
    if (!baseUrl || !/^https?:\/\//.test(baseUrl)) throw new UsageError('--base-url must be an http(s) URL');
    if (values['record-pass'] && !/^[0-9a-f]{40}$/.test(values.commit ?? ''))
      throw new UsageError('--record-pass needs --commit <full 40-character commit id>');
    if (values['record-pass'] && !process.env.INTEGRATION_ADMIN_USER)
      throw new UsageError(
        '--record-pass needs the page checks: set INTEGRATION_ADMIN_USER and INTEGRATION_ADMIN_PASSWORD (an administrator)',
      );
    const options: CheckOptions = {
      baseUrl,
      expectedEnv: values.env ?? null,
      // A pass is recorded only for the commit the instance really runs.
      expectedCommit: values.commit ?? null,
      // An operator tool, not the app: the secret comes from the pipeline's environment, never argv.
      traineeQuery: process.env.INTEGRATION_TRAINEE ?? null,
      admin: process.env.INTEGRATION_ADMIN_USER
        ? { username: process.env.INTEGRATION_ADMIN_USER, password: process.env.INTEGRATION_ADMIN_PASSWORD ?? '' }
        : null,
    };
    const o = ctx.out;
    o.out(`Integration checks against ${baseUrl}`);
    const results = await runChecks(options);
    for (const r of results)
      o.out(`${r.skipped ? '⏭️ ' : r.ok ? '✅' : '❌'} ${r.name}${r.detail ? `: ${r.detail}` : ''}`);
    const run = results.filter((r) => !r.skipped);
    const failed = run.filter((r) => !r.ok).length;
    o.out(failed === 0 ? `All ${run.length} checks passed.` : `${failed} of ${run.length} checks FAILED.`);
    if (failed === 0 && values['record-pass'] && values.commit) {
      recordGate(values['record-pass'], values.commit, 'integrationPassedAt', new Date());
      o.out(`Recorded: ${values.commit.slice(0, 12)} passed the integration tests (production gate).`);
    }
    return failed === 0 ? EXIT.OK : EXIT.FAILED;
  },
};
