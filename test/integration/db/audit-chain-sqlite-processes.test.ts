import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { connectDatabase } from '../../../src/adapters/db/connection/connect.ts';
import { migrateToLatest } from '../../../src/adapters/db/migrator/migrations.ts';
import { KyselyAuditChainReader } from '../../../src/adapters/db/repositories/kysely-audit-chain-reader.ts';
import { AuditChainCheck } from '../../../src/domain/audit-chain-check.ts';
import { hasher } from '../../builders/audit-chain.ts';
import { runTs } from '../../helpers/processes.ts';

// Two processes (two app instances) appending to one SQLite file at once: the write lock the
// chain-head update takes serialises them, and the chain holds every event once.

t.test('two processes appending 200 events each to one SQLite file leave one chain that verifies', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-audit-sqlite-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'test.db');
  const handle = connectDatabase({ dialect: 'sqlite', path });
  t.teardown(() => handle.close());
  await migrateToLatest(handle.db);
  const barrier = join(dir, 'barrier');
  mkdirSync(barrier);
  const [a, b] = await Promise.all(
    ['one', 'two'].map((actor) =>
      runTs(
        'test/fixtures/audit/append-audit-events.ts',
        [path, actor, '200', barrier, '2'],
        {},
        { timeoutMs: 120_000 },
      ),
    ),
  );
  const [one, two] = [a, b].map((r) => (r?.stdout.trim() ?? '').split(' ').map(Number));
  t.same([a?.code, b?.code, one?.[0], two?.[0]], [0, 0, 200, 200], `${a?.stderr}${b?.stderr}`);
  const report = await new AuditChainCheck({
    chain: new KyselyAuditChainReader(handle.db),
    hasher,
    pageSize: 13,
  }).verify();
  t.same(report, { checked: 400, broken: null });
  // SQLite's busy handler may let one writer take the lock again and again, so how often they took
  // turns is chance; what the test needs is that both were appending at the same time.
  const [, began1 = 0, ended1 = 0] = one ?? [];
  const [, began2 = 0, ended2 = 0] = two ?? [];
  t.ok(
    Math.max(began1, began2) < Math.min(ended1, ended2),
    `both writers were appending at once (${began1}–${ended1} and ${began2}–${ended2})`,
  );
});
