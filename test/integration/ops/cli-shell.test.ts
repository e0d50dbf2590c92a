import t from 'tap';
import { CliError, UsageError } from '../../../ops/cli/cli-errors.ts';
import { EXIT } from '../../../ops/cli/exit-codes.ts';
import { isProcessAlive } from '../../../ops/cli/process-alive.ts';
import { runCommand, type CliCommand } from '../../../ops/cli/run-cli.ts';
import { runTs } from '../../helpers/processes.ts';

const capture = () => {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, output: { out: (l: string) => lines.out.push(l), err: (l: string) => lines.err.push(l) } };
};
const command = (run: CliCommand['run']): CliCommand => ({ name: 'demo', usage: 'usage: demo [--n N]', run });

t.test('the shell maps each kind of error to the one exit-code table', async (t) => {
  const cases: [CliCommand['run'], number, RegExp][] = [
    [
      async (ctx) => (ctx.parse({ options: { n: { type: 'string' } } }), EXIT.OK),
      EXIT.USAGE,
      /Unknown option '--bogus'[^]*usage: demo/,
    ],
    [async () => Promise.reject(new UsageError('bad')), EXIT.USAGE, /^bad\nusage: demo/],
    [async (ctx) => (ctx.config({ APP_ENV: 'nonsense' }), EXIT.OK), EXIT.USAGE, /APP_ENV/],
    [async () => Promise.reject(new CliError(EXIT.DECLINED, 'refused')), EXIT.DECLINED, /^refused$/],
    [async () => Promise.reject(new Error('boom')), EXIT.FAILED, /^demo failed: boom$/],
  ];
  for (const [run, code, stderr] of cases) {
    const { lines, output } = capture();
    t.equal(await runCommand(command(run), ['--bogus'], output), code);
    t.match(lines.err.join('\n'), stderr);
  }
});

t.test('a process that exists is alive, even when signalling it is not permitted', async (t) => {
  t.ok(isProcessAlive(process.pid));
  t.ok(isProcessAlive(1), 'pid 1 exists (EPERM for an unprivileged user)');
  t.notOk(isProcessAlive(2 ** 22 + 12345), 'no such process');
});

t.test('deploy refuses a bad number in one line with the usage exit code, before doing anything', async (t) => {
  for (const [flag, value] of [
    ['--min-free-mb', 'lots'],
    ['--health-wait-ms', 'soon'],
    ['--health-wait-ms', '0'],
  ] as const) {
    const r = await runTs('ops/deploy.ts', ['--env', 'staging', '--root', '/nonexistent-root', flag, value], {});
    t.equal(r.code, 2, r.stderr);
    t.match(r.stderr, new RegExp(`^${flag} must be a whole number[^\\n]*\\n$`), 'one line');
    t.notMatch(r.stdout, /Deploying/);
  }
});
