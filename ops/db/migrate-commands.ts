import {
  planDowngrade,
  planStamp,
  planUpgrade,
  describeCluster,
  type OperatorDatabase,
} from '../../src/app/composition/operator-kit.ts';
import { UsageError } from '../cli/cli-errors.ts';
import type { Output } from '../cli/output.ts';
import type { DbArgs } from './db-args.ts';
import { eventPrinter } from './migration-event-printer.ts';

/** upgrade / downgrade: plan, then run with per-step output (or print the SQL with --sql). */
export async function migrate(
  database: OperatorDatabase,
  args: DbArgs,
  o: Output,
  direction: 'up' | 'down',
): Promise<number> {
  const target = args.positionals[0] ?? (direction === 'up' ? 'head' : undefined);
  if (!target) throw new UsageError('downgrade needs a target: -N, a migration name, or base');
  const status = await database.status(args.migrationsDir);
  const plan = direction === 'up' ? planUpgrade(status, target) : planDowngrade(status, target);
  if (plan.length === 0) {
    o.out(
      direction === 'up'
        ? `already at ${target === 'head' ? 'head' : target}: nothing to apply (current: ${status.current ?? 'none'})`
        : 'nothing to revert',
    );
    return 0;
  }
  if (args.sql)
    o.out(
      `-- preview (--sql): nothing is changed. ${plan.length} migration(s) ${direction === 'up' ? 'to apply' : 'to revert'}, in order`,
    );
  else
    o.out(
      `${direction === 'up' ? 'upgrading' : 'downgrading'}: ${plan.length} migration(s) to ${direction === 'up' ? 'apply' : 'revert'}`,
    );
  const done = await database.migrate(plan, direction, {
    dryRun: args.sql,
    lockTimeoutSeconds: args.lockTimeoutSeconds,
    onEvent: eventPrinter(o, args.sql),
  });
  if (args.sql) {
    o.out('\n-- end of preview: the database was not changed');
    return 0;
  }
  const after = await database.status(args.migrationsDir);
  o.out(
    `${direction === 'up' ? 'upgraded' : 'downgraded'}: ${done.length} migration(s) ${direction === 'up' ? 'applied' : 'reverted'}; current: ${after.current ?? '(none: base)'}`,
  );
  return 0;
}

export async function stamp(database: OperatorDatabase, args: DbArgs, o: Output): Promise<number> {
  const target = args.positionals[0];
  if (!target) throw new UsageError('stamp needs a target: a migration name or head');
  const { record, forget } = planStamp(await database.status(args.migrationsDir), target);
  for (const f of forget) o.out(`  forgetting ${f.name} (not reverted)`);
  for (const r of record) o.out(`  recording ${r.name} as applied (not run), checksum ${r.checksum.slice(0, 12)}`);
  await database.stamp(forget, 'down', { lockTimeoutSeconds: args.lockTimeoutSeconds });
  await database.stamp(record, 'up', { lockTimeoutSeconds: args.lockTimeoutSeconds });
  const after = await database.status(args.migrationsDir);
  o.out(`stamped: current is now ${after.current ?? '(none)'}; nothing was run`);
  return 0;
}

export async function current(database: OperatorDatabase, args: DbArgs, o: Output): Promise<number> {
  const s = await database.status(args.migrationsDir);
  o.out(`current: ${s.current ?? '(none: empty database)'}`);
  const cluster = await database.clusterStatus();
  if (cluster) o.out(`cluster: ${describeCluster(cluster)}`);
  o.out(`head:    ${s.head ?? '(no migrations)'}`);
  if (s.unknown.length)
    o.out(
      `unknown: ${s.unknown.length} applied migration(s) not in the code: ${s.unknown.map((u) => u.name).join(', ')}`,
    );
  o.out(
    s.pending.length === 0 && s.unknown.length === 0
      ? 'up to date (current is head)'
      : s.pending.length
        ? `${s.pending.length} pending: ${s.pending.map((p) => p.name).join(', ')}`
        : 'not at head',
  );
  return 0;
}

export async function history(database: OperatorDatabase, args: DbArgs, o: Output): Promise<number> {
  const s = await database.status(args.migrationsDir);
  const applied = new Map(s.applied.map((a) => [a.name, a]));
  const rows = [...s.files.map((f) => f.name), ...s.unknown.map((u) => u.name)].sort();
  if (rows.length === 0) o.out('no migrations');
  for (const name of rows) {
    const a = applied.get(name);
    const f = s.files.find((x) => x.name === name);
    const mark = !f
      ? 'unknown '
      : !a
        ? 'pending '
        : a.checksum && a.algorithm === f.algorithm && a.checksum !== f.checksum
          ? 'changed '
          : 'applied ';
    o.out(
      `  [${mark}] ${name}${a ? `  (applied ${a.appliedAt})` : ''}${name === s.current ? '  <- current' : ''}${name === s.head ? '  (head)' : ''}`,
    );
  }
  return 0;
}
