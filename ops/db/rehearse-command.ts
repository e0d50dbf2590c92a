import {
  composeOperatorTools,
  describeTarget,
  formatCheckReport,
  planUpgrade,
  type OperatorTools,
} from '../../src/app/composition/operator-kit.ts';
import type { Output } from '../cli/output.ts';
import { buildCheckReport } from './check-command.ts';
import type { DbArgs } from './db-args.ts';
import { eventPrinter } from './migration-event-printer.ts';

/**
 * `rehearse [--json]`: what `check` will say once `upgrade head` has run, found without changing
 * the database. The structure and migration bookkeeping of the database (no rows) are copied into
 * a scratch database, the pending migrations are applied there, the copy is checked against the
 * declaration, and the copy is dropped. Exit 0 when that check is clean, 1 when a migration fails
 * on the copy or the check finds a mismatch, 2 when it cannot run (the caller's error handling).
 * The deploy runs it before it touches anything (docs/deployment.md).
 */
export async function rehearse(tools: OperatorTools, args: DbArgs, o: Output): Promise<number> {
  const live = await tools.openDatabase({ mustExist: true });
  let copy;
  try {
    copy = await live.scratchCopy();
  } finally {
    await live.close();
  }
  const onCopy = composeOperatorTools({ ...tools.config, database: copy.settings });
  const say = (line: string) => (args.json ? o.err(line) : o.out(line));
  try {
    say(`rehearsal: the structure of ${tools.target} copied without rows to ${describeTarget(copy.settings)}`);
    const database = await onCopy.openDatabase({ mustExist: false });
    let applied: string[];
    try {
      const plan = planUpgrade(await database.status(args.migrationsDir), 'head');
      say(
        plan.length
          ? `rehearsal: applying ${plan.length} pending migration(s) to the copy`
          : 'rehearsal: no pending migrations',
      );
      applied = await database.migrate(plan, 'up', {
        lockTimeoutSeconds: args.lockTimeoutSeconds,
        onEvent: eventPrinter({ out: say, err: o.err }, false),
      });
    } finally {
      await database.close();
    }
    const report = await buildCheckReport(onCopy, args);
    if (args.json) o.out(JSON.stringify({ ...report, rehearsal: { source: tools.target, applied } }, null, 2));
    else for (const line of formatCheckReport(report)) o.out(line);
    say(
      report.ok
        ? `rehearsal: ✅ after ${applied.length} migration(s) the database will match this release's declared schema; the database itself was not changed`
        : "rehearsal: ❌ after upgrade head the database would NOT match this release's declared schema; the database itself was not changed",
    );
    return report.ok ? 0 : 1;
  } finally {
    await copy.drop();
  }
}
