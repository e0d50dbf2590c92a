import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSettings } from '../src/adapters/db/connection/connect.ts';
import { createMariadbDatabase } from '../test/helpers/mariadb.ts';
import { hostCheck } from './host-check.ts';

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/**
 * Runs `bench` on a throwaway SQLite file and a throwaway MariaDB database (`only` narrows to one),
 * between two host checks: prints `header` (a Markdown table head), each row `bench` returns, then
 * `plans` (filled by `--explain` runs), and drops both databases afterwards.
 */
export async function onEachDatabase(
  name: string,
  only: string | undefined,
  header: string,
  bench: (settings: DatabaseSettings) => Promise<readonly string[]>,
  plans: readonly string[] = [],
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `tf-bench-${name}-`));
  const maria = only === 'sqlite' ? null : await createMariadbDatabase(`tf_bench_${name}`);
  try {
    console.log(`host check before: ${await hostCheck()}; load average ${load()}`);
    console.log(header);
    const targets: DatabaseSettings[] = [
      ...(only === 'mariadb' ? [] : [{ dialect: 'sqlite', path: join(dir, 'bench.db') } as const]),
      ...(maria ? [maria.settings] : []),
    ];
    for (const settings of targets) for (const row of await bench(settings)) console.log(row);
    if (plans.length > 0) console.log(`\n${plans.join('\n')}`);
    console.log(`\nhost check after: ${await hostCheck()}; load average ${load()}`);
  } finally {
    await maria?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
