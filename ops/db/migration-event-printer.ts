import type { MigrationEvent } from '../../src/app/composition/operator-kit.ts';
import type { Output } from '../cli/output.ts';

const short = (sql: string, max = 160) => (sql.length > max ? `${sql.slice(0, max - 1)}…` : sql);

/** Prints migration events: steps as they run, or (preview) the SQL itself. */
export function eventPrinter(o: Output, preview: boolean): (e: MigrationEvent) => void {
  return (e) => {
    if (preview) {
      if (e.type === 'start') o.out(`\n-- ${e.name} (${e.direction})`);
      if (e.type === 'step') o.out(`${e.sql};`);
      if (e.type === 'failed') o.err(`-- preview stopped: ${e.name} failed at step ${e.stepIndex}: ${e.error}`);
      return;
    }
    switch (e.type) {
      case 'start':
        o.out(`→ ${e.direction === 'up' ? 'applying' : 'reverting'} ${e.name}`);
        break;
      case 'skipped':
        o.out(
          `  - ${e.name} skipped: another run ${e.direction === 'up' ? 'applied' : 'reverted'} it while this one waited for the lock`,
        );
        break;
      case 'step':
        o.out(`    ${e.index}. ${short(e.sql)}`);
        break;
      case 'done':
        o.out(
          `  ✓ ${e.name} ${e.direction === 'up' ? 'applied' : 'reverted'} (${e.steps} step${e.steps === 1 ? '' : 's'})`,
        );
        break;
      case 'failed':
        o.err(`  ✗ ${e.name} FAILED at step ${e.stepIndex}: ${e.error}`);
        if (e.sql) o.err(`    failing statement: ${short(e.sql, 400)}`);
        if (e.rolledBack)
          o.err('    rolled back (SQLite): none of its steps took effect; it is not recorded as applied');
        else if (e.tookEffect.length) {
          o.err(
            `    MariaDB commits DDL at once: these ${e.tookEffect.length} earlier step(s) of it TOOK EFFECT and stayed:`,
          );
          e.tookEffect.forEach((s, i) => o.err(`      ${i + 1}. ${short(s, 400)}`));
          o.err(
            '    it is NOT recorded as applied: undo those steps by hand (or restore the backup), fix the migration, rerun',
          );
        } else o.err('    no step of it took effect; it is not recorded as applied');
        break;
    }
  };
}
